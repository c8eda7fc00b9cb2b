using System.Runtime.Versioning;
using CertDeploy.Core.Ports;
using CertDeploy.Windows.Accounts;
using CertDeploy.Windows.Backup;
using CertDeploy.Windows.EnvironmentVariables;
using CertDeploy.Windows.Keys;
using CertDeploy.Windows.Services;
using CertDeploy.Windows.Store;

namespace CertDeploy.Windows
{
    /// <summary>The core's ports on this Windows machine, for the custom action entry points.</summary>
    [SupportedOSPlatform("windows")]
    public static class WindowsMachine
    {
        /// <summary>Every port on Win32; the file system is the core's own, the same on every OS.</summary>
        public static MachinePorts Create() => new MachinePorts(
            new WindowsCertificateStore(),
            new WindowsServiceControl(),
            new WindowsAccountLookup(),
            new WindowsKeyAccess(),
            new PhysicalFileSystem(),
            new WindowsBackupFolderGuard(),
            new WindowsMachineEnvironment(),
            new SystemClock());
    }
}
