using CertDeploy.Core.Diagnostics;
using WixToolset.Dtf.WindowsInstaller;

namespace CertDeploy.CustomActions
{
    /// <summary>The core's log, written to the MSI log (the verbose log administrators read).</summary>
    internal sealed class MsiLog : ILog
    {
        private readonly Session _session;

        public MsiLog(Session session)
        {
            _session = session;
        }

        public void Write(LogLevel level, string template, params object?[] values)
        {
            // The single-argument overload: the rendered text may hold braces.
            _session.Log("CertDeploy " + level + ": " + LogExtensions.Render(template, values));
        }
    }
}
