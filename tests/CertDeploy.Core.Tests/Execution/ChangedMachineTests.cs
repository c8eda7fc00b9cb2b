using System;
using System.IO;
using System.Linq;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Ports;
using CertDeploy.Core.Tests.Doubles;
using CertDeploy.Core.Tests.Installer;
using Xunit;
using static CertDeploy.Core.Tests.Installer.CosDocServer;

namespace CertDeploy.Core.Tests.Execution;

/// <summary>Whole runs where the machine differs between Prepare and the deferred actions.</summary>
public class ChangedMachineTests
{
    private static readonly string NewSigning = NewSet.Signing.Thumbprint;
    private static readonly string NewEncryption = NewSet.Encryption.Thumbprint;

    [Fact]
    public void Prepare_TargetsDependOnEachOtherInACircle_RefusedNamingTheCircle()
    {
        using var server = new CosDocServer();
        server.Services["KPRService1"].DependsOn.Add("KPRService2");
        server.Services["KPRService2"].DependsOn.Add("DigiHelseMottak");
        server.Services["DigiHelseMottak"].DependsOn.Add("KPRService1");
        var before = server.Fingerprint();

        var error = Assert.Throws<CertDeployException>(() => server.Deployment().Prepare(NewSelection()));

        Assert.Contains(error.Findings, f => f.Code == "ServiceDependencyCycle" && f.Message
            == "The services DigiHelseMottak -> KPRService1 -> KPRService2 -> DigiHelseMottak depend on each "
            + "other in a circle, so Windows cannot start them in any order and CertDeploy cannot restart "
            + "them. Correct their dependencies (the \"Dependencies\" tab in services.msc shows them; sc.exe "
            + "config NAME depend= changes them), or leave one of them out of CERTDEPLOY_SERVICES.");
        Assert.Single(error.Findings, f => f.Code == "ServiceDependencyCycle");
        Assert.Equal(before, server.Fingerprint());
    }

    [Fact]
    public void Prepare_NoTargetNeedsAGrant_PlanStillCarriesBothKeyFiles()
    {
        using var server = new CosDocServer();
        foreach (var name in new[] { "KPRService1", "KPRService2", "DigiHelseMottak" })
        {
            server.Services[name].ObjectName = "LocalSystem";
        }

        var plan = server.Deployment().Prepare(NewSelection()).Plan;

        Assert.Empty(plan.KeyGrants);
        Assert.Equal(new[] { server.KeyFile(NewSet.Signing), server.KeyFile(NewSet.Encryption) },
            plan.KeyFiles.Select(k => k.Path));
        Assert.Equal(new[] { NewSigning, NewEncryption }, plan.KeyFiles.Select(k => k.Thumbprint));
    }

    [Fact]
    public void Grant_TargetWithoutPlannedGrantNowNeedsOne_GrantsAndWarns()
    {
        using var server = new CosDocServer();
        var plan = server.Deployment().Prepare(NewSelection()).PlanData;
        server.Services["CosDocAuthServer"].ObjectName = @"NT SERVICE\CosDocAuthServer";
        var sid = Core.Targets.ServiceAccounts.Resolve("CosDocAuthServer", @"NT SERVICE\CosDocAuthServer",
            server.Accounts).Sid;

        server.Deployment().Grant(plan);

        Assert.Contains(@"Service CosDocAuthServer now runs as NT SERVICE\CosDocAuthServer (" + sid + "); when "
            + "the changes were planned it ran as an account that can read machine keys without a grant. "
            + "Access is granted to the account it runs as now.", server.Log.At(LogLevel.Warning));
        Assert.True(FakeKeyAccess.Allows(server.Keys.Descriptors[server.KeyFile(NewSet.Encryption)], sid));
    }

    [Fact]
    public void Restart_ChainOfDependentsOnAChangedService_StopsOutsideInStartsInsideOut()
    {
        using var server = new CosDocServer();
        foreach (var name in new[] { "KPRService1", "KPRService2", "DigiHelseMottak" })
        {
            server.Services[name].ObjectName = "LocalSystem";
        }

        // Only KPRService1 changes; KPRService2 needs it and DigiHelseMottak needs KPRService2.
        server.Services["KPRService2"].DependsOn.Add("KPRService1");
        server.Services["DigiHelseMottak"].DependsOn.Add("KPRService2");
        File.WriteAllText(server.AppSettings("KPRService2"), Json(NewSigning, NewEncryption));
        File.WriteAllText(server.AppSettings("DigiHelseMottak"), Json(NewSigning, NewEncryption));
        var plan = server.Deployment().Prepare(NewSelection()).PlanData;

        var result = server.RunScript(plan);

        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Equal(new[]
        {
            "Stop DigiHelseMottak", "Stop KPRService2", "Stop KPRService1",
            "Start KPRService1", "Start KPRService2", "Start DigiHelseMottak",
        }, server.Services.History);
        Assert.Contains("Service KPRService2 depends on service KPRService1, which is restarted: it is stopped "
            + "before and started after it.", server.Log.At(LogLevel.Information));
    }

