using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Ports;
using CertDeploy.Core.Tests.Doubles;
using Xunit;

namespace CertDeploy.Core.Tests.ScriptModel;

public class InstallScriptScenarioTests
{
    [Fact]
    public void Run_CleanInstall_WritesGrantsRestartsChangedRunningServicesAndDeletesBackups()
    {
        using var machine = new ScenarioMachine();
        var plan = machine.Plan();

        var result = machine.Script(plan).Run();

        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Equal(new[]
        {
            "CertDeploy_Write", "CertDeploy_Grant", "CertDeploy_Restart", "CertDeploy_Commit",
        }, result.Ran);
        foreach (var (_, path) in machine.ConfigFiles)
        {
            var text = machine.Content(path);
            Assert.Contains($"\"SigningThumbprint\": \"{ScenarioMachine.NewSigning}\"", text);
            Assert.Contains($"\"EncryptionThumbprint\": \"{ScenarioMachine.NewEncryption}\"", text);
        }

        Assert.False(Directory.Exists(plan.BackupFolder));
        Assert.Contains(plan.BackupFolder, machine.Guard.RestrictedFolders);
        Assert.True(FakeKeyAccess.Allows(machine.Keys.Descriptors[machine.SigningKey], "S-1-5-20"));
        Assert.Equal(ServiceState.Stopped, machine.Services[ScenarioMachine.Authentication].State);
        Assert.DoesNotContain(machine.Services.History, h => h.EndsWith(ScenarioMachine.Authentication));
        Assert.Equal(8, machine.Services.History.Count);
    }

    [Fact]
    public void Run_FailureAtEveryPortCall_RollbackRestoresTheMachine()
    {
        var count = CountCallsOfCleanRun();

        for (var i = 1; i <= count; i++)
        {
            AssertRestoredAfterFault(i, FaultKind.Throw);
        }
    }

    [Fact]
    public void Run_CrashAtEveryPortCall_RollbackInFreshProcessRestoresTheMachine()
    {
        var count = CountCallsOfCleanRun();

        for (var i = 1; i <= count; i++)
        {
            AssertRestoredAfterFault(i, FaultKind.Crash);
        }
    }

    [Fact]
    public void RollbackActions_JournalWithTornLastLine_RestoreWhatTheCompleteLinesRecord()
    {
        using var machine = new ScenarioMachine();
        var before = machine.Snapshot();
        var plan = machine.Plan();
        var data = plan.Serialize();
        machine.Faults.Armed = true;
        machine.Faults.Kind = FaultKind.Crash;
        machine.Faults.FailWhenCallStartsWith = "ServiceControl.Stop";

        machine.RunAction("CertDeploy_Write", data);
        machine.RunAction("CertDeploy_Grant", data);
        Assert.Throws<SimulatedCrashException>(() => machine.RunAction("CertDeploy_Restart", data));
        // The crash happened while the next record was being appended: half a line, no line end.
        File.AppendAllText(Path.Combine(plan.BackupFolder, "journal.txt"), "ServiceStart");
        foreach (var action in new[]
            { "CertDeploy_GrantRollback", "CertDeploy_WriteRollback", "CertDeploy_RestartRollback" })
        {
            machine.RunAction(action, data);
        }

        Assert.Empty(machine.Differences(before));
        Assert.Contains(machine.Log.At(LogLevel.Warning), l => l.StartsWith(
            "The last line of the journal " + Path.Combine(plan.BackupFolder, "journal.txt") + " is incomplete",
            StringComparison.Ordinal));
    }

    [Fact]
    public void Run_SecondRunWithTheSameSelection_RewritesGrantsAndRestartsNothing()
    {
        using var machine = new ScenarioMachine();
        Assert.True(machine.Script(machine.Plan()).Run().Succeeded);
        var after = machine.Snapshot();
        var historyBefore = machine.Services.History.Count;
        machine.Faults.Reset();

        var result = machine.Script(machine.Plan()).Run();

        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Empty(machine.Differences(after));
        Assert.Equal(historyBefore, machine.Services.History.Count);
        Assert.DoesNotContain(machine.Faults.Calls, c =>
            c.StartsWith("KeyAccess.GrantRead", StringComparison.Ordinal)
            || (c.StartsWith("Files.WriteAllBytesAtomic", StringComparison.Ordinal)
                && c.Contains("appsettings", StringComparison.Ordinal)));
        Assert.Contains("No service needs a restart", machine.Log.AllText);
    }

