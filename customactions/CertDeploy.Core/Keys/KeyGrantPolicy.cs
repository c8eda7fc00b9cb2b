using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using CertDeploy.Core.Diagnostics;

namespace CertDeploy.Core.Keys
{
    /// <summary>
    /// Who may be given read access to a private key file: one account's SID, never a group
    /// that every user or computer belongs to.
    /// </summary>
    public static class KeyGrantPolicy
    {
        private static readonly Regex SidPattern = new Regex(
            @"^S-1-[0-9]+(-[0-9]+)+$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        // Well-known SIDs, not names: names of these groups are localised ("Alle" for Everyone
        // on Norwegian Windows), the SIDs are the same everywhere.
        private static readonly Dictionary<string, string> BroadGroups =
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["S-1-1-0"] = "Everyone",
                ["S-1-5-7"] = "Anonymous Logon",
                ["S-1-5-4"] = "Interactive",
                ["S-1-5-2"] = "Network",
                ["S-1-5-11"] = "Authenticated Users",
                ["S-1-5-32-545"] = "Users",
                ["S-1-5-32-546"] = "Guests",
            };

        // Domain groups whose relative identifier is fixed: S-1-5-21-<domain>-<rid>.
        private static readonly Dictionary<string, string> BroadDomainGroups =
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["513"] = "Domain Users",
                ["514"] = "Domain Guests",
                ["515"] = "Domain Computers",
            };

        /// <summary>Whether the text is a SID in string form ("S-1-5-...").</summary>
        public static bool IsWellFormedSid(string? sid) => sid != null && SidPattern.IsMatch(sid);

        /// <summary>The English name of a group too broad to be given a key, or null.</summary>
        public static string? BroadGroupName(string sid)
        {
            var trimmed = sid.Trim();
            if (BroadGroups.TryGetValue(trimmed, out var name))
            {
                return name;
            }

            var parts = trimmed.Split('-');
            var isDomainSid = parts.Length == 8
                && trimmed.StartsWith("S-1-5-21-", StringComparison.OrdinalIgnoreCase);
            return isDomainSid && BroadDomainGroups.TryGetValue(parts[7], out var domainGroup)
                ? domainGroup
                : null;
        }

        /// <summary>Throws unless read access to the key file may be given to the SID.</summary>
        /// <exception cref="CertDeployException">The SID is malformed or a broad group.</exception>
        public static void EnsureGrantable(string keyFilePath, string sid)
        {
            if (!IsWellFormedSid(sid))
            {
                throw new CertDeployException(
                    $"Cannot give \"{sid}\" read access to the private key file {keyFilePath}: " +
                    "it is not a security identifier (S-1-5-...). This is a fault in CertDeploy's " +
                    "plan; run CertDeploy again, and report it if it happens again.");
            }

            var group = BroadGroupName(sid);
            if (group != null)
            {
                throw new CertDeployException(
                    $"Refusing to give {sid} ({group}) read access to the private key file " +
                    $"{keyFilePath}: every member of that group could then use the enterprise " +
                    "certificate. Run the service under its own account (for example " +
                    "NT SERVICE\\<service name>) and run CertDeploy again.");
            }
        }
    }
}
