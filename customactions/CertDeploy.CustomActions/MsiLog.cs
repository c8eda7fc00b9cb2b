using CertDeploy.Core.Diagnostics;
using WixToolset.Dtf.WindowsInstaller;

namespace CertDeploy.CustomActions
{
    /// <summary>The core's log, written to the MSI log (the verbose log administrators read).</summary>
    internal sealed class MsiLog : ILog
    {
        /// <summary>
        /// Held while a message goes through the session handle: the restart step logs and
        /// reports progress from one thread per service group.
        /// </summary>
        internal static readonly object SessionGate = new object();

        private readonly Session _session;

        public MsiLog(Session session)
        {
            _session = session;
        }

        public void Write(LogLevel level, string template, params object?[] values)
        {
            var line = "CertDeploy " + level + ": " + LogExtensions.Render(template, values);

            lock (SessionGate)
            {
                // The single-argument overload: the rendered text may hold braces.
                _session.Log(line);
            }
        }
    }
}
