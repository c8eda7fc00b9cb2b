using System;
using System.Linq;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Ports;
using CertDeploy.Windows.Services;
using Xunit;

namespace CertDeploy.Windows.Tests
{
    /// <summary>The product's service port against real services run by the test service.</summary>
    public sealed class WindowsServiceControlTests
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

        private readonly CosDocMachine _machine;
        private readonly WindowsServiceControl _services = new();

        public WindowsServiceControlTests(CosDocMachine machine) => _machine = machine;

        [Fact]
        public void ListServiceNames_AfterRegistration_HoldsAllFive()
        {
            Lane.Require();

            var names = _services.ListServiceNames();

            foreach (var service in _machine.Services)
            {
                Assert.Contains(service.Name, names);
            }
        }

        [Theory]
        [InlineData("KPRService1")]      // quoted path with spaces, LocalSystem
        [InlineData("KPRService2")]      // unquoted path with spaces and arguments
        [InlineData("DigiHelseService")] // REG_EXPAND_SZ with %ProgramFiles%, virtual account
        [InlineData("CosDocAuthServer")] // quoted path and arguments, local user
        [InlineData("CosDocScheduler")]  // matches no pattern
        public void Describe_RegisteredService_ReportsWhatWasRegistered(string name)
        {
            Lane.Require();
            var expected = _machine.Service(name);

            var info = _services.Describe(name.ToLowerInvariant());

            Assert.NotNull(info);
            Assert.Equal(name, info.Name);
            Assert.Equal(expected.DisplayName, info.DisplayName);
            Assert.Equal(expected.ImagePath, info.ImagePath);
            Assert.Equal(expected.ObjectName, info.ObjectName);
            Assert.Equal(ServiceStartType.Manual, info.StartType);
            Assert.Equal(ServiceState.Stopped, info.State);
            Assert.Empty(info.DependsOn);
        }

        [Fact]
        public void Stop_ServiceWithStoppedDependent_Stops()
        {
            Lane.Require();
            var service = _machine.Service("KPRService1");
            const string dependent = "KPRDependentProbe";
            ServiceRegistration.Create(dependent, "KPR dependent probe", service.ImagePath,
                "LocalSystem", dependsOn: service.Name);
            try
            {
                var dependents = DependentsOf(service.Name);
                if (dependents.Length == 0 && Lane.IsWine)
                {
                    Assert.Skip("Wine's EnumDependentServices lists no dependents, so Stop has none "
                        + "to walk here; this test needs Windows.");
                }

                Assert.Equal(new[] { dependent }, dependents);
                Bounded.Call(service.Name, "Start", () => _services.Start(service.Name, Timeout));

                // The dependent is enumerated (stopped) before the stop, and again by the stop.
                Bounded.Call(service.Name, "Stop", () => _services.Stop(service.Name, Timeout));

                Assert.Equal(ServiceState.Stopped, _services.GetState(service.Name));
                Assert.Equal(ServiceState.Stopped, _services.GetState(dependent));
            }
            finally
            {
                ServiceRegistration.Delete(dependent);
            }
        }

        private static string[] DependentsOf(string serviceName)
        {
            using var controller = new System.ServiceProcess.ServiceController(serviceName);
            var dependents = controller.DependentServices;
            var names = dependents.Select(d => d.ServiceName).ToArray();
            foreach (var dependent in dependents)
            {
                dependent.Dispose();
            }

            return names;
        }

        [Fact]
        public void Describe_NoSuchService_ReturnsNull()
        {
            Lane.Require();

            Assert.Null(_services.Describe("KPRServiceNeverRegistered"));
        }

