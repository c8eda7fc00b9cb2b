using System;
using System.Linq;
using System.ServiceProcess;
using Microsoft.Win32;
using Xunit;

namespace CertDeploy.Windows.Tests
{
    /// <summary>The machine the later scenarios stand on: store and service registrations.</summary>
    public sealed class LaneSetUpTests
    {
        private readonly CosDocMachine _machine;

        public LaneSetUpTests(CosDocMachine machine) => _machine = machine;

        [Fact]
        public void Store_AfterImportingBothSets_HoldsAllFourThumbprints()
        {
            Lane.Require();

            var thumbprints = CertificateStoreAccess.Thumbprints();

            Assert.Contains(_machine.OldSet.SigningThumbprint, thumbprints);
            Assert.Contains(_machine.OldSet.EncryptionThumbprint, thumbprints);
            Assert.Contains(_machine.NewSet.SigningThumbprint, thumbprints);
            Assert.Contains(_machine.NewSet.EncryptionThumbprint, thumbprints);
            Assert.DoesNotContain(CosDocMachine.AbsentSigning, thumbprints);
        }

        [Fact]
        public void GetServices_AfterRegistration_ListsAllFiveStoppedWithDisplayNames()
        {
            Lane.Require();

            var listed = ServiceController.GetServices();
            try
            {
                foreach (var expected in _machine.Services)
                {
                    var service = Assert.Single(listed, s => s.ServiceName == expected.Name);
                    Assert.Equal(expected.DisplayName, service.DisplayName);
                    Assert.Equal(ServiceControllerStatus.Stopped, service.Status);
                    Assert.Equal(ServiceStartMode.Manual, service.StartType);
                }
            }
            finally
            {
                foreach (var service in listed)
                {
                    service.Dispose();
                }
            }
        }

        [Theory]
        [InlineData("KPRService1")]      // quoted path with spaces
        [InlineData("KPRService2")]      // unquoted path with spaces and arguments
        [InlineData("DigiHelseService")] // %ProgramFiles% kept unexpanded
        [InlineData("CosDocAuthServer")] // quoted path followed by arguments
        [InlineData("CosDocScheduler")]  // matches no pattern
        public void Registry_AfterCreateService_KeepsImagePathAndObjectNameAsGiven(string name)
        {
            Lane.Require();
            var expected = _machine.Service(name);

            using var key = Registry.LocalMachine.OpenSubKey(@"SYSTEM\CurrentControlSet\Services\" + name);

            Assert.NotNull(key);
            Assert.Equal(RegistryValueKind.ExpandString, key.GetValueKind("ImagePath"));
            Assert.Equal(expected.ImagePath,
                key.GetValue("ImagePath", null, RegistryValueOptions.DoNotExpandEnvironmentNames));
            Assert.Equal(expected.ObjectName, key.GetValue("ObjectName"));
        }
    }
}
