using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Linq;
using System.Runtime.Versioning;
using System.Security;
using System.ServiceProcess;
using System.Threading;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Ports;
using Microsoft.Win32;

namespace CertDeploy.Windows.Services
{
    /// <summary>
    /// The service control manager through <see cref="ServiceController"/>, and each service's
    /// registry key HKLM\SYSTEM\CurrentControlSet\Services\&lt;name&gt; for what the controller
    /// does not tell (ImagePath as stored, ObjectName, Environment, DependOnService).
    /// </summary>
    /// <remarks>
    /// Relies on: ServiceController.Status re-reading the state after Refresh; Stop stopping the
    /// running services that depend on the service first (both on .NET Framework and .NET),
    /// which is why <see cref="Stop"/> refuses while such a service runs; StartService returning
    /// once the service process has been created, so that a service that fails to start shows
    /// as Stopped soon after. Waiting polls the state every 250 ms after Refresh, as
    /// ServiceController.WaitForStatus does, but also ends when the service settles in another
    /// state than the one wanted, so that a service that stops while starting is reported at
    /// once instead of after the whole timeout.
    /// </remarks>
    [SupportedOSPlatform("windows")]
    public sealed class WindowsServiceControl : IServiceControl
    {
        private const string ServicesKey = @"SYSTEM\CurrentControlSet\Services";

        private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

        /// <inheritdoc />
        public IReadOnlyList<string> ListServiceNames()
        {
            ServiceController[] services;
            try
            {
                services = ServiceController.GetServices();
            }
            catch (Exception error) when (error is InvalidOperationException || error is Win32Exception)
            {
                throw Win32Failure.Wrap("Could not list the services of this machine", error,
                    "Run the installation as an administrator (elevated).");
            }

            try
            {
                return services
                    .Select(s => s.ServiceName)
                    .OrderBy(n => n, StringComparer.OrdinalIgnoreCase)
                    .ToList();
            }
            finally
            {
                foreach (var service in services)
                {
                    service.Dispose();
                }
            }
        }

        /// <inheritdoc />
        /// <remarks>
        /// ImagePath is read with RegistryValueOptions.DoNotExpandEnvironmentNames: the core
        /// expands it as the service control manager would. A missing ObjectName is LocalSystem,
        /// the account the service control manager uses when none is set. DependOnGroup (load
        /// order groups) is not read.
        /// </remarks>
        public ServiceInfo? Describe(string serviceName)
        {
            using var key = OpenServiceKey(serviceName);
            if (key == null)
            {
                return null;
            }

            using var controller = new ServiceController(serviceName);
            string displayName;
            ServiceControllerStatus status;
            ServiceStartMode startMode;
            try
            {
                controller.Refresh();
                displayName = controller.DisplayName;
                status = controller.Status;
                startMode = controller.StartType;
            }
            catch (InvalidOperationException error)
                when (Win32Failure.ErrorCode(error) == Win32Failure.ServiceDoesNotExist)
            {
                return null;
            }
            catch (Exception error) when (error is InvalidOperationException || error is Win32Exception)
            {
                throw Win32Failure.Wrap($"Could not read service {serviceName}", error,
                    "Run the installation as an administrator (elevated).");
            }

            // RegistryKey.Name repeats the path as it was asked for, and the controller keeps the
            // name it was given: only the parent key's list has the name in its registered case.
            var registeredName = RegisteredName(serviceName);

            return new ServiceInfo(
                registeredName,
                displayName,
                MapStartType(startMode),
                MapState(status),
                ReadString(key, "ImagePath") ?? "",
                ReadString(key, "ObjectName") ?? "LocalSystem",
                ReadMultiString(key, "Environment"),
                ReadMultiString(key, "DependOnService"));
        }

        /// <inheritdoc />
        public ServiceState GetState(string serviceName)
        {
            using var controller = new ServiceController(serviceName);
            return MapState(Status(controller, serviceName));
        }

