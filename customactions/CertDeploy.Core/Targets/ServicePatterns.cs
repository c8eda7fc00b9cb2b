using System;
using System.Collections.Generic;
using System.Linq;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Installer;

namespace CertDeploy.Core.Targets
{
    /// <summary>
    /// The service name patterns that choose the services CertDeploy configures, from the
    /// property CERTDEPLOY_SERVICES or the default set.
    /// </summary>
    public static class ServicePatterns
    {
        private static readonly string[] DefaultPatterns =
        {
            "KPR*",
            "DigiHelse*",
            "Authentication",
            "CosDocAuthServer",
        };

        /// <summary>
        /// The KPR services (KPR*), the DigiHelse services (DigiHelse*) and the Kjernejournal
        /// authentication service, which is called Authentication or CosDocAuthServer depending on
        /// the CosDoc version.
        /// </summary>
        public static IReadOnlyList<string> Default => DefaultPatterns;

        /// <summary>
        /// Reads a semicolon-separated list of patterns: items are trimmed, empty items ignored,
        /// and a null, blank or empty list gives <see cref="Default"/>.
        /// </summary>
        /// <exception cref="CertDeployException">
        /// An item holds '/', '\' or an invisible character (which no service name contains), or
        /// consists of wildcards only (it would choose services by no name at all); every bad
        /// item is reported.
        /// </exception>
        public static IReadOnlyList<string> Parse(string? semicolonSeparated) =>
            PatternList.Parse(semicolonSeparated, Default, Problem, "ServicePatternInvalid");

        /// <summary>
        /// Whether a service name matches a pattern as a whole, ignoring case: '*' stands for any
        /// run of characters (also none), '?' for exactly one.
        /// </summary>
        public static bool Matches(string pattern, string serviceName)
        {
            if (pattern == null)
            {
                throw new ArgumentNullException(nameof(pattern));
            }

            if (serviceName == null)
            {
                throw new ArgumentNullException(nameof(serviceName));
            }

            var p = 0;
            var s = 0;
            var starAt = -1;
            var resumeAt = 0;

            while (s < serviceName.Length)
            {
                if (p < pattern.Length && pattern[p] == '*')
                {
                    starAt = p++;
                    resumeAt = s;
                }
                else if (p < pattern.Length
                    && (pattern[p] == '?' || SameLetter(pattern[p], serviceName[s])))
                {
                    p++;
                    s++;
                }
                else if (starAt >= 0)
                {
                    p = starAt + 1;
                    s = ++resumeAt;
                }
                else
                {
                    return false;
                }
            }

            while (p < pattern.Length && pattern[p] == '*')
            {
                p++;
            }

            return p == pattern.Length;
        }

        private static string? Problem(string item)
        {
            var badCharacter = item.FirstOrDefault(c => c == '/' || c == '\\');
            if (badCharacter != default)
            {
                return $"Service pattern \"{item}\" in {PropertyNames.ServicePatterns} contains "
                    + $"\"{badCharacter}\", which cannot be part of a service name. Give service "
                    + "names (not paths) separated by semicolons, for example KPR*;DigiHelse*.";
            }

            var hidden = VisibleText.FirstHidden(item);
            if (hidden != null)
            {
                return $"Service pattern \"{VisibleText.Render(item)}\" in "
                    + $"{PropertyNames.ServicePatterns} holds {hidden}, which no service name "
                    + "contains (it comes with copy and paste). Type the pattern again.";
            }

            if (item.All(c => c == '*' || c == '?'))
            {
                var what = item.IndexOf('*') >= 0
                    ? "every service on the machine"
                    : $"every service whose name has {item.Length} letters";
                return $"Service pattern \"{item}\" in {PropertyNames.ServicePatterns} matches "
                    + $"{what}. Name the services to configure, for example KPR*;DigiHelse*.";
            }

            return null;
        }

        private static bool SameLetter(char a, char b) =>
            a == b || char.ToUpperInvariant(a) == char.ToUpperInvariant(b);
    }
}