    [Fact]
    public void Restart_StoppedDependentOfAChangedService_IsLeftStopped()
    {
        using var server = new CosDocServer();
        server.Services["KPRService2"].DependsOn.Add("KPRService1");
        server.Services["KPRService2"].State = ServiceState.Stopped;
        File.WriteAllText(server.AppSettings("KPRService2"), Json(NewSigning, NewEncryption));
        var plan = server.Deployment().Prepare(NewSelection()).PlanData;

        var result = server.RunScript(plan);

        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.DoesNotContain("Start KPRService2", server.Services.History);
        Assert.Equal(ServiceState.Stopped, server.Services["KPRService2"].State);
    }

    [Theory]
    // paused: holds the old certificates in memory and resumes with them
    [InlineData(ServiceState.Paused, "it keeps the OLD certificates in memory and goes on with them when it is "
        + "continued")]
    // starting: may have read the files before Write
    [InlineData(ServiceState.StartPending, "it may have read the OLD certificates before they were changed")]
    // stopping: a stop that hangs leaves it on the old certificates
    [InlineData(ServiceState.StopPending, "if it does not stop, it keeps running with the OLD certificates")]
    public void Restart_ServiceNeitherRunningNorStopped_WarnsItKeepsTheOldCertificates(ServiceState state,
        string why)
    {
        using var server = new CosDocServer();
        var plan = server.Deployment().Prepare(NewSelection()).PlanData;
        server.Services["KPRService1"].State = state;

        var result = server.RunScript(plan);

        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Contains($"Service KPRService1 is {state} and was not restarted: {why}. Restart it (stop, then "
            + "start) in services.msc so that it uses the new certificates.", server.Log.At(LogLevel.Warning));
        Assert.DoesNotContain("Stop KPRService1", server.Services.History);
    }

    [Fact]
    public void WholeRun_UpgradeAddsEnvironmentFileToACurrentService_WritesItAndRestartsTheService()
    {
        using var server = new CosDocServer();
        File.WriteAllText(server.AppSettings("KPRService1"), Json(NewSigning, NewEncryption));
        var plan = server.Deployment().Prepare(NewSelection()).PlanData;
        var production = Path.Combine(server.Folders["KPRService1"], "appsettings.Production.json");
        File.WriteAllText(production, Json("", ""));

        var result = server.RunScript(plan);

        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Equal(Json(NewSigning, NewEncryption), File.ReadAllText(production));
        Assert.Contains("Stop KPRService1", server.Services.History);
        Assert.Contains($"{production} of service KPRService1 was added after the changes were planned (by the "
            + "upgrade) and holds CertSettings; it gets the new thumbprints too.", server.Log.At(LogLevel.Warning));
    }

    [Fact]
    public void WholeRun_UpgradeAddsEnvironmentFileThenARestartFails_RollbackRestoresTheAddedFile()
    {
        using var server = new CosDocServer();
        var plan = server.Deployment().Prepare(NewSelection()).PlanData;
        var production = Path.Combine(server.Folders["KPRService1"], "appsettings.Production.json");
        File.WriteAllText(production, Json("", ""));
        var shipped = File.ReadAllBytes(production);
        server.Services["DigiHelseMottak"].FailsToStart = _ => true;

        var result = server.RunScript(plan);

        Assert.False(result.Succeeded);
        Assert.Equal(shipped, File.ReadAllBytes(production));
        Assert.Equal(ServiceState.Running, server.Services["KPRService1"].State);
    }

    [Fact]
    public void Write_UpgradeAddsAnEnvironmentFileThatIsNotJson_FailsNamingIt()
    {
        using var server = new CosDocServer();
        var plan = server.Deployment().Prepare(NewSelection()).PlanData;
        var production = Path.Combine(server.Folders["KPRService1"], "appsettings.Production.json");
        File.WriteAllText(production, "{ \"CertSettings\": ");

        var result = server.RunScript(plan);

        Assert.False(result.Succeeded);
        Assert.Contains(production, result.Failure?.Message, StringComparison.Ordinal);
        Assert.Equal("{ \"CertSettings\": ", File.ReadAllText(production));
    }
}
