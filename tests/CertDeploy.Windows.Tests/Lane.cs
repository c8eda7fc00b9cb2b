using System;
using System.Runtime.Versioning;
using Xunit;

// A Windows test program; off Windows (or outside the lane) every test skips at run time.
[assembly: SupportedOSPlatform("windows")]

namespace CertDeploy.Windows.Tests
{
    /// <summary>
    /// These tests register services and import certificates. They run only where the lane
    /// script says that this is a throw-away Windows (a fresh Wine prefix).
    /// </summary>
    internal static class Lane
    {
        public const string Variable = "CERTDEPLOY_WINDOWS_LANE";

        public static bool Enabled =>
            OperatingSystem.IsWindows() && Environment.GetEnvironmentVariable(Variable) == "1";

        /// <summary>Wine keeps its own configuration under HKLM\Software\Wine.</summary>
        public static bool IsWine
        {
            get
            {
                using var key = Microsoft.Win32.Registry.LocalMachine.OpenSubKey(@"Software\Wine");
                return key is not null;
            }
        }

        public static void Require()
        {
            if (!Enabled)
            {
                Assert.Skip($"Runs only in the Windows lane ({Variable}=1 on Windows or Wine): "
                    + "it registers services and imports certificates. See tests/wine.");
            }
        }
    }
}
