using System;
using System.Collections.Generic;
using System.Linq;
using CertDeploy.Core.Diagnostics;

namespace CertDeploy.Core.Targets
{
    /// <summary>The reading shared by the service and the IIS application pattern properties.</summary>
    internal static class PatternList
    {
        /// <summary>
        /// Splits a semicolon-separated list: items trimmed, empty items and repeats (ignoring
        /// case) dropped, blank gives <paramref name="defaults"/>. Every item for which
        /// <paramref name="problem"/> returns a message is reported, all at once.
        /// </summary>
        public static IReadOnlyList<string> Parse(string? semicolonSeparated, IReadOnlyList<string> defaults,
            Func<string, string?> problem, string findingCode)
        {
            if (string.IsNullOrWhiteSpace(semicolonSeparated))
            {
                return defaults;
            }

            var patterns = new List<string>();
            var findings = new List<Finding>();

            foreach (var item in semicolonSeparated!.Split(';').Select(i => i.Trim()).Where(i => i.Length > 0))
            {
                var message = problem(item);
                if (message != null)
                {
                    findings.Add(Finding.Error(findingCode, message));
                }
                else if (!patterns.Contains(item, StringComparer.OrdinalIgnoreCase))
                {
                    patterns.Add(item);
                }
            }

            if (findings.Count > 0)
            {
                throw new CertDeployException(findings);
            }

            return patterns.Count == 0 ? defaults : patterns;
        }
    }
}
