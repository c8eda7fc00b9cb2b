using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace CertDeploy.TestService
{
    /// <summary>
    /// service-events.log beside the exe: one line per event, "UTC time, tab, event", so that a
    /// test can assert what the service saw.
    /// </summary>
    internal static class EventFile
    {
        public const string FileName = "service-events.log";

        public static void Append(string text)
        {
            var path = Path.Combine(AppContext.BaseDirectory, FileName);
            var line = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)
                + "\t" + text + Environment.NewLine;

            using var stream = new FileStream(
                path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            var bytes = Encoding.UTF8.GetBytes(line);
            stream.Write(bytes, 0, bytes.Length);
        }
    }
}
