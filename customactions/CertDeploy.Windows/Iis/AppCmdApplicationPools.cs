using System;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Runtime.Versioning;
using System.Threading;
using System.Threading.Tasks;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Iis;
using CertDeploy.Core.Ports;

namespace CertDeploy.Windows.Iis
{
    /// <summary>
    /// IIS application pools through %windir%\System32\inetsrv\appcmd.exe, the command-line tool
    /// that comes with IIS.
    /// </summary>
    /// <remarks>
    /// Not Microsoft.Web.Administration: it is not served for .NET Framework from the package
    /// registry this project builds from, and the copy in inetsrv is bound to the IIS version of
    /// the machine; a dependency-free adapter keeps the custom action DLL free of binding
    /// problems at install time. Relies on: "appcmd list apppool NAME /text:state" printing one
    /// of Started, Stopped, Starting, Stopping, Unknown; "recycle apppool" and "start apppool"
    /// exiting with 0 on success and otherwise printing "ERROR ( message:... )"; appcmd parsing
    /// its command line by the C runtime's rules, which <see cref="AppCmd.Join"/> follows.
    /// </remarks>
    [SupportedOSPlatform("windows")]
    public sealed class AppCmdApplicationPools : IApplicationPools
    {
        private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
        private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

        /// <inheritdoc />
        public ApplicationPoolState GetState(string poolName) =>
            AppCmd.ParseState(poolName, Run(poolName, "read the state of", AppCmd.StateArguments(poolName)));

        /// <inheritdoc />
        public void Recycle(string poolName) => Run(poolName, "recycle", AppCmd.RecycleArguments(poolName));

        /// <inheritdoc />
        public void Start(string poolName) => Run(poolName, "start", AppCmd.StartArguments(poolName));

        /// <inheritdoc />
        public ApplicationPoolState WaitWhilePending(string poolName, TimeSpan timeout)
        {
            var watch = Stopwatch.StartNew();
            while (true)
            {
                var state = GetState(poolName);
                var pending = state == ApplicationPoolState.Starting || state == ApplicationPoolState.Stopping;
                if (!pending || watch.Elapsed >= timeout)
                {
                    return state;
                }

                Thread.Sleep(PollInterval);
            }
        }

        private static string AppCmdPath()
        {
            var windows = Environment.GetEnvironmentVariable("windir") ?? @"C:\Windows";

            // A 32-bit process on 64-bit Windows sees SysWOW64 as System32; the 64-bit appcmd,
            // which reads the real configuration, is reachable there only as Sysnative.
            var native = Path.Combine(windows, "Sysnative", "inetsrv", "appcmd.exe");
            return File.Exists(native) ? native : Path.Combine(windows, "System32", "inetsrv", "appcmd.exe");
        }

        private static string Run(string poolName, string verb, string arguments)
        {
            var appCmd = AppCmdPath();
            if (!File.Exists(appCmd))
            {
                throw new CertDeployException($"Could not {verb} IIS application pool {poolName}: {appCmd} "
                    + "does not exist. Install the IIS management scripts and tools (Web Server role), or "
                    + "leave the application out of CERTDEPLOY_IIS_APPS.");
            }

            var start = new ProcessStartInfo(appCmd)
            {
                UseShellExecute = false,
                CreateNoWindow = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Arguments = arguments;

            try
            {
                using var process = Process.Start(start)
                    ?? throw new CertDeployException($"Could not {verb} IIS application pool {poolName}: "
                        + $"{appCmd} did not start.");
                var error = Task.Run(() => process.StandardError.ReadToEnd());
                var output = Task.Run(() => process.StandardOutput.ReadToEnd());
                if (!process.WaitForExit((int)CommandTimeout.TotalMilliseconds))
                {
                    process.Kill();
                    throw new CertDeployException($"Could not {verb} IIS application pool {poolName}: "
                        + $"appcmd did not finish within {CommandTimeout.TotalSeconds} seconds.");
                }

                var text = (output.Result + error.Result).Trim();
                if (process.ExitCode != 0 || text.StartsWith("ERROR", StringComparison.Ordinal))
                {
                    throw new CertDeployException($"Could not {verb} IIS application pool {poolName}: "
                        + $"appcmd exited with {process.ExitCode}: {text}");
                }

                return text;
            }
            catch (Win32Exception e)
            {
                throw Win32Failure.Wrap($"Could not {verb} IIS application pool {poolName}: running {appCmd} "
                    + "failed", e, "Run the installation as an administrator (elevated).");
            }
        }
    }
}
