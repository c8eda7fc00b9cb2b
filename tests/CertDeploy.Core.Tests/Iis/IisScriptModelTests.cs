using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using CertDeploy.Core.Configuration;
using CertDeploy.Core.Iis;
using CertDeploy.Core.Planning;
using CertDeploy.Core.Ports;
using CertDeploy.Core.Targets;
using CertDeploy.Core.Tests.Doubles;
using CertDeploy.Core.Tests.ScriptModel;
using Xunit;

namespace CertDeploy.Core.Tests.Iis;

/// <summary>
/// The install script on the scenario server with the Kjernejournal authentication service in
/// IIS beside the five Windows services: its application in pool AuthPool (started, its own
/// virtual account), and an archive application in pool ArchivePool (stopped, NetworkService).
/// </summary>
public class IisScriptModelTests
{
    private const string AuthPool = "AuthPool";
    private const string ArchivePool = "ArchivePool";

    private const string ApplicationHost = """
        <?xml version="1.0" encoding="UTF-8"?>
        <configuration>
            <system.applicationHost>
                <applicationPools>
                    <add name="DefaultAppPool" />
                    <add name="AuthPool" managedRuntimeVersion="" startMode="AlwaysRunning" />
                    <add name="ArchivePool" managedRuntimeVersion="">
                        <processModel identityType="NetworkService" />
                    </add>
                    <applicationPoolDefaults managedRuntimeVersion="v4.0">
                        <processModel identityType="ApplicationPoolIdentity" />
                    </applicationPoolDefaults>
                </applicationPools>
                <sites>
                    <site name="Default Web Site" id="1">
                        <application path="/">
                            <virtualDirectory path="/" physicalPath="%SystemDrive%\inetpub\wwwroot" />
                        </application>
                        <application path="/Authentication" applicationPool="AuthPool">
                            <virtualDirectory path="/" physicalPath="%SystemDrive%\Services\IisAuthentication" />
                        </application>
                        <application path="/Authentication/Archive" applicationPool="ArchivePool">
                            <virtualDirectory path="/" physicalPath="%SystemDrive%\Services\IisArchive" />
                        </application>
                    </site>
                    <applicationDefaults applicationPool="DefaultAppPool" />
                </sites>
            </system.applicationHost>
        </configuration>
        """;

    [Fact]
    public void Run_CleanInstall_RecyclesTheStartedPoolOnceAndLeavesTheStoppedPoolStopped()
    {
        using var machine = new ScenarioMachine();
        var plan = IisPlan(machine);

        var result = machine.Script(plan).Run();

        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Equal(new[] { $"Recycle {AuthPool}" }, machine.Pools.History);
        Assert.Equal(ApplicationPoolState.Stopped, machine.Pools[ArchivePool].State);
        Assert.Contains("Recycling IIS application pool AuthPool", machine.Progress);
        Assert.True(FakeKeyAccess.Allows(machine.Keys.Descriptors[machine.SigningKey],
            ServiceAccounts.AppPoolSid(AuthPool)));
        Assert.True(FakeKeyAccess.Allows(machine.Keys.Descriptors[machine.EncryptionKey],
            ServiceAccounts.AppPoolSid(AuthPool)));
        foreach (var folder in new[] { "IisAuthentication", "IisArchive" })
        {
            var text = File.ReadAllText(Path.Combine(machine.Root, "Services", folder, "appsettings.json"));
            Assert.Contains($"\"SigningThumbprint\": \"{ScenarioMachine.NewSigning}\"", text, StringComparison.Ordinal);
        }

        Assert.Contains(machine.Log.Lines, l => l.Text
            == "IIS application pool ArchivePool is Stopped and is left so; it uses the new configuration when "
            + "it is next started.");
    }

    [Fact]
    public void Run_FailureAtEveryPortCall_RollbackRestoresFilesDescriptorsServicesAndPools()
    {
        var count = CountCallsOfCleanRun();

        for (var i = 1; i <= count; i++)
        {
            AssertRestoredAfterFault(i, FaultKind.Throw);
        }
    }

    [Fact]
    public void Run_CrashAtEveryPortCall_RollbackInFreshProcessRestoresFilesDescriptorsServicesAndPools()
    {
        var count = CountCallsOfCleanRun();

        for (var i = 1; i <= count; i++)
        {
            AssertRestoredAfterFault(i, FaultKind.Crash);
        }
    }