        [Fact]
        public void StartThenStop_ServiceTakingItsTime_WaitsForEachFinalState()
        {
            Lane.Require();
            var service = _machine.Service("KPRService2"); // 1500 ms to start and to stop
            var started = $"started with {_machine.OldSet.SigningThumbprint}/"
                + _machine.OldSet.EncryptionThumbprint;

            Bounded.Call(service.Name, "Start", () => Bounded.Call(service.Name, "Start",
                    () => _services.Start(service.Name, Timeout)));
            var afterStart = _services.GetState(service.Name);
            var eventAfterStart = ServiceEvents.Read(service.Folder).Last();
            Bounded.Call(service.Name, "Stop", () => _services.Stop(service.Name, Timeout));

            Assert.Equal(ServiceState.Running, afterStart);
            Assert.Equal(started, eventAfterStart);
            Assert.Equal(ServiceState.Stopped, _services.GetState(service.Name));
            Assert.Equal("stopped", ServiceEvents.Read(service.Folder).Last());
        }

        [Fact]
        public void Start_TimeoutShorterThanTheServiceTakes_ThrowsNamingServiceAndTimeout()
        {
            Lane.Require();
            var service = _machine.Service("KPRService2");

            try
            {
                var error = Assert.Throws<CertDeployException>(
                    () => Bounded.Call(service.Name, "Start",
                        () => _services.Start(service.Name, TimeSpan.FromSeconds(1))));

                Assert.Equal(
                    "Service KPRService2 did not start within 1 seconds: it is still starting. Check "
                    + "the service in services.msc and the Windows event log; "
                    + "CERTDEPLOY_SERVICE_TIMEOUT sets a longer wait.", error.Message);
            }
            finally
            {
                Bounded.Call(service.Name, "Start", () => Bounded.Call(service.Name, "Start",
                    () => _services.Start(service.Name, Timeout)));
                Bounded.Call(service.Name, "Stop", () => _services.Stop(service.Name, Timeout));
            }
        }

        [Fact]
        public void Start_ServiceRefusingItsCertificate_ThrowsDidNotStartNamingService()
        {
            Lane.Require();
            var refused = _machine.OldSet.SigningThumbprint;
            var service = _machine.Register("KPRServiceRefusingToo", @"C:\CosDoc\RefusingToo",
                $"\"C:\\CosDoc\\RefusingToo\\{CosDocMachine.ExeName}\" --refuse {refused}",
                "LocalSystem", _machine.OldSet);
            try
            {
                var error = Assert.Throws<CertDeployException>(() => Bounded.Call(service.Name, "Start",
                    () => _services.Start(service.Name, Timeout)));

                Assert.Equal(
                    "Service KPRServiceRefusingToo did not start: it is stopped. The Windows event "
                    + "log (System and Application) has the service's own error.", error.Message);
                Assert.Equal(ServiceState.Stopped, _services.GetState(service.Name));
                Assert.Equal($"refused: thumbprint {refused} is refused by --refuse",
                    ServiceEvents.Read(service.Folder).First());
            }
            finally
            {
                _machine.Unregister(service.Name);
            }
        }

        [Fact]
        public void Stop_ServiceAlreadyStopped_ReturnsAndLeavesItStopped()
        {
            Lane.Require();
            var service = _machine.Service("CosDocScheduler");
            var eventsBefore = ServiceEvents.Read(service.Folder).Count;

            Bounded.Call(service.Name, "Stop", () => _services.Stop(service.Name, Timeout));

            Assert.Equal(ServiceState.Stopped, _services.GetState(service.Name));
            Assert.Equal(eventsBefore, ServiceEvents.Read(service.Folder).Count);
        }

        [Fact]
        public void Start_ServiceAlreadyRunning_LeavesItRunningWithoutRestart()
        {
            Lane.Require();
            var service = _machine.Service("KPRService1");
            Bounded.Call(service.Name, "Start", () => Bounded.Call(service.Name, "Start",
                    () => _services.Start(service.Name, Timeout)));
            try
            {
                var eventsBefore = ServiceEvents.Read(service.Folder).Count;

                Bounded.Call(service.Name, "Start", () => Bounded.Call(service.Name, "Start",
                    () => _services.Start(service.Name, Timeout)));

                Assert.Equal(ServiceState.Running, _services.GetState(service.Name));
                Assert.Equal(eventsBefore, ServiceEvents.Read(service.Folder).Count);
            }
            finally
            {
                Bounded.Call(service.Name, "Stop", () => _services.Stop(service.Name, Timeout));
            }
        }
    }
}
