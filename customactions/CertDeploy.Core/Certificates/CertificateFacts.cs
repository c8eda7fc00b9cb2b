using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using CertDeploy.Core.Ports;

namespace CertDeploy.Core.Certificates
{
    /// <summary>
    /// What CertDeploy needs to know about one certificate of LocalMachine\My, read from its DER
    /// encoding: identity, validity, key usage and the roles it allows, the organisation number,
    /// and where its private key is.
    /// </summary>
    public sealed class CertificateFacts
    {
        private const string KeyUsageOid = "2.5.29.15";

        private static readonly Regex NineDigits = new Regex("^[0-9]{9}$", RegexOptions.CultureInvariant);
        private static readonly Regex NtrIdentifier = new Regex("^NTRNO-([0-9]{9})$", RegexOptions.CultureInvariant);

        private CertificateFacts(string thumbprint, DistinguishedName subject, DistinguishedName issuer,
            DateTimeOffset notBefore, DateTimeOffset notAfter, bool hasKeyUsageExtension,
            X509KeyUsageFlags keyUsage, KeyLocation key)
        {
            Thumbprint = thumbprint;
            SubjectName = subject;
            IssuerName = issuer;
            NotBefore = notBefore;
            NotAfter = notAfter;
            HasKeyUsageExtension = hasKeyUsageExtension;
            KeyUsage = keyUsage;
            Key = key;
            Roles = RolesOf(hasKeyUsageExtension, keyUsage);
            OrganisationNumber = OrganisationNumberOf(subject);
        }

        /// <summary>The SHA-1 of the certificate: 40 upper-case hexadecimal digits.</summary>
        public string Thumbprint { get; }

        /// <summary>The subject as text, most specific part first ("CN=..., O=..., C=NO").</summary>
        public string Subject => SubjectName.ToString();

        /// <summary>The issuer as text, most specific part first.</summary>
        public string Issuer => IssuerName.ToString();

        /// <summary>The subject's attributes as the certificate holds them.</summary>
        public DistinguishedName SubjectName { get; }

        /// <summary>The issuer's attributes as the certificate holds them.</summary>
        public DistinguishedName IssuerName { get; }

        /// <summary>Start of validity (UTC).</summary>
        public DateTimeOffset NotBefore { get; }

        /// <summary>End of validity (UTC).</summary>
        public DateTimeOffset NotAfter { get; }

        /// <summary>Whether the certificate has a Key Usage extension at all.</summary>
        public bool HasKeyUsageExtension { get; }

        /// <summary>The Key Usage bits; <see cref="X509KeyUsageFlags.None"/> without the extension.</summary>
        public X509KeyUsageFlags KeyUsage { get; }

        /// <summary>
        /// The roles the key usage allows: nonRepudiation gives signing; keyEncipherment or
        /// dataEncipherment gives encryption; digitalSignature alone (authentication) gives none.
        /// Without a Key Usage extension the certificate has no role: CertDeploy does not guess.
        /// </summary>
        public CertificateRole Roles { get; }

        /// <summary>
        /// The nine-digit organisation number: from organizationIdentifier "NTRNO-&lt;number&gt;"
        /// (SEID 2), else from serialNumber "&lt;number&gt;" (SEID 1); null when neither holds one.
        /// </summary>
        public string? OrganisationNumber { get; }

        /// <summary>The organisation's name for lists: O, else CN, else null.</summary>
        public string? Organisation =>
            SubjectName.Get(DistinguishedName.OrganizationOid) ?? SubjectName.Get(DistinguishedName.CommonNameOid);

        /// <summary>Where the private key is kept.</summary>
        public KeyLocation Key { get; }

        /// <summary>Whether the store holds a private key for it (as a file or in hardware).</summary>
        public bool HasPrivateKey => Key.Kind != KeyStorageKind.None;

        /// <summary>Whether the key usage allows every role in <paramref name="role"/>.</summary>
        public bool Fits(CertificateRole role) => role != CertificateRole.None && (Roles & role) == role;

        /// <summary>Whether the certificate has expired at <paramref name="now"/>.</summary>
        public bool IsExpiredAt(DateTimeOffset now) => now > NotAfter;

        /// <summary>Whether the certificate's validity has not begun at <paramref name="now"/>.</summary>
        public bool IsNotYetValidAt(DateTimeOffset now) => now < NotBefore;

        /// <summary>Whether <paramref name="now"/> lies within the validity period.</summary>
        public bool IsValidAt(DateTimeOffset now) => !IsExpiredAt(now) && !IsNotYetValidAt(now);

        /// <summary>The key usage in the words of the Windows certificate dialog.</summary>
        public string KeyUsageText => Wording.KeyUsage(this);

