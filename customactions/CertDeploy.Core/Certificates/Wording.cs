using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using CertDeploy.Core.Ports;

namespace CertDeploy.Core.Certificates
{
    /// <summary>The words used for roles, key usages and key storage in messages, lists and dialogs.</summary>
    internal static class Wording
    {
        // In the order and with the names of the Windows certificate dialog, which is what the
        // administrator compares with.
        private static readonly (X509KeyUsageFlags Flag, string Name)[] UsageNames =
        {
            (X509KeyUsageFlags.DigitalSignature, "Digital Signature"),
            (X509KeyUsageFlags.NonRepudiation, "Non-Repudiation"),
            (X509KeyUsageFlags.KeyEncipherment, "Key Encipherment"),
            (X509KeyUsageFlags.DataEncipherment, "Data Encipherment"),
            (X509KeyUsageFlags.KeyAgreement, "Key Agreement"),
            (X509KeyUsageFlags.KeyCertSign, "Certificate Signing"),
            (X509KeyUsageFlags.CrlSign, "CRL Signing"),
            (X509KeyUsageFlags.EncipherOnly, "Encipher Only"),
            (X509KeyUsageFlags.DecipherOnly, "Decipher Only"),
        };

        public static string KeyUsage(CertificateFacts certificate)
        {
            if (!certificate.HasKeyUsageExtension)
            {
                return "no Key Usage extension";
            }

            var names = new List<string>();
            foreach (var (flag, name) in UsageNames)
            {
                if ((certificate.KeyUsage & flag) != 0)
                {
                    names.Add(name);
                }
            }

            return names.Count == 0 ? "an empty Key Usage" : string.Join(", ", names);
        }

        public static string Role(CertificateRole role) => role switch
        {
            CertificateRole.Signing => "signing",
            CertificateRole.Encryption => "encryption",
            CertificateRole.Signing | CertificateRole.Encryption => "signing and encryption",
            _ => "no role",
        };

        public static string RoleNeeds(CertificateRole role) => role switch
        {
            CertificateRole.Signing => "signing needs Non-Repudiation",
            CertificateRole.Encryption => "encryption needs Key Encipherment or Data Encipherment",
            _ => "signing needs Non-Repudiation and encryption needs Key Encipherment or Data Encipherment",
        };

        public static string KeyStorage(KeyStorageKind kind) => kind switch
        {
            KeyStorageKind.CapiFile => "CAPI file",
            KeyStorageKind.CngFile => "CNG file",
            KeyStorageKind.Hardware => "hardware",
            KeyStorageKind.Unreadable => "key not readable",
            _ => "none",
        };

        public static string Time(System.DateTimeOffset time) =>
            time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

        public static string Date(System.DateTimeOffset time) =>
            time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}
