using System;

namespace CertDeploy.Core.Ports
{
    /// <summary>The time, and waiting. Tests use a clock that moves only when told to.</summary>
    public interface IClock
    {
        /// <summary>The current time.</summary>
        DateTimeOffset UtcNow { get; }

        /// <summary>Waits for the given time.</summary>
        void Sleep(TimeSpan duration);
    }
}
