using System;
using System.Collections.Generic;

namespace CertDeploy.Core.Ports
{
    /// <summary>The state of a service as the service control manager reports it.</summary>
    public enum ServiceState
    {
        /// <summary>Stopped.</summary>
        Stopped,

        /// <summary>Starting.</summary>
        StartPending,

        /// <summary>Stopping.</summary>
        StopPending,

        /// <summary>Running.</summary>
        Running,

        /// <summary>Paused, or pausing or continuing.</summary>
        Paused,
    }

    /// <summary>How a service starts.</summary>
    public enum ServiceStartType
    {
        /// <summary>Started at boot (automatic, possibly delayed).</summary>
        Automatic,

        /// <summary>Started on demand.</summary>
        Manual,

        /// <summary>Disabled.</summary>
        Disabled,
    }

    /// <summary>What the service control manager and the service's registry key say of a service.</summary>
    /// <param name="Name">The service (key) name.</param>
    /// <param name="DisplayName">The name shown in services.msc.</param>
    /// <param name="StartType">How it starts.</param>
    /// <param name="State">Its current state.</param>
    /// <param name="ImagePath">
    /// The registry value ImagePath as stored, environment variables not expanded.
    /// </param>
    /// <param name="ObjectName">The registry value ObjectName: the account it runs as.</param>
    /// <param name="Environment">The registry value Environment (NAME=value lines); empty if absent.</param>
    /// <param name="DependsOn">The services this one depends on.</param>
    public sealed record ServiceInfo(
        string Name,
        string DisplayName,
        ServiceStartType StartType,
        ServiceState State,
        string ImagePath,
        string ObjectName,
        IReadOnlyList<string> Environment,
        IReadOnlyList<string> DependsOn);

    /// <summary>
    /// The service control manager. Stop and Start wait for the final state and throw
    /// <see cref="Diagnostics.CertDeployException"/> naming the service when it is not reached in time.
    /// </summary>
    public interface IServiceControl
    {
        /// <summary>The names of every service on the machine.</summary>
        IReadOnlyList<string> ListServiceNames();

        /// <summary>Reads a service's configuration and state; null if there is no such service.</summary>
        ServiceInfo? Describe(string serviceName);

        /// <summary>The current state of a service.</summary>
        ServiceState GetState(string serviceName);

        /// <summary>Stops a service and waits until it is stopped.</summary>
        void Stop(string serviceName, TimeSpan timeout);

        /// <summary>Starts a service and waits until it is running.</summary>
        void Start(string serviceName, TimeSpan timeout);
    }
}