        /// <summary>Reads the facts of a certificate of the store.</summary>
        /// <exception cref="CertificateReadException">The DER encoding cannot be read; the
        /// message names the certificate by the SHA-1 of its bytes.</exception>
        public static CertificateFacts FromStore(StoreCertificate certificate)
        {
            if (certificate == null)
            {
                throw new ArgumentNullException(nameof(certificate));
            }

            var thumbprint = Sha1Hex(certificate.RawData);
            try
            {
                return Read(thumbprint, certificate.RawData, certificate.Key);
            }
            catch (FormatException e)
            {
                throw new CertificateReadException(thumbprint, e.Message);
            }
        }

        internal static CertificateRole RolesOf(bool hasKeyUsageExtension, X509KeyUsageFlags usage)
        {
            var roles = CertificateRole.None;
            if (!hasKeyUsageExtension)
            {
                return roles;
            }

            if ((usage & X509KeyUsageFlags.NonRepudiation) != 0)
            {
                roles |= CertificateRole.Signing;
            }

            if ((usage & (X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment)) != 0)
            {
                roles |= CertificateRole.Encryption;
            }

            return roles;
        }

        private static CertificateFacts Read(string thumbprint, byte[] der, KeyLocation key)
        {
            // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signature }
            var outer = new DerReader(der);
            var certificate = outer.Read(DerReader.Sequence);
            if (outer.HasMore)
            {
                throw DerReader.Malformed(certificate.End, "data follows the certificate");
            }

            // TBSCertificate ::= SEQUENCE { [0] version OPTIONAL, serialNumber, signature,
            //   issuer, validity, subject, subjectPublicKeyInfo, [1], [2], [3] extensions }
            var tbs = certificate.Open().Read(DerReader.Sequence).Open();
            if (tbs.PeekTag() == 0xA0)
            {
                tbs.ReadAny();
            }

            tbs.Read(DerReader.Integer);
            tbs.Read(DerReader.Sequence);
            var issuer = DistinguishedName.Read(tbs.Read(DerReader.Sequence));
            var validity = tbs.Read(DerReader.Sequence).Open();
            var notBefore = DerReader.ReadTime(validity.ReadAny());
            var notAfter = DerReader.ReadTime(validity.ReadAny());
            var subject = DistinguishedName.Read(tbs.Read(DerReader.Sequence));
            tbs.Read(DerReader.Sequence);

            var usage = ReadKeyUsage(tbs);
            return new CertificateFacts(thumbprint, subject, issuer, notBefore, notAfter,
                usage.HasValue, usage ?? X509KeyUsageFlags.None, key ?? KeyLocation.NoKey);
        }

        private static X509KeyUsageFlags? ReadKeyUsage(DerReader tbs)
        {
            while (tbs.HasMore)
            {
                var field = tbs.ReadAny();
                if (field.Tag != 0xA3)
                {
                    continue;
                }

                // Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue }
                var extensions = field.Open().Read(DerReader.Sequence).Open();
                while (extensions.HasMore)
                {
                    var extension = extensions.Read(DerReader.Sequence).Open();
                    var oid = DerReader.ReadObjectIdentifier(extension.Read(DerReader.ObjectIdentifier));
                    if (extension.PeekTag() == DerReader.Boolean)
                    {
                        extension.ReadAny();
                    }

                    var value = extension.Read(DerReader.OctetString);
                    if (oid == KeyUsageOid)
                    {
                        return KeyUsageBits(new DerReader(value.Content()).Read(DerReader.BitString));
                    }
                }
            }

            return null;
        }

        // KeyUsage ::= BIT STRING; bit 0 (digitalSignature) is the high bit of the first byte,
        // which is how X509KeyUsageFlags numbers them too (0x80), and decipherOnly (bit 8) is 0x8000.
        private static X509KeyUsageFlags KeyUsageBits(DerElement bits)
        {
            var content = bits.Content();
            if (content.Length == 0 || content[0] > 7)
            {
                throw DerReader.Malformed(bits.Start, "the Key Usage bit string is broken");
            }

            var value = content.Length > 1 ? content[1] : 0;
            if (content.Length > 2)
            {
                value |= content[2] << 8;
            }

            return (X509KeyUsageFlags)value;
        }

        private static string? OrganisationNumberOf(DistinguishedName subject)
        {
            foreach (var attribute in subject.Attributes)
            {
                if (attribute.Oid == DistinguishedName.OrganizationIdentifierOid)
                {
                    var match = NtrIdentifier.Match(attribute.Value.Trim());
                    if (match.Success)
                    {
                        return match.Groups[1].Value;
                    }
                }
            }

            foreach (var attribute in subject.Attributes)
            {
                if (attribute.Oid == DistinguishedName.SerialNumberOid && NineDigits.IsMatch(attribute.Value.Trim()))
                {
                    return attribute.Value.Trim();
                }
            }

            return null;
        }

        private static string Sha1Hex(byte[] data)
        {
            using var sha1 = SHA1.Create();
            var hash = sha1.ComputeHash(data);
            var text = new StringBuilder(hash.Length * 2);
            foreach (var b in hash)
            {
                text.Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }

            return text.ToString();
        }
    }
}
