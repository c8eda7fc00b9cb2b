using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using CertDeploy.Core.Installer;
using CertDeploy.Core.Ports;
using CertDeploy.Windows.Services;
using Xunit;

namespace CertDeploy.Windows.Tests
{
    /// <summary>
    /// How long services are down during the restart step: five independent services that each
    /// take 2 s to stop and 2 s to start are restarted in parallel, so the step takes about as
    /// long as the slowest of them alone, not the sum. Measured as a ratio within one run, so
    /// that a slow or busy machine changes both sides alike.
    /// </summary>
    public sealed class RestartTimingTests
    {
        private const string Pattern = "Timed*";
        private const string Delays = "--start-delay 2000 --stop-delay 2000";
        private const double AllowedRatio = 1.3;

        private static readonly TimeSpan FourSeconds = TimeSpan.FromSeconds(4);

        // Thread.Sleep may return up to a timer tick early by the Stopwatch.
        private static readonly TimeSpan SleepTolerance = TimeSpan.FromMilliseconds(50);

        private static readonly string[] Names =
        {
            "TimedKPRService1", "TimedKPRService2", "TimedDigiHelseService",
            "TimedDigiHelseService2", "TimedCosDocAuthServer",
        };

        private readonly CosDocMachine _machine;

        public RestartTimingTests(CosDocMachine machine) => _machine = machine;

        [Fact]
        public void RestartStep_FiveServicesTwoSecondsToStopAndStart_TakesAboutTheSlowestAlone()
        {
            Lane.Require();
            using var keys = new DeploymentEndToEndTests.KeyFiles(_machine);
            var services = new WindowsServiceControl();
            var timeout = TimeSpan.FromSeconds(30);
            var folders = Names.ToDictionary(n => n, Register);
            InParallel(name => Bounded.Call(name, "Start", () => services.Start(name, timeout)));

            try
            {
                var alone = Names.ToDictionary(n => n, n => RestartAlone(services, n, timeout));

                var timed = new TimedServices(new WindowsServiceControl());
                var deployment = new Deployment(DeploymentEndToEndTests.Ports(keys, timed),
                    new DeploymentEndToEndTests.ListLog());
                var prepared = deployment.Prepare(NewSetForTimedServices());
                deployment.Write(prepared.PlanData);
                deployment.Grant(prepared.PlanData);
                var stepStarted = timed.Now;
                Bounded.Call("(all)", "Restart", () => deployment.Restart(prepared.PlanData, null));
                var step = timed.Now - stepStarted;
                var journal = RunJournal.Read(prepared.Plan);
                deployment.Commit(prepared.PlanData);

                var newSet = _machine.NewSet;
                var newStart =
                    $"started with {newSet.SigningThumbprint}/{newSet.EncryptionThumbprint}";
                foreach (var name in Names)
                {
                    Assert.Equal(ServiceState.Running, services.GetState(name));
                    Assert.Equal(newStart, ServiceEvents.Read(folders[name])[^1]);
                    var settings =
                        File.ReadAllText(Path.Combine(folders[name], "appsettings.json"));
                    Assert.Contains(newSet.SigningThumbprint, settings, StringComparison.Ordinal);
                }

                var sorted = Names.OrderBy(n => n).ToList();
                Assert.Equal(sorted, prepared.Plan.Restarts.Select(r => r.ServiceName).OrderBy(n => n));
                Assert.Equal(sorted, RunJournal.Stopping(journal).OrderBy(n => n));
                Assert.Equal(sorted, RunJournal.Started(journal).OrderBy(n => n));
                var settle = prepared.Plan.SettleTime;
                var downtime = Names.ToDictionary(n => n, timed.Downtime);
                var slowestAlone = alone.Values.Max();
                var ratio = (step - settle).TotalSeconds / slowestAlone.TotalSeconds;

                // Measured, not taken from the plan: from the step's start to the last service
                // running again, and from then to the step's end (the settle wait and its check).
                var restarts = timed.LastRunning - stepStarted;
                var afterLastStart = step - restarts;
                Report(alone, downtime, step, restarts, afterLastStart, settle, ratio);

                // The delays really happened, alone and in the step: the measurement is of them.
                Assert.All(alone.Values, t => Assert.True(t >= FourSeconds, $"alone only {t}"));
                Assert.All(downtime.Values, t => Assert.True(t >= FourSeconds, $"down only {t}"));

                // The settle wait that the ratio leaves out really happened: a step that skipped it
                // would otherwise look faster than a single restart.
                Assert.True(afterLastStart >= settle - SleepTolerance,
                    $"the restart step returned {afterLastStart.TotalSeconds:0.00} s after the last "
                    + "service ran again; its check that services stay running waits "
                    + $"{settle.TotalSeconds:0.00} s");
                Assert.True(ratio <= AllowedRatio,
                    $"the restart step without its settle wait took {ratio:0.00} times the slowest "
                    + $"restart alone ({(step - settle).TotalSeconds:0.00} s against "
                    + $"{slowestAlone.TotalSeconds:0.00} s); at most {AllowedRatio} was expected");
            }
            finally
            {
                InParallel(name => Bounded.Call(name, "Stop", () => services.Stop(name, timeout)));
            }
        }