    [Fact]
    public void Run_ServiceDiesAfterStartWithNewConfiguration_RollsBackAndServiceRunsAgain()
    {
        using var machine = new ScenarioMachine();
        var before = machine.Snapshot();
        var kpr2File = machine.ConfigFiles.First(f => f.Service == ScenarioMachine.Kpr2).Path;
        machine.Services[ScenarioMachine.Kpr2].StateAfterStart = _ =>
            machine.Content(kpr2File).Contains(ScenarioMachine.NewSigning, StringComparison.Ordinal)
                ? ServiceState.Stopped
                : ServiceState.Running;

        var result = machine.Script(machine.Plan()).Run();

        Assert.False(result.Succeeded);
        Assert.Equal("CertDeploy_Restart", result.FailedAction);
        Assert.Equal("Service KPRService2 was started with the new certificates but is Stopped 5 seconds later. "
            + "Check the Windows event log (Application) for why it stops; the installation is rolled back.",
            result.Failure!.Message);
        Assert.Empty(result.CleanupFailures);
        Assert.Empty(machine.Differences(before));
        Assert.Equal(ServiceState.Running, machine.Services[ScenarioMachine.Kpr2].State);
    }

    [Fact]
    public void Run_RestartTurnedOff_ChangesFilesAndKeysButRestartsNothing()
    {
        using var machine = new ScenarioMachine();

        var result = machine.Script(machine.Plan(restartEnabled: false)).Run();

        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Empty(machine.Services.History);
        Assert.Empty(machine.Progress);
        Assert.Contains(machine.Log.At(LogLevel.Warning), l => l.StartsWith(
            "Restart is turned off: KPRBase, KPRService1, KPRService2, DigiHelse, Authentication keep",
            StringComparison.Ordinal) || l.StartsWith("Restart is turned off: ", StringComparison.Ordinal));
        Assert.Contains(ScenarioMachine.NewSigning, machine.Content(machine.ConfigFiles[0].Path));
    }

    [Fact]
    public void Restart_IndependentServices_OverlapAndDependencyOrderHolds()
    {
        using var machine = new ScenarioMachine();
        // One participant per independent group: KPRBase (with KPRService1), KPRService2, DigiHelse.
        // Sequential restarts would leave each waiting alone until the timeout.
        using var barrier = new Barrier(3);
        var met = new List<bool>();
        foreach (var name in new[] { ScenarioMachine.KprBase, ScenarioMachine.Kpr2, ScenarioMachine.DigiHelse })
        {
            machine.Services[name].FailsToStart = _ =>
            {
                var all = barrier.SignalAndWait(TimeSpan.FromSeconds(10));
                lock (met)
                {
                    met.Add(all);
                }

                return false;
            };
        }

        var result = machine.Script(machine.Plan()).Run();

        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Equal(new[] { true, true, true }, met);
        var history = machine.Services.History.ToList();
        Assert.True(history.IndexOf("Stop KPRService1") < history.IndexOf("Stop KPRBase"), string.Join(", ", history));
        Assert.True(history.IndexOf("Start KPRBase") < history.IndexOf("Start KPRService1"),
            string.Join(", ", history));
        Assert.Equal(
            new[] { "Restarting service DigiHelse", "Restarting service KPRBase", "Restarting service KPRService1",
                "Restarting service KPRService2" },
            machine.Progress.OrderBy(p => p, StringComparer.Ordinal));
    }

    [Fact]
    public void Run_ActionOrderFromData_RollbackRunsOnlyActionsRegisteredBeforeTheFailure()
    {
        using var machine = new ScenarioMachine();
        machine.Faults.Armed = true;
        machine.Faults.FailWhenCallStartsWith = "KeyAccess.GrantRead";
        // A wrong order: the grant's rollback scheduled after the grant is never registered.
        var order = new[]
        {
            new ScheduledAction("CertDeploy_WriteRollback", ActionKind.Rollback),
            new ScheduledAction("CertDeploy_Write", ActionKind.Deferred),
            new ScheduledAction("CertDeploy_Grant", ActionKind.Deferred),
            new ScheduledAction("CertDeploy_GrantRollback", ActionKind.Rollback),
        };

        var result = machine.Script(machine.Plan(), order).Run();

        Assert.False(result.Succeeded);
        Assert.Equal(new[] { "CertDeploy_Write", "CertDeploy_Grant", "CertDeploy_WriteRollback" }, result.Ran);
    }

    private static int CountCallsOfCleanRun()
    {
        using var machine = new ScenarioMachine();
        var result = machine.Script(machine.Plan()).Run();

        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.True(machine.Faults.CallCount > 40, $"only {machine.Faults.CallCount} port calls");
        return machine.Faults.CallCount;
    }

    private static void AssertRestoredAfterFault(int call, FaultKind kind)
    {
        using var machine = new ScenarioMachine();

        var (result, context) = machine.RunWithFaultAt(machine.Plan(), call, kind);

        if (result.Succeeded)
        {
            Assert.Contains(ScenarioMachine.NewSigning, machine.Content(machine.ConfigFiles[0].Path));
            return;
        }

        Assert.True(kind == FaultKind.Crash
            ? result.Failure is SimulatedCrashException
            : result.Failure is InjectedFaultException || result.Failure?.InnerException is InjectedFaultException,
            context + ": " + result.Failure);
    }
}
