using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Ports;
using CertDeploy.Core.Thumbprints;

namespace CertDeploy.Core.Certificates
{
    /// <summary>The stable codes of the findings of <see cref="SelectionValidator"/>.</summary>
    public static class CertificateFindingCodes
    {
        /// <summary>Error: the thumbprint is not 40 hexadecimal digits in any accepted form.</summary>
        public const string ThumbprintInvalid = "ThumbprintInvalid";

        /// <summary>Error: no certificate with the thumbprint in LocalMachine\My.</summary>
        public const string CertificateNotFound = "CertificateNotFound";

        /// <summary>Error: the certificate's DER encoding cannot be read.</summary>
        public const string CertificateUnreadable = "CertificateUnreadable";

        /// <summary>Error: the store holds no private key for the certificate.</summary>
        public const string NoPrivateKey = "CertificateNoPrivateKey";

        /// <summary>Warning: the key is on a smart card, TPM or HSM; there is no file to grant access on.</summary>
        public const string KeyInHardware = "PrivateKeyInHardware";

        /// <summary>The private key exists but its file could not be found or opened (error).</summary>
        public const string KeyUnreadable = "PrivateKeyUnreadable";

        /// <summary>Error: the key usage does not allow the role the certificate was chosen for.</summary>
        public const string WrongRole = "CertificateWrongRole";

        /// <summary>Error: the certificate has expired.</summary>
        public const string Expired = "CertificateExpired";

        /// <summary>Error: the certificate's validity has not begun.</summary>
        public const string NotYetValid = "CertificateNotYetValid";

        /// <summary>Warning: the certificate expires within the warning period.</summary>
        public const string ExpiresSoon = "CertificateExpiresSoon";

        /// <summary>Warning: signing and encryption certificates carry different organisation numbers.</summary>
        public const string OrganisationNumbersDiffer = "OrganisationNumbersDiffer";
    }

    /// <summary>
    /// Checks a choice of signing and encryption certificate against LocalMachine\My and returns
    /// every finding at once, each naming the thumbprint and the role.
    /// </summary>
    public static class SelectionValidator
    {
        /// <summary>
        /// Validates the chosen certificates. Errors: thumbprint unreadable, certificate not in
        /// LocalMachine\My or unreadable, no private key, wrong role for its key usage, expired,
        /// not yet valid. Warnings: key kept in hardware, expiry within
        /// <paramref name="expiryWarningDays"/>, different organisation numbers.
        /// </summary>
        /// <remarks>
        /// A key in hardware (smart card, TPM, HSM) is a warning, not an error: the key may well
        /// be usable by the services, but there is no key file whose access CertDeploy could grant,
        /// so the administrator has to grant it with the vendor's tool. Refusing would block a
        /// setup that can work; passing silently would leave services that cannot reach the key.
        /// </remarks>
        /// <param name="signingThumbprint">The signing thumbprint, in any pasted form.</param>
        /// <param name="encryptionThumbprint">The encryption thumbprint, in any pasted form.</param>
        /// <param name="store">LocalMachine\My.</param>
        /// <param name="now">The current time.</param>
        /// <param name="expiryWarningDays">Days before expiry from which to warn; 0 for never.</param>
        public static IReadOnlyList<Finding> Validate(string signingThumbprint,
            string encryptionThumbprint, ICertificateStore store, DateTimeOffset now,
            int expiryWarningDays)
        {
            if (expiryWarningDays < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(expiryWarningDays), "Days cannot be negative.");
            }

            var findings = new List<Finding>();
            var signingOk = Thumbprint.TryNormalize(signingThumbprint, "Signing thumbprint",
                out var signing, out var signingError);
            var encryptionOk = Thumbprint.TryNormalize(encryptionThumbprint, "Encryption thumbprint",
                out var encryption, out var encryptionError);
            if (!signingOk)
            {
                findings.Add(Finding.Error(CertificateFindingCodes.ThumbprintInvalid, signingError));
            }

            if (!encryptionOk)
            {
                findings.Add(Finding.Error(CertificateFindingCodes.ThumbprintInvalid, encryptionError));
            }

            if (signingOk && encryptionOk && signing == encryption)
            {
                Check(signing, CertificateRole.Signing | CertificateRole.Encryption, store, now,
                    expiryWarningDays, findings);
                return findings;
            }

            var signingFacts = signingOk
                ? Check(signing, CertificateRole.Signing, store, now, expiryWarningDays, findings)
                : null;
            var encryptionFacts = encryptionOk
                ? Check(encryption, CertificateRole.Encryption, store, now, expiryWarningDays, findings)
                : null;