        /// <inheritdoc />
        /// <remarks>
        /// A service that is starting or stopping is waited for first. A stopped service stays
        /// as it is. The timeout covers the whole call.
        /// </remarks>
        public void Stop(string serviceName, TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            using var controller = new ServiceController(serviceName);

            var state = Settle(controller, serviceName, "stop", timeout, clock);
            if (state == ServiceControllerStatus.Stopped)
            {
                return;
            }

            EnsureNoRunningDependents(controller, serviceName);
            Control(serviceName, "stop", controller.Stop);

            state = Settle(controller, serviceName, "stop", timeout, clock);
            if (state != ServiceControllerStatus.Stopped)
            {
                throw new CertDeployException(
                    $"Service {serviceName} did not stop: it is {Describe(state)}. Stop it in " +
                    "services.msc and run the installation again.");
            }
        }

        /// <inheritdoc />
        /// <remarks>
        /// A service that is starting or stopping is waited for first; a running one stays as it
        /// is; a paused one is continued. The timeout covers the whole call.
        /// </remarks>
        public void Start(string serviceName, TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            using var controller = new ServiceController(serviceName);

            var state = Settle(controller, serviceName, "start", timeout, clock);
            if (state == ServiceControllerStatus.Running)
            {
                return;
            }

            if (state == ServiceControllerStatus.Paused)
            {
                Control(serviceName, "continue", controller.Continue);
            }
            else
            {
                Control(serviceName, "start", controller.Start);
            }

            state = Settle(controller, serviceName, "start", timeout, clock);
            if (state != ServiceControllerStatus.Running)
            {
                throw new CertDeployException(
                    $"Service {serviceName} did not start: it is {Describe(state)}. The Windows " +
                    "event log (System and Application) has the service's own error.");
            }
        }

        private static ServiceControllerStatus Settle(
            ServiceController controller, string serviceName, string verb, TimeSpan timeout, Stopwatch clock)
        {
            while (true)
            {
                var status = Status(controller, serviceName);
                if (!IsPending(status))
                {
                    return status;
                }

                var left = timeout - clock.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    throw new CertDeployException(
                        $"Service {serviceName} did not {verb} within {timeout.TotalSeconds:0} " +
                        $"seconds: it is still {Describe(status)}. Check the service in " +
                        "services.msc and the Windows event log; CERTDEPLOY_SERVICE_TIMEOUT sets a " +
                        "longer wait.");
                }

                Thread.Sleep(left < PollInterval ? left : PollInterval);
            }
        }

        private static ServiceControllerStatus Status(ServiceController controller, string serviceName)
        {
            try
            {
                controller.Refresh();
                return controller.Status;
            }
            catch (Exception error) when (error is InvalidOperationException || error is Win32Exception)
            {
                var advice = Win32Failure.ErrorCode(error) == Win32Failure.ServiceDoesNotExist
                    ? "The service was removed or renamed; run the installation again."
                    : "Run the installation as an administrator (elevated).";
                throw Win32Failure.Wrap($"Could not read the state of service {serviceName}", error, advice);
            }
        }

        private static void Control(string serviceName, string verb, Action control)
        {
            try
            {
                control();
            }
            catch (Exception error) when (error is InvalidOperationException || error is Win32Exception)
            {
                throw Win32Failure.Wrap($"Could not {verb} service {serviceName}", error,
                    "Check the service in services.msc and the Windows event log.");
            }
        }

