using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Ports;

namespace CertDeploy.Core.Targets
{
    /// <summary>The account a service runs as, translated to its security identifier.</summary>
    /// <param name="AccountName">The account as ObjectName names it, for the log.</param>
    /// <param name="Sid">The security identifier in string form ("S-1-5-80-...").</param>
    /// <param name="NeedsGrant">
    /// Whether the account must be given read access to the private keys; false for LocalSystem,
    /// which already has it.
    /// </param>
    public sealed record AccountSid(string AccountName, string Sid, bool NeedsGrant);

    /// <summary>
    /// Translates a service's ObjectName to a security identifier, once, so that the rest of the
    /// run works with SIDs only.
    /// </summary>
    public static class ServiceAccounts
    {
        private const string LocalSystemSid = "S-1-5-18";
        private const string LocalServiceSid = "S-1-5-19";
        private const string NetworkServiceSid = "S-1-5-20";

        // "NT AUTHORITY" is translated on localised Windows, and services.msc and sc.exe may write
        // the translated name into ObjectName. These are the names we know; an account under an
        // unknown translation goes to the account lookup, which knows the machine's own names.
        private static readonly string[] NtAuthorityNames =
        {
            "NT AUTHORITY",
            "NT-MYNDIGHET",
            "NT-AUTORITÄT",
            "AUTORITE NT",
            "AUTORITÉ NT",
        };

        private static readonly Dictionary<string, string> NtAuthorityAccounts =
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["SYSTEM"] = LocalSystemSid,
                ["LocalSystem"] = LocalSystemSid,
                ["Système"] = LocalSystemSid,
                ["LocalService"] = LocalServiceSid,
                ["Local Service"] = LocalServiceSid,
                ["Lokal tjeneste"] = LocalServiceSid,
                ["Lokaler Dienst"] = LocalServiceSid,
                ["Service local"] = LocalServiceSid,
                ["NetworkService"] = NetworkServiceSid,
                ["Network Service"] = NetworkServiceSid,
                ["Nettverkstjeneste"] = NetworkServiceSid,
                ["Netzwerkdienst"] = NetworkServiceSid,
                ["Service réseau"] = NetworkServiceSid,
            };

