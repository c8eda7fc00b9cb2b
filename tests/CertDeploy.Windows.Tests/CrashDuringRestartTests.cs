using System;
using System.Collections.Generic;
using System.Linq;
using CertDeploy.Core.Installer;
using CertDeploy.Core.Ports;
using CertDeploy.Windows.Services;
using Xunit;

namespace CertDeploy.Windows.Tests
{
    /// <summary>
    /// The custom action process dies in the middle of the restart, between two journal records:
    /// msiexec then runs the rollback actions in new processes, which know only the plan data and
    /// what the journal says.
    /// </summary>
    public sealed class CrashDuringRestartTests
    {
        private static readonly string[] Running = { "KPRService1", "CosDocAuthServer" };

        private readonly CosDocMachine _machine;

        public CrashDuringRestartTests(CosDocMachine machine) => _machine = machine;

        [Fact]
        public void Rollback_ProcessDiedAfterThirdServiceCall_RestoresFilesAndOldCertificates()
        {
            Lane.Require();
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
                Deployment Fresh(IServiceControl control) =>
                    new(DeploymentEndToEndTests.Ports(keys, control), new DeploymentEndToEndTests.ListLog());
                var descriptors = KeyDescriptors(keys);
                var prepared = Fresh(new WindowsServiceControl())
                    .Prepare(DeploymentEndToEndTests.NewSetChosen(_machine));
                var plan = prepared.PlanData;

                // Three of the four calls: whatever order the two restarts take turns in, one
                // service has been stopped and started with the new set, the other stopped (its
                // stop journalled and done), and the process dies before that one is started.
                var dying = new DiesAfterCalls(new WindowsServiceControl(), calls: 3);
                var crashed = Fresh(dying);
                crashed.Write(plan);
                crashed.Grant(plan);
                Assert.NotEqual(descriptors, KeyDescriptors(keys));
                Exception? death = null;
                try
                {
                    Bounded.Call("(all)", "Restart", () => crashed.Restart(plan, null));
                }
                catch (Exception e)
                {
                    death = e;
                }

                Assert.IsType<ProcessDied>(death);
                Assert.Equal(3, dying.Done.Count);
                Assert.Single(dying.Done, c => c.Call == "Start");
                var restartedWithNew = dying.Done.Single(c => c.Call == "Start").Service;
                var stoppedForGood = Running.Single(n => n != restartedWithNew);
                Assert.Contains(("Stop", stoppedForGood), dying.Done);
                Assert.Equal(ServiceState.Stopped, services.GetState(stoppedForGood));
                Assert.Equal(ServiceState.Running, services.GetState(restartedWithNew));
                var newStart =
                    $"started with {_machine.NewSet.SigningThumbprint}/{_machine.NewSet.EncryptionThumbprint}";
                Assert.Equal(newStart, ServiceEvents.Read(_machine.Service(restartedWithNew).Folder)[^1]);

                // What the rollback actions will find: every planned file written, both stops
                // announced; the start is recorded only if the process lived past it. When the
                // start was its last call, the journal does not know that the service runs with
                // the new set: the rollback must restart it all the same, because its stop was
                // announced.
                var journal = RunJournal.Read(prepared.Plan);
                Assert.Equal(prepared.Plan.FileChanges.Select(f => f.Path).OrderBy(p => p),
                    RunJournal.Written(journal).OrderBy(p => p), StringComparer.OrdinalIgnoreCase);
                Assert.Equal(Running.OrderBy(n => n), RunJournal.Stopping(journal).OrderBy(n => n));
                var diedRightAfterStart = dying.Done[^1].Call == "Start";
                Assert.Equal(diedRightAfterStart ? Array.Empty<string>() : new[] { restartedWithNew },
                    RunJournal.Started(journal));

                // msiexec's order after the failure of the restart: newest registered first.
                Fresh(new WindowsServiceControl()).GrantRollback(plan);
                Fresh(new WindowsServiceControl()).WriteRollback(plan);
                Bounded.Call("(all)", "RestartRollback",
                    () => Fresh(new WindowsServiceControl()).RestartRollback(plan));

                MachineSnapshot.AssertUnchanged(_machine, files);
                var oldStart =
                    $"started with {_machine.OldSet.SigningThumbprint}/{_machine.OldSet.EncryptionThumbprint}";
                foreach (var name in Running)
                {
                    Assert.Equal(ServiceState.Running, services.GetState(name));
                    var events = ServiceEvents.Read(_machine.Service(name).Folder).Skip(eventCounts[name]).ToList();
                    Assert.Equal(oldStart, events[^1]);
                }

                var restartedEvents = ServiceEvents.Read(_machine.Service(restartedWithNew).Folder)
                    .Skip(eventCounts[restartedWithNew]).ToList();
                Assert.Contains(oldStart, restartedEvents.Skip(restartedEvents.IndexOf(newStart) + 1));
                Assert.Equal(descriptors, KeyDescriptors(keys));
            }
            finally
            {
                foreach (var name in Running)
                {
                    Bounded.Call(name, "Stop", () => services.Stop(name, timeout));
                }
            }
        }

        private Dictionary<string, string> KeyDescriptors(DeploymentEndToEndTests.KeyFiles keys) =>
            new[] { _machine.NewSet.SigningThumbprint, _machine.NewSet.EncryptionThumbprint }
                .Select(t => keys.PathOf(t)!)
                .ToDictionary(path => path, keys.ReadDescriptor);

        /// <summary>The process ending: nothing of the run's own clean-up may happen after it.</summary>
        private sealed class ProcessDied : Exception
        {
            public ProcessDied(string message)
                : base(message)
            {
            }
        }

        /// <summary>
        /// The real service control: the Nth stop or start is made, then the process is gone.
        /// Every later call fails the same way, so that no thread of the dead run touches a service.
        /// </summary>
        private sealed class DiesAfterCalls : IServiceControl
        {
            private readonly IServiceControl _services;
            private readonly int _calls;
            private readonly object _gate = new();
            private bool _dead;

            public DiesAfterCalls(IServiceControl services, int calls)
            {
                _services = services;
                _calls = calls;
            }

            public List<(string Call, string Service)> Done { get; } = new();

            public IReadOnlyList<string> ListServiceNames() => Alive(() => _services.ListServiceNames());

            public ServiceInfo? Describe(string serviceName) => Alive(() => _services.Describe(serviceName));

            public ServiceState GetState(string serviceName) => Alive(() => _services.GetState(serviceName));

            public void Stop(string serviceName, TimeSpan timeout) =>
                Control("Stop", serviceName, () => _services.Stop(serviceName, timeout));

            public void Start(string serviceName, TimeSpan timeout) =>
                Control("Start", serviceName, () => _services.Start(serviceName, timeout));

            private T Alive<T>(Func<T> call)
            {
                lock (_gate)
                {
                    ThrowIfDead();
                    return call();
                }
            }

            private void Control(string what, string serviceName, Action call)
            {
                lock (_gate)
                {
                    ThrowIfDead();
                    call();
                    Done.Add((what, serviceName));
                    if (Done.Count == _calls)
                    {
                        _dead = true;
                        ThrowIfDead();
                    }
                }
            }

            private void ThrowIfDead()
            {
                if (_dead)
                {
                    throw new ProcessDied("The custom action process ended here.");
                }
            }
        }
    }
}