        private static void EnsureNoRunningDependents(ServiceController controller, string serviceName)
        {
            ServiceController[] dependents;
            try
            {
                dependents = controller.DependentServices;
            }
            catch (Exception error) when (error is InvalidOperationException || error is Win32Exception)
            {
                throw Win32Failure.Wrap(
                    $"Could not read which services depend on service {serviceName}", error);
            }

            try
            {
                var running = dependents
                    .Where(d => Status(d, d.ServiceName) != ServiceControllerStatus.Stopped)
                    .Select(d => d.ServiceName)
                    .ToList();
                if (running.Count > 0)
                {
                    throw new CertDeployException(
                        $"Cannot stop service {serviceName}: the running service(s) " +
                        $"{string.Join(", ", running)} depend on it, and stopping it would stop " +
                        "them too without starting them again. Add them to CERTDEPLOY_SERVICES, or " +
                        "stop them before running the installation.");
                }
            }
            finally
            {
                foreach (var dependent in dependents)
                {
                    dependent.Dispose();
                }

                // DependentServices caches the array just disposed, and ServiceController.Stop
                // walks that cached array, reading each dependent's status: a disposed one throws
                // ObjectDisposedException. Refresh drops the cache so Stop enumerates afresh.
                controller.Refresh();
            }
        }

        private static RegistryKey? OpenServiceKey(string serviceName)
        {
            // SYSTEM is not redirected for 32-bit processes, so the default view is the real one.
            try
            {
                return Registry.LocalMachine.OpenSubKey(ServicesKey + "\\" + serviceName, writable: false);
            }
            catch (Exception error) when (error is SecurityException || error is UnauthorizedAccessException)
            {
                throw Win32Failure.Wrap($@"Could not read the registry key HKLM\{ServicesKey}\{serviceName}",
                    error, "Run the installation as an administrator (elevated).");
            }
        }

        private static string RegisteredName(string serviceName)
        {
            try
            {
                using var services = Registry.LocalMachine.OpenSubKey(ServicesKey, writable: false);
                var registered = services?.GetSubKeyNames().FirstOrDefault(
                    n => string.Equals(n, serviceName, StringComparison.OrdinalIgnoreCase));
                return registered ?? serviceName;
            }
            catch (Exception error) when (error is SecurityException || error is UnauthorizedAccessException)
            {
                throw Win32Failure.Wrap($@"Could not list the registry key HKLM\{ServicesKey}", error,
                    "Run the installation as an administrator (elevated).");
            }
        }

        private static string? ReadString(RegistryKey key, string name) =>
            key.GetValue(name, null, RegistryValueOptions.DoNotExpandEnvironmentNames) switch
            {
                string text => text,
                string[] lines => string.Join(" ", lines),
                _ => null,
            };

        private static IReadOnlyList<string> ReadMultiString(RegistryKey key, string name) =>
            key.GetValue(name, null, RegistryValueOptions.DoNotExpandEnvironmentNames) switch
            {
                string[] lines => lines.Where(l => l.Length > 0).ToList(),
                string text when text.Length > 0 => new[] { text },
                _ => Array.Empty<string>(),
            };

        private static bool IsPending(ServiceControllerStatus status) =>
            status == ServiceControllerStatus.StartPending
            || status == ServiceControllerStatus.StopPending
            || status == ServiceControllerStatus.ContinuePending
            || status == ServiceControllerStatus.PausePending;

        private static ServiceState MapState(ServiceControllerStatus status) => status switch
        {
            ServiceControllerStatus.Stopped => ServiceState.Stopped,
            ServiceControllerStatus.StartPending => ServiceState.StartPending,
            ServiceControllerStatus.StopPending => ServiceState.StopPending,
            ServiceControllerStatus.Running => ServiceState.Running,
            _ => ServiceState.Paused,
        };

        private static ServiceStartType MapStartType(ServiceStartMode mode) => mode switch
        {
            ServiceStartMode.Disabled => ServiceStartType.Disabled,
            ServiceStartMode.Manual => ServiceStartType.Manual,
            _ => ServiceStartType.Automatic,
        };

        private static string Describe(ServiceControllerStatus status) => status switch
        {
            ServiceControllerStatus.StartPending => "starting",
            ServiceControllerStatus.StopPending => "stopping",
            ServiceControllerStatus.ContinuePending => "continuing",
            ServiceControllerStatus.PausePending => "pausing",
            _ => status.ToString().ToLowerInvariant(),
        };
    }
}
