using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace CertDeploy.Windows.Tests
{
    /// <summary>Reads service-events.log that the test service writes beside its exe.</summary>
    internal static class ServiceEvents
    {
        public static IReadOnlyList<string> Read(string folder)
        {
            var path = Path.Combine(folder, "service-events.log");
            if (!File.Exists(path))
            {
                return new List<string>();
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read,
                FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd()
                .Split(new[] { "\r\n", "\n" }, System.StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Substring(line.IndexOf('\t') + 1))
                .ToList();
        }
    }
}