    [Fact]
    public void Run_PoolStopsItselfAfterRecycle_FailsRollsBackAndStartsThePoolWithTheOldConfiguration()
    {
        using var machine = new ScenarioMachine();
        var plan = IisPlan(machine);
        var before = machine.Snapshot();
        var appSettings = Path.Combine(machine.Root, "Services", "IisAuthentication", "appsettings.json");
        // Rapid-fail protection: the worker process cannot read the new key and IIS stops the pool.
        machine.Pools[AuthPool].StateAfterStart = _ =>
            File.ReadAllText(appSettings).Contains(ScenarioMachine.NewSigning, StringComparison.Ordinal)
                ? ApplicationPoolState.Stopped
                : ApplicationPoolState.Started;

        var result = machine.Script(plan).Run();

        Assert.False(result.Succeeded);
        Assert.Equal("CertDeploy_Restart", result.FailedAction);
        Assert.Equal("IIS application pool AuthPool was recycled with the new certificates but is Stopped 5 "
            + "seconds later. IIS stops a pool whose worker process fails repeatedly (rapid-fail protection): "
            + "check the Windows event log (System, source WAS, and Application) for why; the installation is "
            + "rolled back.", result.Failure!.Message);
        Assert.Empty(result.CleanupFailures);
        Assert.Empty(machine.Differences(before));
        Assert.Equal(new[] { $"Recycle {AuthPool}", $"Start {AuthPool}" }, machine.Pools.History);
        Assert.Equal(ApplicationPoolState.Started, machine.Pools[AuthPool].State);
    }

    [Fact]
    public void Grant_PoolIdentityChangedSincePlanning_GrantsTheAccountThePoolRunsAsNow()
    {
        using var machine = new ScenarioMachine();
        var plan = IisPlan(machine);
        var config = Path.Combine(machine.Root, "Windows", "System32", "inetsrv", "config", "applicationHost.config");
        IisServer.WriteCrlfWithBom(config, ApplicationHost.Replace(
            "<add name=\"AuthPool\" managedRuntimeVersion=\"\" startMode=\"AlwaysRunning\" />",
            "<add name=\"AuthPool\"><processModel identityType=\"LocalService\" /></add>", StringComparison.Ordinal));

        machine.RunAction("CertDeploy_Grant", plan.Serialize());

        Assert.True(FakeKeyAccess.Allows(machine.Keys.Descriptors[machine.SigningKey], "S-1-5-19"));
        Assert.False(FakeKeyAccess.Allows(machine.Keys.Descriptors[machine.SigningKey],
            ServiceAccounts.AppPoolSid(AuthPool)));
        Assert.Contains(machine.Log.Lines, l => l.Text.StartsWith(
            @"Service IIS AppPool\AuthPool now runs as NT AUTHORITY\LocalService (S-1-5-19)",
            StringComparison.Ordinal));
    }

    [Fact]
    public void Restart_PoolRecycle_IsJournalledBeforeIsDone()
    {
        using var machine = new ScenarioMachine();
        var plan = IisPlan(machine);
        var data = plan.Serialize();
        machine.Faults.Armed = true;
        machine.Faults.Kind = FaultKind.Crash;
        machine.Faults.FailWhenCallStartsWith = "ApplicationPools.Recycle";

        machine.RunAction("CertDeploy_Write", data);
        machine.RunAction("CertDeploy_Grant", data);
        Assert.Throws<SimulatedCrashException>(() => machine.RunAction("CertDeploy_Restart", data));

        var journal = File.ReadAllText(Path.Combine(plan.BackupFolder, "journal.txt"));
        Assert.Contains("PoolRecycling,AuthPool\n", journal, StringComparison.Ordinal);
        Assert.DoesNotContain("PoolRecycled", journal, StringComparison.Ordinal);
    }

