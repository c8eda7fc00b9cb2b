using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using CertDeploy.Core.Ports;

namespace CertDeploy.Core.Certificates
{
    /// <summary>
    /// Orders the certificates of the store as candidates for one role, for the dialog and for
    /// choosing automatically: those with a private key first, then those valid now, then the
    /// one that lasts longest. Certificates whose key usage does not allow the role are left out.
    /// </summary>
    public static class CandidateRanking
    {
        /// <summary>
        /// The certificates that fit <paramref name="role"/>, best first. Usable ones (private
        /// key, valid now) come before the others, which are returned so that they can be shown
        /// as expired, not yet valid or without key, never to be chosen silently.
        /// </summary>
        /// <param name="all">The certificates of LocalMachine\My.</param>
        /// <param name="role">Signing or Encryption (or both, for a certificate serving both).</param>
        /// <param name="now">The current time.</param>
        public static IReadOnlyList<CertificateFacts> Rank(IEnumerable<CertificateFacts> all,
            CertificateRole role, DateTimeOffset now)
        {
            if (role == CertificateRole.None)
            {
                throw new ArgumentOutOfRangeException(nameof(role), "A role to rank for is needed.");
            }

            return all
                .Where(c => c.Fits(role))
                .OrderByDescending(c => HasReadableKey(c))
                .ThenByDescending(c => c.IsValidAt(now))
                .ThenByDescending(c => c.NotAfter)
                .ThenBy(c => c.Thumbprint, StringComparer.Ordinal)
                .ToList();
        }

        /// <summary>
        /// Whether a certificate can be chosen for a role: it fits, has a key that can be read
        /// (or is in hardware), is in date.
        /// </summary>
        public static bool IsUsable(CertificateFacts certificate, CertificateRole role, DateTimeOffset now) =>
            certificate.Fits(role) && HasReadableKey(certificate) && certificate.IsValidAt(now);

        // A key whose storage could not be read is refused when the selection is checked, so it
        // ranks with the certificates without a key.
        private static bool HasReadableKey(CertificateFacts certificate) =>
            certificate.HasPrivateKey && certificate.Key.Kind != KeyStorageKind.Unreadable;

        /// <summary>
        /// The candidates as lines for the log, when no certificate can be chosen: one line each
        /// with thumbprint, organisation number, role fit, end of validity, key storage and state.
        /// </summary>
        /// <param name="ranked">The certificates to list, usually the result of <see cref="Rank"/>.</param>
        /// <param name="role">The role they are candidates for.</param>
        /// <param name="now">The current time, for the state.</param>
        public static string Describe(IReadOnlyList<CertificateFacts> ranked, CertificateRole role,
            DateTimeOffset now)
        {
            var roleName = Wording.Role(role);
            if (ranked.Count == 0)
            {
                return string.Format(CultureInfo.InvariantCulture,
                    @"No certificate in LocalMachine\My fits {0} ({1}).", roleName, Wording.RoleNeeds(role));
            }

            var text = new StringBuilder();
            text.AppendFormat(CultureInfo.InvariantCulture,
                @"Candidates for {0} in LocalMachine\My, best first ({1}):", roleName, ranked.Count);
            foreach (var certificate in ranked)
            {
                text.AppendLine();
                text.Append("  ").Append(Line(certificate, role, now));
            }

            return text.ToString();
        }

        internal static string Line(CertificateFacts certificate, CertificateRole role, DateTimeOffset now)
        {
            var fit = certificate.Fits(role) ? "fits " : "does not fit ";
            return string.Format(CultureInfo.InvariantCulture,
                "{0}: organisation {1}; {2}{3} ({4}); not after {5}; key: {6}; {7}",
                certificate.Thumbprint,
                certificate.OrganisationNumber ?? "unknown",
                fit,
                Wording.Role(role),
                certificate.KeyUsageText,
                Wording.Time(certificate.NotAfter),
                Wording.KeyStorage(certificate.Key.Kind),
                State(certificate, role, now));
        }

        /// <summary>"usable", or every reason the certificate cannot be chosen, joined by commas.</summary>
        internal static string State(CertificateFacts certificate, CertificateRole role, DateTimeOffset now)
        {
            var problems = new List<string>();
            if (!certificate.Fits(role))
            {
                problems.Add("wrong role");
            }

            if (certificate.IsExpiredAt(now))
            {
                problems.Add("expired");
            }

            if (certificate.IsNotYetValidAt(now))
            {
                problems.Add("not yet valid");
            }

            if (!certificate.HasPrivateKey)
            {
                problems.Add("no private key");
            }

            if (problems.Count == 0 && !HasReadableKey(certificate))
            {
                // Its key storage already says why: the key could not be read.
                return "not usable";
            }

            return problems.Count == 0 ? "usable" : string.Join(", ", problems);
        }
    }
}
