using System;
using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace CertDeploy.Windows.Tests
{
    /// <summary>
    /// One service control manager handle that the test process holds open from start to end,
    /// under Wine only.
    /// </summary>
    /// <remarks>
    /// Measured under Wine 8.0: when threads of one process open and close service control
    /// manager handles at the same time (as ServiceController does for every call), calls on
    /// other threads fail with ERROR_INVALID_HANDLE or never return. While the process holds one
    /// such handle open, the same calls from four threads all succeed. Windows needs nothing of
    /// the kind, so the product opens its handles per call, as ServiceController does.
    /// </remarks>
    [SupportedOSPlatform("windows")]
    internal sealed class WineServiceManagerConnection : IDisposable
    {
        private const uint ScManagerConnect = 0x0001;

        private IntPtr _handle;

        private WineServiceManagerConnection(IntPtr handle) => _handle = handle;

        /// <summary>The held connection under Wine; null on Windows.</summary>
        public static WineServiceManagerConnection? OpenUnderWine()
        {
            if (!Lane.IsWine)
            {
                return null;
            }

            var handle = OpenSCManagerW(null, null, ScManagerConnect);
            if (handle == IntPtr.Zero)
            {
                throw new Win32Exception(Marshal.GetLastWin32Error(), "OpenSCManager failed");
            }

            return new WineServiceManagerConnection(handle);
        }

        public void Dispose()
        {
            if (_handle != IntPtr.Zero)
            {
                CloseServiceHandle(_handle);
                _handle = IntPtr.Zero;
            }
        }

        [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
        private static extern IntPtr OpenSCManagerW(string? machineName, string? databaseName,
            uint desiredAccess);

        [DllImport("advapi32.dll", SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        private static extern bool CloseServiceHandle(IntPtr handle);
    }
}
