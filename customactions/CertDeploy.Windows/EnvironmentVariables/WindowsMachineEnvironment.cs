using System;
using System.Runtime.Versioning;
using System.Security;
using System.Text.RegularExpressions;
using CertDeploy.Core.Ports;

namespace CertDeploy.Windows.EnvironmentVariables
{
    /// <summary>
    /// The machine's environment variables: %NAME% expansion by
    /// <see cref="Environment.ExpandEnvironmentVariables"/>, machine-wide variables from
    /// HKLM\SYSTEM\CurrentControlSet\Control\Session Manager\Environment.
    /// </summary>
    /// <remarks>
    /// Relies on: WOW64 giving a 32-bit process %ProgramFiles% = C:\Program Files (x86) and
    /// %CommonProgramFiles% likewise, while the 64-bit service control manager expands them to
    /// the 64-bit folders; ProgramW6432 and CommonProgramW6432 holding the 64-bit ones. Custom
    /// actions may run in a 32-bit process, so the two are replaced by the 64-bit values there.
    /// </remarks>
    [SupportedOSPlatform("windows")]
    public sealed class WindowsMachineEnvironment : IMachineEnvironment
    {
        private static readonly Regex ProgramFilesVariable = new Regex(
            "%(ProgramFiles|CommonProgramFiles)%", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        /// <inheritdoc />
        public string ExpandVariables(string text)
        {
            var asServicesSeeIt = Environment.Is64BitOperatingSystem && !Environment.Is64BitProcess
                ? ProgramFilesVariable.Replace(text, NativeFolder)
                : text;

            return Environment.ExpandEnvironmentVariables(asServicesSeeIt);
        }

        /// <inheritdoc />
        public string? GetMachineVariable(string name)
        {
            try
            {
                return Environment.GetEnvironmentVariable(name, EnvironmentVariableTarget.Machine);
            }
            catch (SecurityException error)
            {
                throw Win32Failure.Wrap($"Could not read the machine environment variable {name}", error,
                    "Run the installation as an administrator (elevated).");
            }
        }

        private static string NativeFolder(Match match)
        {
            var isProgramFiles = string.Equals(
                match.Groups[1].Value, "ProgramFiles", StringComparison.OrdinalIgnoreCase);
            var native = isProgramFiles
                ? Environment.GetEnvironmentVariable("ProgramW6432")
                : Environment.GetEnvironmentVariable("CommonProgramW6432");

            return string.IsNullOrEmpty(native) ? match.Value : native!;
        }
    }
}
