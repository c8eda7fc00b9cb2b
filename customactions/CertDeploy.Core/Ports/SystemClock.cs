using System;
using System.Threading;

namespace CertDeploy.Core.Ports
{
    /// <summary>The real clock: the system's UTC time, and sleeping the calling thread.</summary>
    public sealed class SystemClock : IClock
    {
        /// <inheritdoc />
        public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;

        /// <inheritdoc />
        public void Sleep(TimeSpan duration)
        {
            if (duration <= TimeSpan.Zero)
            {
                return;
            }

            Thread.Sleep(duration);
        }
    }
}
