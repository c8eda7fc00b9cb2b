using System;
using System.IO;
using System.Linq;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Installer;
using CertDeploy.Core.Planning;
using CertDeploy.Core.Ports;
using CertDeploy.Core.Targets;
using CertDeploy.Core.Tests.Doubles;
using CertDeploy.Core.Tests.Installer;
using Xunit;
using static CertDeploy.Core.Tests.Installer.CosDocServer;

namespace CertDeploy.Core.Tests.Iis;

/// <summary>The installer facade on a CosDoc server whose authentication service runs in IIS.</summary>
public class IisDeploymentTests
{
    private const string Pool = "KjernejournalPool";

    private const string ApplicationHost = """
        <?xml version="1.0" encoding="UTF-8"?>
        <configuration>
            <system.applicationHost>
                <applicationPools>
                    <add name="DefaultAppPool" />
                    <add name="KjernejournalPool" managedRuntimeVersion="" />
                </applicationPools>
                <sites>
                    <site name="Default Web Site" id="1">
                        <application path="/">
                            <virtualDirectory path="/" physicalPath="%SystemDrive%\inetpub\wwwroot" />
                        </application>
                        <application path="/Authentication" applicationPool="KjernejournalPool">
                            <virtualDirectory path="/" physicalPath="%SystemDrive%\inetpub\Authentication" />
                        </application>
                    </site>
                    <applicationDefaults applicationPool="DefaultAppPool" />
                </sites>
            </system.applicationHost>
        </configuration>
        """;

    [Fact]
    public void PrepareAndRun_AuthenticationInIis_PlannedGrantedAndRecycledBesideTheServices()
    {
        using var server = new CosDocServer();
        var appSettings = AddIis(server, ApplicationHost);

        var prepared = server.Deployment().Prepare(NewSelection());
        var result = server.RunScript(prepared.PlanData);

        var plan = prepared.Plan;
        var owner = TargetNames.ApplicationPool(Pool);
        Assert.Contains(plan.FileChanges, f => f.Path == appSettings && f.Owner == owner);
        Assert.Equal(2, plan.KeyGrants.Count(g => g.ServiceName == owner && g.Sid == ServiceAccounts.AppPoolSid(Pool)));
        Assert.Single(plan.Restarts, r => r.Kind == RestartKind.ApplicationPool && r.PoolName == Pool);
        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Equal(Json(NewSet.Signing.Thumbprint, NewSet.Encryption.Thumbprint), File.ReadAllText(appSettings));
        Assert.Equal(new[] { $"Recycle {Pool}" }, server.Pools.History);
    }

    [Fact]
    public void Prepare_OnlyIisMatches_NoServiceIsNoError()
    {
        using var server = new CosDocServer();
        AddIis(server, ApplicationHost);

        var prepared = server.Deployment().Prepare(NewSelection(
            (PropertyNames.ServicePatterns, "NoSuchService"), (PropertyNames.IisApplications, "Authentication")));

        Assert.Equal(new[] { TargetNames.ApplicationPool(Pool) }, prepared.Plan.Restarts.Select(r => r.ServiceName));
        Assert.DoesNotContain(prepared.Findings, f => f.Code == "NoTargetServices");
    }

    [Fact]
    public void Prepare_MalformedApplicationHost_FailsWithLineAndColumnAndChangesNothing()
    {
        using var server = new CosDocServer();
        AddIis(server, ApplicationHost.Replace("</sites>", "</site>", StringComparison.Ordinal));
        var before = server.Fingerprint();

        var error = Assert.Throws<CertDeployException>(() => server.Deployment().Prepare(NewSelection()));

        var finding = Assert.Single(error.Findings, f => f.Code == "IisConfigMalformed");
        var config = Path.Combine(server.Root, "Windows", "System32", "inetsrv", "config", "applicationHost.config");
        Assert.Equal($"The IIS configuration {config} is not valid XML at line 18, column 11: The 'sites' start "
            + "tag on line 8 position 10 does not match the end tag of 'site'. Correct the file (IIS itself "
            + "cannot read it either). Nothing was changed.", finding.Message);
        Assert.Equal(before, server.Fingerprint());
        Assert.Empty(server.Pools.History);
    }

    private static string AddIis(CosDocServer server, string applicationHost)
    {
        server.Environment.Variables["windir"] = Path.Combine(server.Root, "Windows");
        server.Environment.Variables["SystemDrive"] = server.Root;
        IisServer.WriteCrlfWithBom(Path.Combine(server.Root, "Windows", "System32", "inetsrv", "config",
            "applicationHost.config"), applicationHost);
        Directory.CreateDirectory(Path.Combine(server.Root, "inetpub", "wwwroot"));
        var folder = Path.Combine(server.Root, "inetpub", "Authentication");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "web.config"), IisServer.WebConfigText.Replace(
            "value=\"Kjernejournal\"", "value=\"Production\"", StringComparison.Ordinal));
        var appSettings = Path.Combine(folder, "appsettings.json");
        File.WriteAllText(appSettings, Json(OldSet.Signing.Thumbprint, OldSet.Encryption.Thumbprint));
        server.Pools.Add(new FakePool { Name = "DefaultAppPool" });
        server.Pools.Add(new FakePool { Name = Pool });
        return appSettings;
    }
}
