using System;
using System.Linq;
using CertDeploy.Core.Installer;
using CertDeploy.Core.Ports;
using CertDeploy.Core.Tests.ScriptModel;
using CertDeploy.Windows.Services;
using Xunit;

namespace CertDeploy.Windows.Tests
{
    /// <summary>
    /// A service that cannot run with the new certificates (as one whose account cannot open the
    /// new key): it either refuses to start, or starts and stops a second later, which the restart
    /// step's check after its settle wait must catch. The deferred actions run in the Windows
    /// Installer script order, and the failure of the restart runs the registered rollback
    /// actions newest first, as msiexec does.
    /// </summary>
    public sealed class RefusedStartRollbackTests
    {
        private const string Refusing = "KPRService1";

        private static readonly string[] Running = { "KPRService1", "CosDocAuthServer" };

        private readonly CosDocMachine _machine;

        public RefusedStartRollbackTests(CosDocMachine machine) => _machine = machine;

        // Two methods, not one theory: the lane runs each method in a process of its own with
        // Wine's service manager started afresh. Run as one theory in one process, the second
        // scenario once failed at its set-up: Wine would not start a service again (error 1359).
        [Fact]
        public void Script_ServiceRefusesToStartWithNewSigningCertificate_FailsNamingItAndRestores() =>
            FailAndRollBack("--refuse", "refused: ", "did not start");

        [Fact]
        public void Script_ServiceStopsSoonAfterStartingWithNewCertificate_SettleCheckFailsAndRestores() =>
            FailAndRollBack("--fail-after-start", "failed after start: ", "seconds later");

        private void FailAndRollBack(string option, string failureEvent, string failureMessage)
        {
            Lane.Require();
            const string folder = @"C:\Program Files\CosDoc\KPR Service 1";
            _machine.Register(Refusing, folder,
                $"\"{folder}\\{CosDocMachine.ExeName}\" {option} {_machine.NewSet.SigningThumbprint}",
                "LocalSystem", _machine.OldSet);
            using var keys = new DeploymentEndToEndTests.KeyFiles(_machine);
            var services = new WindowsServiceControl();
            var timeout = TimeSpan.FromSeconds(30);
            foreach (var name in Running)
            {
                Bounded.Call(name, "Start", () => services.Start(name, timeout));
            }

            try
            {
                var files = MachineSnapshot.SettingsFiles(_machine);
                var eventCounts = Running.ToDictionary(
                    n => n, n => ServiceEvents.Read(_machine.Service(n).Folder).Count);
                Deployment Fresh() => new(
                    DeploymentEndToEndTests.Ports(keys, new WindowsServiceControl()),
                    new DeploymentEndToEndTests.ListLog());
                var prepared = Fresh().Prepare(DeploymentEndToEndTests.NewSetChosen(_machine));
                var plan = prepared.PlanData;
                var script = new InstallScript(InstallScript.DesignOrder, action => action switch
                {
                    "CertDeploy_Write" => () => Fresh().Write(plan),
                    "CertDeploy_WriteRollback" => () => Fresh().WriteRollback(plan),
                    "CertDeploy_Grant" => () => Fresh().Grant(plan),
                    "CertDeploy_GrantRollback" => () => Fresh().GrantRollback(plan),
                    "CertDeploy_Restart" => () =>
                        Bounded.Call("(all)", "Restart", () => Fresh().Restart(plan, null)),
                    "CertDeploy_RestartRollback" => () =>
                        Bounded.Call("(all)", "RestartRollback", () => Fresh().RestartRollback(plan)),
                    "CertDeploy_Commit" => () => Fresh().Commit(plan),
                    _ => throw new InvalidOperationException("No binding for " + action),
                });

                var result = script.Run();

                Assert.False(result.Succeeded);
                Assert.Equal("CertDeploy_Restart", result.FailedAction);
                Assert.Contains(Refusing, result.Failure!.Message, StringComparison.Ordinal);
                Assert.Contains(failureMessage, result.Failure.Message, StringComparison.Ordinal);
                Assert.Equal(
                    new[]
                    {
                        "CertDeploy_Write", "CertDeploy_Grant", "CertDeploy_Restart",
                        "CertDeploy_GrantRollback", "CertDeploy_WriteRollback", "CertDeploy_RestartRollback",
                    },
                    result.Ran);
                Assert.Empty(result.CleanupFailures);

                MachineSnapshot.AssertUnchanged(_machine, files);

                // The journal the rollback worked from, kept with the backups: every planned file
                // written before the restart failed, both services stopped; a service that refused
                // to start is not recorded as started, one that failed later is.
                var journal = RunJournal.Read(prepared.Plan);
                Assert.Equal(Running.OrderBy(n => n), RunJournal.Stopping(journal).OrderBy(n => n));
                var started = option == "--refuse" ? Running.Where(n => n != Refusing) : Running;
                Assert.Equal(started.OrderBy(n => n), RunJournal.Started(journal).OrderBy(n => n));
                var planned = prepared.Plan.FileChanges.Select(f => f.Path).OrderBy(p => p);
                Assert.Equal(planned, RunJournal.Written(journal).OrderBy(p => p),
                    StringComparer.OrdinalIgnoreCase);
                Assert.All(planned, path => Assert.Contains(path, files.Keys));

                var oldStart =
                    $"started with {_machine.OldSet.SigningThumbprint}/{_machine.OldSet.EncryptionThumbprint}";
                foreach (var name in Running)
                {
                    Assert.Equal(ServiceState.Running, services.GetState(name));
                    var events = ServiceEvents.Read(_machine.Service(name).Folder)
                        .Skip(eventCounts[name]).ToList();
                    Assert.Equal(oldStart, events[^1]);
                    Assert.Contains("stopped", events);
                }

                var refusingEvents = ServiceEvents.Read(_machine.Service(Refusing).Folder)
                    .Skip(eventCounts[Refusing]).ToList();
                var failure = refusingEvents.FindIndex(
                    e => e.StartsWith(failureEvent, StringComparison.Ordinal));
                Assert.True(failure >= 0,
                    $"{Refusing} never failed with {option}: " + string.Join(" | ", refusingEvents));
                Assert.Contains(oldStart, refusingEvents.Skip(failure + 1));
            }
            finally
            {
                foreach (var name in Running)
                {
                    Bounded.Call(name, "Stop", () => services.Stop(name, timeout));
                }

                _machine.RegisterAsLaidOut(Refusing);
            }
        }
    }
}
