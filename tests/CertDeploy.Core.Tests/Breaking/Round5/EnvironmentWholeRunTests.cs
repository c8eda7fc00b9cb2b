using System.IO;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Tests.Installer;
using Xunit;
using static CertDeploy.Core.Tests.Installer.CosDocServer;

namespace CertDeploy.Core.Tests.Breaking.Round5;

/// <summary>
/// A whole run on a CosDoc-like machine where the service's environment name is set in a way
/// that .NET resolves differently from CertDeploy: the file the service really reads must get
/// the new thumbprints, or the run must stop before it changes anything.
/// </summary>
public class EnvironmentWholeRunTests
{
    private static readonly string NewSigning = NewSet.Signing.Thumbprint;
    private static readonly string NewEncryption = NewSet.Encryption.Thumbprint;
    private static readonly string OldSigning = OldSet.Signing.Thumbprint;
    private static readonly string OldEncryption = OldSet.Encryption.Thumbprint;

    [Fact]
    public void WholeRun_WorkerServiceWithOnlyAspNetCoreEnvironment_ProductionFileItReadsGetsNewThumbprints()
    {
        using var server = new CosDocServer();
        var folder = server.Folders["KPRService1"];
        server.Services["KPRService1"].Environment.Add("ASPNETCORE_ENVIRONMENT=Staging");
        var staging = Path.Combine(folder, "appsettings.Staging.json");
        var production = Path.Combine(folder, "appsettings.Production.json");
        File.WriteAllText(staging, Json(OldSigning, OldEncryption));
        File.WriteAllText(production, Json(OldSigning, OldEncryption));

        // A KPR worker service (no ASP.NET Core) ignores ASPNETCORE_ENVIRONMENT and runs as
        // Production: appsettings.Production.json is the layer that wins for it.
        AssertFileUpdatedOrRunStopped(server, production);
    }

    [Fact]
    public void WholeRun_DotNetEnvironmentDiffersFromAspNetCore_FileOfDotNetEnvironmentGetsNewThumbprints()
    {
        using var server = new CosDocServer();
        var folder = server.Folders["KPRService1"];
        server.Services["KPRService1"].Environment.Add("ASPNETCORE_ENVIRONMENT=Staging");
        server.Services["KPRService1"].Environment.Add("DOTNET_ENVIRONMENT=Test");
        File.WriteAllText(Path.Combine(folder, "appsettings.Staging.json"), Json(OldSigning, OldEncryption));
        var test = Path.Combine(folder, "appsettings.Test.json");
        File.WriteAllText(test, Json(OldSigning, OldEncryption));

        // Both a worker service and WebApplication.CreateBuilder (.NET 7 and later) run as Test.
        AssertFileUpdatedOrRunStopped(server, test);
    }

    private static void AssertFileUpdatedOrRunStopped(CosDocServer server, string fileTheServiceReads)
    {
        var before = server.Fingerprint();
        string planData;
        try
        {
            planData = server.Deployment().Prepare(NewSelection()).PlanData;
        }
        catch (CertDeployException stopped)
        {
            // Stopping is acceptable when nothing changed and the file is named.
            Assert.Equal(before, server.Fingerprint());
            Assert.Contains(Path.GetFileName(fileTheServiceReads), stopped.Message,
                System.StringComparison.OrdinalIgnoreCase);
            return;
        }

        var run = server.RunScript(planData);

        Assert.True(run.Succeeded, run.Failure?.ToString());
        Assert.Equal(Json(NewSigning, NewEncryption), File.ReadAllText(fileTheServiceReads));
    }
}