        private string Register(string name)
        {
            var folder = $@"C:\CosDoc\Timed\{name}";
            var imagePath = $"\"{folder}\\{CosDocMachine.ExeName}\" {Delays}";
            var registered =
                _machine.Register(name, folder, imagePath, "LocalSystem", _machine.OldSet);
            return registered.Folder;
        }

        private static TimeSpan RestartAlone(IServiceControl services, string name,
            TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            Bounded.Call(name, "Stop", () => services.Stop(name, timeout));
            Bounded.Call(name, "Start", () => services.Start(name, timeout));
            return clock.Elapsed;
        }

        private InstallerProperties NewSetForTimedServices() => new(name => name switch
        {
            PropertyNames.SigningThumbprint => _machine.NewSet.SigningThumbprint,
            PropertyNames.EncryptionThumbprint => _machine.NewSet.EncryptionThumbprint,
            PropertyNames.ServicePatterns => Pattern,
            _ => null,
        });

        private static void InParallel(Action<string> action)
        {
            var calls = Names.Select(n => Task.Factory.StartNew(() => action(n),
                TaskCreationOptions.LongRunning));
            Task.WaitAll(calls.ToArray());
        }

        /// <summary>
        /// The figures, in the lane's log folder when the lane names it (CERTDEPLOY_LANE_REPORTS),
        /// and in the test's output.
        /// </summary>
        private static void Report(IReadOnlyDictionary<string, TimeSpan> alone,
            IReadOnlyDictionary<string, TimeSpan> downtime, TimeSpan step, TimeSpan restarts,
            TimeSpan afterLastStart, TimeSpan settle, double ratio)
        {
            static string S(TimeSpan t) =>
                t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";

            var text = new StringBuilder();
            text.AppendLine(
                "Restart step, five services that take 2 s to stop and 2 s to start (one run):");
            text.AppendLine($"  {"service",-24} {"restarted alone",-16} down during the step");
            foreach (var name in Names)
            {
                text.AppendLine($"  {name,-24} {S(alone[name]),-16} {S(downtime[name])}");
            }

            var oneAfterTheOther = new TimeSpan(alone.Values.Sum(t => t.Ticks));
            text.AppendLine($"  slowest restart alone {S(alone.Values.Max())}, "
                + $"all five one after the other {S(oneAfterTheOther)}");
            text.AppendLine($"  restart step {S(step)}: the last service ran again after "
                + $"{S(restarts)}, the step returned {S(afterLastStart)} later (the {S(settle)} "
                + "wait that checks the services stay running)");
            text.AppendLine($"  ratio (restart step without the {S(settle)} wait) / "
                + "(slowest restart alone): "
                + ratio.ToString("0.00", CultureInfo.InvariantCulture)
                + $", at most {AllowedRatio.ToString(CultureInfo.InvariantCulture)}");

            TestContext.Current.SendDiagnosticMessage(text.ToString());
            var folder = Environment.GetEnvironmentVariable("CERTDEPLOY_LANE_REPORTS");
            if (!string.IsNullOrEmpty(folder))
            {
                var path = Path.Combine(Path.GetFullPath(folder), "restart-timing.txt");
                File.WriteAllText(path, text.ToString());
            }
        }

        /// <summary>
        /// The real service port, noting for each service when the step asked it to stop and when
        /// it was running again.
        /// </summary>
        private sealed class TimedServices : IServiceControl
        {
            private readonly IServiceControl _services;
            private readonly Stopwatch _clock = Stopwatch.StartNew();
            private readonly ConcurrentDictionary<string, TimeSpan> _stopAsked =
                new(StringComparer.OrdinalIgnoreCase);

            private readonly ConcurrentDictionary<string, TimeSpan> _running =
                new(StringComparer.OrdinalIgnoreCase);

            public TimedServices(IServiceControl services) => _services = services;

            public TimeSpan Now => _clock.Elapsed;

            public TimeSpan LastRunning => _running.Values.Max();

            public TimeSpan Downtime(string name) => _running[name] - _stopAsked[name];

            public IReadOnlyList<string> ListServiceNames() => _services.ListServiceNames();

            public ServiceInfo? Describe(string serviceName) => _services.Describe(serviceName);

            public ServiceState GetState(string serviceName) => _services.GetState(serviceName);

            public void Stop(string serviceName, TimeSpan timeout)
            {
                _stopAsked[serviceName] = _clock.Elapsed;
                _services.Stop(serviceName, timeout);
            }

            public void Start(string serviceName, TimeSpan timeout)
            {
                _services.Start(serviceName, timeout);
                _running[serviceName] = _clock.Elapsed;
            }
        }
    }
}