    /// <summary>
    /// The scenario's plan with the IIS applications added as the facade adds them: found in a
    /// real applicationHost.config, files through ConfigLayers, one grant and one restart per pool.
    /// </summary>
    private static DeploymentPlan IisPlan(ScenarioMachine machine)
    {
        machine.Environment.Variables["windir"] = Path.Combine(machine.Root, "Windows");
        machine.Environment.Variables["SystemDrive"] = machine.Root;
        IisServer.WriteCrlfWithBom(Path.Combine(machine.Root, "Windows", "System32", "inetsrv", "config",
            "applicationHost.config"), ApplicationHost);
        Directory.CreateDirectory(Path.Combine(machine.Root, "inetpub", "wwwroot"));
        foreach (var folder in new[] { "IisAuthentication", "IisArchive" })
        {
            var path = Path.Combine(machine.Root, "Services", folder);
            Directory.CreateDirectory(path);
            File.WriteAllBytes(Path.Combine(path, "appsettings.json"), Encoding.UTF8.GetBytes(
                "{\r\n  \"CertSettings\": {\r\n"
                + $"    \"SigningThumbprint\": \"{ScenarioMachine.OldSigning}\",\r\n"
                + $"    \"EncryptionThumbprint\": \"{ScenarioMachine.OldEncryption}\"\r\n  }}\r\n}}\r\n"));
        }

        machine.Pools.Add(new FakePool { Name = "DefaultAppPool" });
        machine.Pools.Add(new FakePool { Name = AuthPool });
        machine.Pools.Add(new FakePool { Name = ArchivePool, State = ApplicationPoolState.Stopped });

        var discovery = IisDiscovery.Discover(new[] { "Authentication", "Archive" }, true, machine.Accounts,
            machine.Environment, machine.Files, machine.Log);
        Assert.Empty(discovery.Findings);
        Assert.Equal(2, discovery.Targets.Count);

        var services = machine.Plan();
        var files = new List<FileChange>();
        var grants = new List<KeyGrant>();
        foreach (var target in discovery.Targets)
        {
            var layout = ConfigLayers.Resolve(target.ApplicationFolder, target.Description, target.Environment,
                machine.Environment, machine.Files);
            files.AddRange(layout.FilesToUpdate.Select(path =>
            {
                var values = AppSettingsEditor.Read(path, File.ReadAllBytes(path));
                return new FileChange(path, target.TargetName, values.SigningThumbprint, ScenarioMachine.NewSigning,
                    values.EncryptionThumbprint, ScenarioMachine.NewEncryption);
            }));
            grants.Add(new KeyGrant(machine.SigningKey, ScenarioMachine.NewSigning, target.TargetName,
                target.Account.AccountName, target.Account.Sid));
            grants.Add(new KeyGrant(machine.EncryptionKey, ScenarioMachine.NewEncryption, target.TargetName,
                target.Account.AccountName, target.Account.Sid));
        }

        var restarts = discovery.Targets.Select(t => ServiceRestart.ForApplicationPool(t.Application.PoolName));
        machine.Faults.Reset();
        return new DeploymentPlan(services.RunId, services.BackupFolder, services.SigningThumbprint,
            services.EncryptionThumbprint, services.FileChanges.Concat(files).ToList(),
            services.KeyGrants.Concat(grants).ToList(), services.Restarts.Concat(restarts).ToList(),
            services.RestartEnabled, services.ServiceTimeout, services.SettleTime, services.Warnings);
    }

    private static int CountCallsOfCleanRun()
    {
        using var machine = new ScenarioMachine();
        var result = machine.Script(IisPlan(machine)).Run();

        Assert.True(result.Succeeded, result.Failure?.ToString());
        var calls = machine.Faults.Calls;
        Assert.Contains($"ApplicationPools.GetState {AuthPool}", calls);
        Assert.Contains($"ApplicationPools.GetState {ArchivePool}", calls);
        Assert.Contains($"ApplicationPools.Recycle {AuthPool}", calls);
        Assert.Contains($"ApplicationPools.WaitWhilePending {AuthPool}", calls);
        return calls.Count;
    }

    private static void AssertRestoredAfterFault(int call, FaultKind kind)
    {
        using var machine = new ScenarioMachine();

        var (result, _) = machine.RunWithFaultAt(IisPlan(machine), call, kind);

        if (result.Succeeded)
        {
            return;
        }

        Assert.Equal(ApplicationPoolState.Started, machine.Pools[AuthPool].State);
        Assert.Equal(ApplicationPoolState.Stopped, machine.Pools[ArchivePool].State);
    }
}
