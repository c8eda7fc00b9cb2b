using System;
using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace CertDeploy.Windows.Tests
{
    /// <summary>
    /// Registers and deletes services through the service control manager (CreateServiceW), so
    /// that ImagePath and ObjectName are stored exactly as given, as an installer would.
    /// </summary>
    [SupportedOSPlatform("windows")]
    internal static class ServiceRegistration
    {
        private const uint ScManagerAllAccess = 0xF003F;
        private const uint ServiceAllAccess = 0xF01FF;
        private const uint ServiceWin32OwnProcess = 0x10;
        private const uint ServiceDemandStart = 0x3;
        private const uint ServiceErrorNormal = 0x1;
        private const int ErrorServiceDoesNotExist = 1060;

        public static void Create(string name, string displayName, string imagePath, string objectName,
            string? dependsOn = null)
        {
            // lpDependencies is a list of names, each ended by a NUL, the list by one more.
            var dependencies = dependsOn == null ? null : dependsOn + "\0\0";
            using var manager = OpenManager();
            var service = CreateServiceW(manager.Handle, name, displayName, ServiceAllAccess,
                ServiceWin32OwnProcess, ServiceDemandStart, ServiceErrorNormal, imagePath, null,
                IntPtr.Zero, dependencies, objectName, null);
            if (service == IntPtr.Zero)
            {
                throw new Win32Exception(Marshal.GetLastWin32Error(), $"CreateService {name} failed");
            }

            CloseServiceHandle(service);
        }

        /// <summary>Deletes the service; true if it existed.</summary>
        public static bool Delete(string name)
        {
            using var manager = OpenManager();
            var service = OpenServiceW(manager.Handle, name, ServiceAllAccess);
            if (service == IntPtr.Zero)
            {
                var error = Marshal.GetLastWin32Error();
                return error == ErrorServiceDoesNotExist
                    ? false
                    : throw new Win32Exception(error, $"OpenService {name} failed");
            }

            try
            {
                if (!DeleteService(service))
                {
                    throw new Win32Exception(Marshal.GetLastWin32Error(), $"DeleteService {name} failed");
                }

                return true;
            }
            finally
            {
                CloseServiceHandle(service);
            }
        }

        private static ManagerHandle OpenManager()
        {
            var handle = OpenSCManagerW(null, null, ScManagerAllAccess);
            if (handle == IntPtr.Zero)
            {
                throw new Win32Exception(Marshal.GetLastWin32Error(), "OpenSCManager failed");
            }

            return new ManagerHandle(handle);
        }

        private sealed class ManagerHandle : IDisposable
        {
            public ManagerHandle(IntPtr handle) => Handle = handle;

            public IntPtr Handle { get; }

            public void Dispose() => CloseServiceHandle(Handle);
        }

        [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
        private static extern IntPtr OpenSCManagerW(string? machineName, string? databaseName,
            uint desiredAccess);

        [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
        private static extern IntPtr CreateServiceW(IntPtr manager, string serviceName,
            string displayName, uint desiredAccess, uint serviceType, uint startType,
            uint errorControl, string binaryPathName, string? loadOrderGroup, IntPtr tagId,
            string? dependencies, string? serviceStartName, string? password);

        [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
        private static extern IntPtr OpenServiceW(IntPtr manager, string serviceName,
            uint desiredAccess);

        [DllImport("advapi32.dll", SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        private static extern bool DeleteService(IntPtr service);

        [DllImport("advapi32.dll", SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        private static extern bool CloseServiceHandle(IntPtr handle);
    }
}