            if (signingFacts?.OrganisationNumber != null && encryptionFacts?.OrganisationNumber != null
                && signingFacts.OrganisationNumber != encryptionFacts.OrganisationNumber)
            {
                findings.Add(Finding.Warning(CertificateFindingCodes.OrganisationNumbersDiffer, Format(
                    "The signing certificate {0} belongs to organisation number {1}, the encryption "
                    + "certificate {2} to {3}. Both normally come from the same organisation's "
                    + "certificate set; check that this is intended.",
                    signing, signingFacts.OrganisationNumber, encryption, encryptionFacts.OrganisationNumber)));
            }

            return findings;
        }

        private static CertificateFacts? Check(string thumbprint, CertificateRole role,
            ICertificateStore store, DateTimeOffset now, int expiryWarningDays, List<Finding> findings)
        {
            var label = "The " + Wording.Role(role) + " certificate " + thumbprint;
            var entry = store.Find(thumbprint);
            if (entry == null)
            {
                findings.Add(Finding.Error(CertificateFindingCodes.CertificateNotFound, label
                    + @" is not in LocalMachine\My. Import its PKCS#12 file into Local Computer > "
                    + "Personal, or choose another certificate."));
                return null;
            }

            CertificateFacts certificate;
            try
            {
                certificate = CertificateFacts.FromStore(entry);
            }
            catch (CertificateReadException e)
            {
                findings.Add(Finding.Error(CertificateFindingCodes.CertificateUnreadable, e.Message));
                return null;
            }

            if (!certificate.Fits(role))
            {
                findings.Add(Finding.Error(CertificateFindingCodes.WrongRole, WrongRole(certificate, role)));
            }

            CheckKey(certificate, label, findings);
            CheckValidity(certificate, label, now, expiryWarningDays, findings);
            return certificate;
        }

        private static string WrongRole(CertificateFacts certificate, CertificateRole role)
        {
            var authentication = certificate.KeyUsage == X509KeyUsageFlags.DigitalSignature
                ? " (an authentication certificate)"
                : "";
            var found = certificate.HasKeyUsageExtension
                ? "its Key Usage is " + certificate.KeyUsageText + authentication
                : "it has no Key Usage extension, so its role cannot be told";

            return Format("The certificate {0} cannot be used for {1}: {2}; {3}. Choose the {1} "
                + "certificate of the set.", certificate.Thumbprint, Wording.Role(role), found,
                Wording.RoleNeeds(role));
        }

        private static void CheckKey(CertificateFacts certificate, string label, List<Finding> findings)
        {
            switch (certificate.Key.Kind)
            {
                case KeyStorageKind.None:
                    findings.Add(Finding.Error(CertificateFindingCodes.NoPrivateKey, label
                        + @" has no private key in LocalMachine\My. Import the PKCS#12 file (.p12 or "
                        + ".pfx) that holds its key, not the certificate alone."));
                    break;
                case KeyStorageKind.Hardware:
                    findings.Add(Finding.Warning(CertificateFindingCodes.KeyInHardware, Format(
                        "The private key of the {0} is kept in hardware ({1}): there is no key file, so "
                        + "CertDeploy cannot give the service accounts read access to it. Grant them "
                        + "access with the key vendor's tool; until then the services cannot use the key.",
                        label.Substring(4), certificate.Key.ProviderName ?? "smart card, TPM or HSM")));
                    break;
                case KeyStorageKind.Unreadable:
                    findings.Add(Finding.Error(CertificateFindingCodes.KeyUnreadable,
                        certificate.Key.Problem ?? label + " has a private key whose file cannot be found."));
                    break;
            }
        }

        private static void CheckValidity(CertificateFacts certificate, string label, DateTimeOffset now,
            int expiryWarningDays, List<Finding> findings)
        {
            if (certificate.IsExpiredAt(now))
            {
                findings.Add(Finding.Error(CertificateFindingCodes.Expired, Format(
                    "{0} expired on {1}. Choose a certificate that is valid now.",
                    label, Wording.Time(certificate.NotAfter))));
                return;
            }

            if (certificate.IsNotYetValidAt(now))
            {
                findings.Add(Finding.Error(CertificateFindingCodes.NotYetValid, Format(
                    "{0} is not valid until {1}. Choose a certificate that is valid now, or run again "
                    + "from that time.", label, Wording.Time(certificate.NotBefore))));
                return;
            }

            var left = certificate.NotAfter - now;
            if (expiryWarningDays > 0 && left <= TimeSpan.FromDays(expiryWarningDays))
            {
                var days = (int)Math.Floor(left.TotalDays);
                var inDays = days == 0 ? "in less than a day" : days == 1 ? "in 1 day" : Format("in {0} days", days);
                findings.Add(Finding.Warning(CertificateFindingCodes.ExpiresSoon, Format(
                    "{0} expires on {1}, {2}. Order its successor in time.",
                    label, Wording.Time(certificate.NotAfter), inDays)));
            }
        }

        private static string Format(string format, params object?[] values) =>
            string.Format(CultureInfo.InvariantCulture, format, values);
    }
}
