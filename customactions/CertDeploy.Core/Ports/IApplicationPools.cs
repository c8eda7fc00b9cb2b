using System;

namespace CertDeploy.Core.Ports
{
    /// <summary>The state of an IIS application pool, as IIS reports it.</summary>
    public enum ApplicationPoolState
    {
        /// <summary>Starting.</summary>
        Starting,

        /// <summary>Started: it serves requests (its worker process starts on demand).</summary>
        Started,

        /// <summary>Stopping.</summary>
        Stopping,

        /// <summary>
        /// Stopped: by an administrator, or by IIS itself after its worker process failed
        /// repeatedly (rapid-fail protection).
        /// </summary>
        Stopped,

        /// <summary>IIS does not know (the Windows Process Activation Service is not running).</summary>
        Unknown,
    }

    /// <summary>
    /// The application pools of IIS on this machine. Every method throws
    /// <see cref="Diagnostics.CertDeployException"/> naming the pool when IIS refuses or the pool
    /// does not exist.
    /// </summary>
    public interface IApplicationPools
    {
        /// <summary>The pool's current state.</summary>
        ApplicationPoolState GetState(string poolName);

        /// <summary>
        /// Recycles a started pool: IIS starts a new worker process with the configuration and
        /// key access of now and lets the old one finish its requests.
        /// </summary>
        void Recycle(string poolName);

        /// <summary>Starts a stopped pool.</summary>
        void Start(string poolName);

        /// <summary>
        /// Waits while the pool is starting or stopping, at most <paramref name="timeout"/>, and
        /// returns the state it is in then (possibly still a pending one).
        /// </summary>
        ApplicationPoolState WaitWhilePending(string poolName, TimeSpan timeout);
    }
}
