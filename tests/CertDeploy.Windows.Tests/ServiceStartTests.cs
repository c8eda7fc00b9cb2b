using System;
using System.Diagnostics;
using System.Linq;
using System.ServiceProcess;
using Xunit;

namespace CertDeploy.Windows.Tests
{
    /// <summary>The test service starts only with both configured certificates in the store.</summary>
    public sealed class ServiceStartTests
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

        private readonly CosDocMachine _machine;

        public ServiceStartTests(CosDocMachine machine) => _machine = machine;

        [Fact]
        public void Start_EveryServiceConfiguredWithOldSet_RunsWithOldSetAndStopsCleanly()
        {
            Lane.Require();
            var expected = $"started with {_machine.OldSet.SigningThumbprint}/"
                + _machine.OldSet.EncryptionThumbprint;

            foreach (var service in _machine.Services)
            {
                using var controller = new ServiceController(service.Name);
                Bounded.Call(service.Name, "Start", controller.Start);
                controller.WaitForStatus(ServiceControllerStatus.Running, Timeout);
            }

            try
            {
                foreach (var service in _machine.Services)
                {
                    using var controller = new ServiceController(service.Name);
                    Assert.Equal(ServiceControllerStatus.Running, controller.Status);

                    // DigiHelseService reaches the old set only through appsettings.Production.json.
                    Assert.Equal(expected, ServiceEvents.Read(service.Folder).Last());
                }
            }
            finally
            {
                foreach (var service in _machine.Services)
                {
                    using var controller = new ServiceController(service.Name);
                    Bounded.Call(service.Name, "Stop", controller.Stop);
                    controller.WaitForStatus(ServiceControllerStatus.Stopped, Timeout);
                }
            }

            foreach (var service in _machine.Services)
            {
                Assert.Equal("stopped", ServiceEvents.Read(service.Folder).Last());
            }
        }

        [Fact]
        public void StartAndStop_ServiceTakingItsTime_PassesThroughPendingStates()
        {
            Lane.Require();
            using var controller = new ServiceController("KPRService2"); // 1500 ms either way

            var clock = Stopwatch.StartNew();
            Bounded.Call("KPRService2", "Start", controller.Start);
            controller.Refresh();
            var afterStart = controller.Status;
            controller.WaitForStatus(ServiceControllerStatus.Running, Timeout);
            var startTook = clock.Elapsed;

            clock.Restart();
            Bounded.Call("KPRService2", "Stop", controller.Stop);
            controller.Refresh();
            var afterStop = controller.Status;
            controller.WaitForStatus(ServiceControllerStatus.Stopped, Timeout);
            var stopTook = clock.Elapsed;

            Assert.Equal(ServiceControllerStatus.StartPending, afterStart);
            Assert.Equal(ServiceControllerStatus.StopPending, afterStop);
            Assert.InRange(startTook, TimeSpan.FromMilliseconds(1400), Timeout);
            Assert.InRange(stopTook, TimeSpan.FromMilliseconds(1400), Timeout);
        }

        [Fact]
        public void Start_SigningCertificateNotInStore_ServiceEndsStoppedAndSaysWhich()
        {
            Lane.Require();
            var service = _machine.Register("KPRServiceUnknownCert", @"C:\CosDoc\UnknownCert",
                $"\"C:\\CosDoc\\UnknownCert\\{CosDocMachine.ExeName}\"", "LocalSystem",
                new CertificateSet("absent", CosDocMachine.AbsentSigning, _machine.OldSet.EncryptionThumbprint));
            try
            {
                using var controller = new ServiceController(service.Name);
                StartExpectingFailure(controller);

                Assert.Equal(ServiceControllerStatus.Stopped, controller.Status);
                Assert.Equal(
                    $"refused: signing certificate {CosDocMachine.AbsentSigning} is not in LocalMachine\\My",
                    Assert.Single(ServiceEvents.Read(service.Folder)));
            }
            finally
            {
                _machine.Unregister(service.Name);
            }
        }

        [Fact]
        public void Start_ConfiguredThumbprintRefusedOnCommandLine_ServiceEndsStopped()
        {
            Lane.Require();
            var refused = _machine.OldSet.EncryptionThumbprint.ToLowerInvariant();
            var service = _machine.Register("KPRServiceRefusing", @"C:\CosDoc\Refusing",
                $"\"C:\\CosDoc\\Refusing\\{CosDocMachine.ExeName}\" --refuse {refused}", "LocalSystem",
                _machine.OldSet);
            try
            {
                using var controller = new ServiceController(service.Name);
                StartExpectingFailure(controller);

                Assert.Equal(ServiceControllerStatus.Stopped, controller.Status);
                Assert.Equal($"refused: thumbprint {refused} is refused by --refuse",
                    Assert.Single(ServiceEvents.Read(service.Folder)));
            }
            finally
            {
                _machine.Unregister(service.Name);
            }
        }

        // Windows starts the process and returns from StartService; the failure shows as the
        // service falling back to Stopped. Wine may also report it from Start itself.
        private static void StartExpectingFailure(ServiceController controller)
        {
            try
            {
                Bounded.Call(controller.ServiceName, "Start", controller.Start);
            }
            catch (InvalidOperationException)
            {
                // Reported at once: the state check below still applies.
            }

            controller.WaitForStatus(ServiceControllerStatus.Stopped, Timeout);
        }
    }
}
