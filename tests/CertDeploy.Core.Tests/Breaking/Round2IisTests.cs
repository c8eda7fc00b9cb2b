using System;
using System.IO;
using System.Linq;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Installer;
using CertDeploy.Core.Planning;
using CertDeploy.Core.Ports;
using CertDeploy.Core.Targets;
using CertDeploy.Core.Tests.Doubles;
using CertDeploy.Core.Tests.Iis;
using CertDeploy.Core.Tests.Installer;
using Xunit;
using static CertDeploy.Core.Tests.Installer.CosDocServer;

namespace CertDeploy.Core.Tests.Breaking;

/// <summary>Whole runs through the facade with IIS applications in odd but valid configurations.</summary>
public class Round2IisTests
{
    private static string Host(string pools, string applications) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <configuration>
            <system.applicationHost>
                <applicationPools>
        {pools}
                </applicationPools>
                <sites>
                    <site name="Default Web Site" id="1">
        {applications}
                    </site>
                    <applicationDefaults applicationPool="DefaultAppPool" />
                </sites>
            </system.applicationHost>
        </configuration>
        """;

    private static void InstallIis(CosDocServer server, string applicationHost)
    {
        server.Environment.Variables["windir"] = Path.Combine(server.Root, "Windows");
        server.Environment.Variables["SystemDrive"] = server.Root;
        IisServer.WriteCrlfWithBom(Path.Combine(server.Root, "Windows", "System32", "inetsrv", "config",
            "applicationHost.config"), applicationHost);
    }

    private static string AuthenticationFolder(CosDocServer server, string webConfig)
    {
        var folder = Path.Combine(server.Root, "inetpub", "Authentication");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "web.config"), webConfig);
        File.WriteAllText(Path.Combine(folder, "appsettings.json"),
            Json(OldSet.Signing.Thumbprint, OldSet.Encryption.Thumbprint));
        return folder;
    }

    [Fact]
    public void WholeRun_ServiceFolderAlsoAnIisAppInAPoolNamedLikeTheService_WritesOnceRestartsBoth()
    {
        using var server = new CosDocServer();
        var folder = server.Folders["KPRService1"];
        InstallIis(server, Host(
            "            <add name=\"KPRService1\" managedRuntimeVersion=\"\" />",
            $"""
                        <application path="/Kpr" applicationPool="KPRService1">
                            <virtualDirectory path="/" physicalPath="{folder}" />
                        </application>
            """));
        server.Pools.Add(new FakePool { Name = "KPRService1" });

        var prepared = server.Deployment().Prepare(NewSelection(
            (PropertyNames.IisApplications, "Default Web Site/Kpr")));
        var result = server.RunScript(prepared.PlanData);

        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Equal(Json(NewSet.Signing.Thumbprint, NewSet.Encryption.Thumbprint),
            File.ReadAllText(server.AppSettings("KPRService1")));
        Assert.Contains("Recycle KPRService1", server.Pools.History);
        Assert.Contains("Start KPRService1", server.Services.History);
        Assert.True(FakeKeyAccess.Allows(server.Keys.Descriptors[server.KeyFile(NewSet.Signing)],
            ServiceAccounts.AppPoolSid("KPRService1")));
    }

    [Fact]
    public void FaultSweep_ServiceFolderSharedWithAnIisApp_MachineRestoredByteForByte()
    {
        static (CosDocServer Server, string Plan) Setup()
        {
            var server = new CosDocServer();
            var folder = server.Folders["KPRService2"];
            InstallIis(server, Host(
                "            <add name=\"Shared\"><processModel identityType=\"NetworkService\" /></add>",
                $"""
                            <application path="/Kpr" applicationPool="Shared">
                                <virtualDirectory path="/" physicalPath="{folder}" />
                            </application>
                            <application path="/Kpr2" applicationPool="Shared">
                                <virtualDirectory path="/" physicalPath="{server.Folders["KPRService1"]}" />
                            </application>
                """));
            server.Pools.Add(new FakePool { Name = "Shared" });
            var plan = server.Deployment().Prepare(NewSelection((PropertyNames.IisApplications, "Shared")))
                .PlanData;
            return (server, plan);
        }

        var (counting, countingPlan) = Setup();
        using (counting)
        {
            counting.Faults.Reset();
            counting.Faults.Armed = true;
            Assert.True(counting.RunScript(countingPlan).Succeeded);
        }

        var calls = counting.Faults.CallCount;
        foreach (var kind in new[] { FaultKind.Throw, FaultKind.Crash })
        {
            for (var call = 1; call <= calls; call++)
            {
                var (server, plan) = Setup();
                using (server)
                {
                    var before = server.Fingerprint();
                    server.Faults.Reset();
                    server.Faults.FailAtCall = call;
                    server.Faults.Kind = kind;
                    server.Faults.Armed = true;

                    var result = server.RunScript(plan);

                    server.Faults.Armed = false;
                    if (result.Succeeded || result.FailedAction == null)
                    {
                        continue;
                    }

                    Assert.True(before == server.Fingerprint(),
                        $"{kind} at call {call} ({server.Faults.Calls[call - 1]}) in {result.FailedAction}: "
                        + "machine not restored");
                }
            }
        }
    }

    [Fact]
    public void Prepare_WebConfigWithTheLegacyConfigurationNamespace_ReadsItsEnvironment()
    {
        // Visual Studio 2005 put this namespace on <configuration>; IIS and the ASP.NET Core
        // module read such a web.config as usual, so ASPNETCORE_ENVIRONMENT applies.
        using var server = new CosDocServer();
        InstallIis(server, Host("            <add name=\"Auth\" />", """
                        <application path="/Authentication" applicationPool="Auth">
                            <virtualDirectory path="/" physicalPath="%SystemDrive%\inetpub\Authentication" />
                        </application>
            """));
        var folder = AuthenticationFolder(server, IisServer.WebConfigText.Replace("<configuration>",
            "<configuration xmlns=\"http://schemas.microsoft.com/.NetConfiguration/v2.0\">",
            StringComparison.Ordinal));
        var environmentFile = Path.Combine(folder, "appsettings.Kjernejournal.json");
        File.WriteAllText(environmentFile, Json(OldSet.Signing.Thumbprint, OldSet.Encryption.Thumbprint));
        server.Pools.Add(new FakePool { Name = "Auth" });

        var prepared = server.Deployment().Prepare(NewSelection((PropertyNames.IisApplications, "Authentication")));

        Assert.Contains(prepared.Plan.FileChanges, f => f.Path == environmentFile);
    }

    [Fact]
    public void Prepare_ApplicationHostWithCommentsCdataEntitiesAndLocation_FindsTheApplication()
    {
        using var server = new CosDocServer();
        InstallIis(server, Host("""
                    <!-- the authentication pool -->
                    <add name="Auth&#x41;" managedRuntimeVersion="">
                        <processModel identityType="SpecificUser" userName="KOMMUNE&#92;svc-kpr" />
                        <environmentVariables>
                            <clear />
                            <add name="ASPNETCORE_ENVIRONMENT" value="Kjernejournal" />
                        </environmentVariables>
                    </add>
            """, """
                        <!-- <application path="/Old" applicationPool="AuthA" /> -->
                        <application path="/Authentication" applicationPool="AUTHA">
                            <virtualDirectory path="/" physicalPath="%SystemDrive%&#92;inetpub\Authentication" />
                        </application>
            """).Replace("</configuration>", """
                <location path="Default Web Site/Authentication">
                    <system.webServer><security><access sslFlags="Ssl" /></security></system.webServer>
                </location>
            </configuration>
            """, StringComparison.Ordinal));
        var folder = AuthenticationFolder(server, "<configuration><![CDATA[ ignored ]]></configuration>");
        var environmentFile = Path.Combine(folder, "appsettings.Kjernejournal.json");
        File.WriteAllText(environmentFile, Json(OldSet.Signing.Thumbprint, OldSet.Encryption.Thumbprint));
        server.Pools.Add(new FakePool { Name = "AuthA" });

        var prepared = server.Deployment().Prepare(NewSelection((PropertyNames.IisApplications, "Authentication")));
        var result = server.RunScript(prepared.PlanData);

        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Contains(prepared.Plan.FileChanges, f => f.Path == environmentFile);
        Assert.Contains(prepared.Plan.KeyGrants, g => g.Sid == "S-1-5-21-1004336348-1177238915-682003330-1601");
        Assert.Equal(Json(NewSet.Signing.Thumbprint, NewSet.Encryption.Thumbprint), File.ReadAllText(environmentFile));
    }

    [Fact]
    public void Restart_PoolRecycleFailsFatally_RollbackRestoresFilesKeysAndRestartsPool()
    {
        using var server = new CosDocServer();
        InstallIis(server, Host("            <add name=\"Auth\" />", """
                        <application path="/Authentication" applicationPool="Auth">
                            <virtualDirectory path="/" physicalPath="%SystemDrive%\inetpub\Authentication" />
                        </application>
            """));
        AuthenticationFolder(server, IisServer.WebConfigText);
        var pool = server.Pools.Add(new FakePool { Name = "Auth" });
        var first = true;
        pool.StateAfterStart = _ =>
        {
            var state = first ? ApplicationPoolState.Stopped : ApplicationPoolState.Started;
            first = false;
            return state;
        };
        var prepared = server.Deployment().Prepare(NewSelection());
        var before = server.Fingerprint();

        var result = server.RunScript(prepared.PlanData);

        Assert.False(result.Succeeded);
        Assert.Equal(before, server.Fingerprint());
        Assert.Equal(ApplicationPoolState.Started, server.Pools["Auth"].State);
    }
}
