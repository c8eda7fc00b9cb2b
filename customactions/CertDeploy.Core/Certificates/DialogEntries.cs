using System;
using System.Globalization;
using System.Text;
using CertDeploy.Core.Ports;

namespace CertDeploy.Core.Certificates
{
    /// <summary>One entry of a certificate list in the installer dialog.</summary>
    /// <param name="Thumbprint">The value the entry selects: 40 upper-case hexadecimal digits.</param>
    /// <param name="Text">
    /// The list text, at most <see cref="DialogEntries.MaxTextLength"/> characters.
    /// </param>
    /// <param name="Details">One line with everything else, for the text beside the list.</param>
    public sealed record DialogEntry(string Thumbprint, string Text, string Details);

    /// <summary>Formats certificates for the certificate lists of the installer dialog.</summary>
    public static class DialogEntries
    {
        /// <summary>The size of the Text column of the MSI ComboBox and ListBox tables.</summary>
        public const int MaxTextLength = 64;

        private const string Separator = " | ";
        private const char Ellipsis = '\u2026';
        private const int ThumbprintTail = 8;

        /// <summary>
        /// The entry for a certificate: Text holds the organisation (shortened with an ellipsis
        /// where needed), the expiry date, the key storage, the last 8 digits of the thumbprint
        /// and, when it cannot be chosen, why ("expired", "not yet valid", "wrong role");
        /// Details holds organisation and number, issuer, validity, key storage, state and the
        /// whole thumbprint.
        /// </summary>
        /// <param name="certificate">The certificate.</param>
        /// <param name="role">The list it is shown in.</param>
        /// <param name="now">The current time, for the state.</param>
        public static DialogEntry Format(CertificateFacts certificate, CertificateRole role,
            DateTimeOffset now)
        {
            var tail = Separator + Wording.Date(certificate.NotAfter)
                + Separator + ShortKeyStorage(certificate.Key.Kind)
                + Separator + certificate.Thumbprint.Substring(certificate.Thumbprint.Length - ThumbprintTail);
            var blocker = Blocker(certificate, role, now);
            if (blocker != null)
            {
                tail += Separator + blocker;
            }

            var name = Shorten(certificate.Organisation ?? "(no name)", MaxTextLength - tail.Length);
            // Two lines of the dialog's details text: the list entry already names the
            // organisation, so the details give what tells two similar certificates apart.
            var details = string.Format(CultureInfo.InvariantCulture,
                "{0}{1}issued by {2}, valid {3} to {4}, key: {5}, {6}. Thumbprint {7}",
                certificate.Organisation ?? "(no name)",
                certificate.OrganisationNumber == null ? ", " : " (" + certificate.OrganisationNumber + "), ",
                certificate.IssuerName.Get("2.5.4.3") ?? certificate.Issuer,
                Wording.Date(certificate.NotBefore),
                Wording.Date(certificate.NotAfter),
                Wording.KeyStorage(certificate.Key.Kind),
                CandidateRanking.State(certificate, role, now),
                certificate.Thumbprint);

            return new DialogEntry(certificate.Thumbprint, name + tail, details);
        }

        // Only the first reason fits the list; Details lists them all. A missing key shows in the
        // key storage column already.
        private static string? Blocker(CertificateFacts certificate, CertificateRole role, DateTimeOffset now)
        {
            if (!certificate.Fits(role))
            {
                return "wrong role";
            }

            if (certificate.IsExpiredAt(now))
            {
                return "expired";
            }

            return certificate.IsNotYetValidAt(now) ? "not yet valid" : null;
        }

        private static string ShortKeyStorage(KeyStorageKind kind) => kind switch
        {
            KeyStorageKind.CapiFile => "CAPI",
            KeyStorageKind.CngFile => "CNG",
            KeyStorageKind.Hardware => "hardware",
            KeyStorageKind.Unreadable => "key?",
            _ => "no key",
        };

        private static bool IsMark(char c)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            return category == UnicodeCategory.NonSpacingMark
                || category == UnicodeCategory.SpacingCombiningMark
                || category == UnicodeCategory.EnclosingMark;
        }

        private static string Shorten(string name, int room)
        {
            var chars = name.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = char.IsControl(chars[i]) ? ' ' : chars[i];
            }

            // Composed first, so that a letter and its mark (a + ring) count as the one letter å.
            var flat = new string(chars).Trim().Normalize(NormalizationForm.FormC);
            if (flat.Length <= room)
            {
                return flat;
            }

            // Never cut between a letter and a mark that no composed letter exists for, nor
            // inside a surrogate pair.
            var cut = room - 1;
            while (cut > 0 && (char.IsHighSurrogate(flat[cut - 1]) || IsMark(flat[cut])))
            {
                cut--;
            }

            return flat.Substring(0, cut).TrimEnd() + Ellipsis;
        }
    }
}