        // Groups that cover many accounts. No service can run as a group, but a SID can be
        // written into ObjectName; granting key access to one of these would open the keys to
        // every user of the machine or domain.
        private static readonly Dictionary<string, string> BroadGroups =
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["S-1-1-0"] = "Everyone",
                ["S-1-5-7"] = "Anonymous Logon",
                ["S-1-5-4"] = "Interactive",
                ["S-1-5-11"] = "Authenticated Users",
                ["S-1-5-32-545"] = "Users",
                ["S-1-5-32-546"] = "Guests",
            };

        private static readonly Regex SidForm =
            new Regex(@"^S-1-\d+(-\d+)*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        private static readonly Regex DomainGroupSid =
            new Regex(@"^S-1-5-21-\d+-\d+-\d+-(513|514|515)$",
                RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        /// <summary>
        /// The SID of the account a service runs as. LocalSystem (also ".\LocalSystem",
        /// "NT AUTHORITY\SYSTEM" and an empty ObjectName) is S-1-5-18 and needs no grant;
        /// LocalService and NetworkService (under "NT AUTHORITY" or its Norwegian, German or
        /// French name) are S-1-5-19 and S-1-5-20; NT SERVICE\name and IIS AppPool\pool are
        /// computed; a SID is taken as it is; anything else (DOMAIN\user, DOMAIN\gmsa$, a
        /// local ".\user", user@domain) is passed unchanged to <paramref name="lookup"/>, which
        /// must resolve "." to the local machine.
        /// </summary>
        /// <param name="serviceName">The service, named in messages.</param>
        /// <param name="objectName">The service's registry value ObjectName.</param>
        /// <param name="lookup">Translates names the core cannot compute.</param>
        /// <exception cref="CertDeployException">
        /// The account cannot be translated, is malformed, or is a group that covers many accounts.
        /// </exception>
        public static AccountSid Resolve(string serviceName, string objectName,
            IAccountLookup lookup)
        {
            if (lookup == null)
            {
                throw new ArgumentNullException(nameof(lookup));
            }

            var account = (objectName ?? "").Trim();
            if (account.Length == 0)
            {
                return new AccountSid("LocalSystem", LocalSystemSid, false);
            }

            var sid = KnownSid(serviceName, account) ?? lookup.TryGetSid(account);
            if (sid == null)
            {
                throw new CertDeployException(
                    $"Service {serviceName} runs as \"{account}\", which Windows cannot translate "
                    + "to a security identifier. Check that the account exists and that this "
                    + "machine can reach its domain, or give the service another account in "
                    + "services.msc.");
            }

            var group = BroadGroupName(sid);
            if (group != null)
            {
                throw new CertDeployException(
                    $"Service {serviceName} runs as \"{account}\", which is the group {group} "
                    + $"({sid}): CertDeploy never gives a group that wide access to the private "
                    + "keys. Run the service under its own account, for example "
                    + $"NT SERVICE\\{serviceName}.");
            }

            // LocalSystem can read every machine key already; adding it to the key's ACL would
            // change the descriptor for nothing.
            var isSystem = string.Equals(sid, LocalSystemSid, StringComparison.OrdinalIgnoreCase);
            return new AccountSid(account, sid, NeedsGrant: !isSystem);
        }

        /// <summary>
        /// The SID of the virtual account NT SERVICE\<paramref name="serviceName"/>: S-1-5-80-
        /// and the SHA-1 of the upper-cased name in UTF-16LE, read as five little-endian 32-bit
        /// numbers. Windows computes it the same way, without a lookup.
        /// </summary>
        public static string VirtualAccountSid(string serviceName)
        {
            if (serviceName == null)
            {
                throw new ArgumentNullException(nameof(serviceName));
            }

            return HashedSid("S-1-5-80", serviceName.ToUpperInvariant());
        }

        /// <summary>
        /// The SID of the application pool identity IIS AppPool\<paramref name="poolName"/>:
        /// S-1-5-82- and the SHA-1 of the lower-cased pool name in UTF-16LE, read as five
        /// little-endian 32-bit numbers.
        /// </summary>
        public static string AppPoolSid(string poolName)
        {
            if (poolName == null)
            {
                throw new ArgumentNullException(nameof(poolName));
            }

            // Unlike service names, IIS hashes pool names lower-cased: DefaultAppPool gives the
            // well-known S-1-5-82-3006700770-... only that way.
            return HashedSid("S-1-5-82", poolName.ToLowerInvariant());
        }

        private static string? KnownSid(string serviceName, string account)
        {
            if (SidForm.IsMatch(account))
            {
                return account.ToUpperInvariant();
            }

            if (account.StartsWith("S-1-", StringComparison.OrdinalIgnoreCase))
            {
                throw new CertDeployException(
                    $"Service {serviceName} runs as \"{account}\", which looks like a security "
                    + "identifier but is not a valid one. Give the service a valid account in "
                    + "services.msc.");
            }

            var slash = account.IndexOf('\\');
            var domain = slash < 0 ? "" : account.Substring(0, slash).Trim();
            var name = slash < 0 ? account : account.Substring(slash + 1).Trim();

            if (slash < 0 || domain == ".")
            {
                return string.Equals(name, "LocalSystem", StringComparison.OrdinalIgnoreCase)
                    ? LocalSystemSid
                    : null;
            }

            if (NtAuthorityNames.Contains(domain, StringComparer.OrdinalIgnoreCase))
            {
                return NtAuthorityAccounts.TryGetValue(name, out var wellKnown) ? wellKnown : null;
            }

            var isVirtual = string.Equals(domain, "NT SERVICE", StringComparison.OrdinalIgnoreCase);
            var isPool = string.Equals(domain, "IIS AppPool", StringComparison.OrdinalIgnoreCase);
            if (!isVirtual && !isPool)
            {
                return null;
            }

            var virtualPrefix = isVirtual ? "NT SERVICE" : "IIS AppPool";
            if (name.Length == 0)
            {
                throw new CertDeployException(
                    $"Service {serviceName} runs as \"{account}\", which names no account after "
                    + $"{virtualPrefix}\\. Give the service a complete account name in "
                    + "services.msc.");
            }

            return isVirtual ? VirtualAccountSid(name) : AppPoolSid(name);
        }

        private static string? BroadGroupName(string sid)
        {
            if (BroadGroups.TryGetValue(sid, out var name))
            {
                return name;
            }

            var domainGroup = DomainGroupSid.Match(sid);
            if (!domainGroup.Success)
            {
                return null;
            }

            return domainGroup.Groups[1].Value switch
            {
                "513" => "Domain Users",
                "514" => "Domain Guests",
                _ => "Domain Computers",
            };
        }

        private static string HashedSid(string prefix, string name)
        {
            byte[] hash;
            using (var sha1 = SHA1.Create())
            {
                hash = sha1.ComputeHash(Encoding.Unicode.GetBytes(name));
            }

            var sid = new StringBuilder(prefix);
            for (var i = 0; i < 5; i++)
            {
                var value = (uint)hash[i * 4]
                    | ((uint)hash[(i * 4) + 1] << 8)
                    | ((uint)hash[(i * 4) + 2] << 16)
                    | ((uint)hash[(i * 4) + 3] << 24);
                sid.Append('-').Append(value.ToString(CultureInfo.InvariantCulture));
            }

            return sid.ToString();
        }
    }
}
