using System;
using System.Collections.Concurrent;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CertDeploy.Core.Tests.Support;

/// <summary>The certificate profiles of Norwegian enterprise certificates, by issuer and generation.</summary>
public enum Seid
{
    /// <summary>SEID 1: organisation number in serialNumber, RSA 2048.</summary>
    One,

    /// <summary>SEID 2: organisation number in organizationIdentifier "NTRNO-...", RSA 3072.</summary>
    Two,
}

/// <summary>A certificate set as an issuer delivers it. Commfides adds a separate authentication certificate.</summary>
public sealed record CertificateSet(
    X509Certificate2 Signing, X509Certificate2 Encryption, X509Certificate2? Authentication);

/// <summary>
/// Real X.509 certificates made in memory with the key usages of the Buypass and Commfides
/// SEID 1 and SEID 2 profiles. RSA keys are made once per size and reused, since making a
/// 3072-bit key takes a noticeable part of a second.
/// </summary>
public static class TestCertificates
{
    public const X509KeyUsageFlags Signing = X509KeyUsageFlags.NonRepudiation;
    public const X509KeyUsageFlags BuypassSeid1Encryption =
        X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment;
    public const X509KeyUsageFlags BuypassSeid2Encryption =
        X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment;
    public const X509KeyUsageFlags CommfidesEncryption =
        X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment | X509KeyUsageFlags.KeyAgreement;
    public const X509KeyUsageFlags Authentication = X509KeyUsageFlags.DigitalSignature;
    public const X509KeyUsageFlags Seal = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation;

    public static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static readonly ConcurrentDictionary<int, RSA> Keys = new();
    private static int _serial;

    /// <summary>A Buypass set: signing and "authentication and encryption", identical subjects.</summary>
    public static CertificateSet Buypass(Seid seid, string organisationNumber = "123456789",
        DateTimeOffset? notBefore = null)
    {
        var from = notBefore ?? Now.AddMonths(-1);
        var subject = Subject(seid, organisationNumber, "CosDoc Kommune", locality: null);
        var issuer = seid == Seid.One ? "CN=Buypass Class 3 Test4 CA 3, O=Buypass AS-983163327, C=NO"
            : "CN=Buypass Class 3 Test4 CA G2 ST Business, O=Buypass AS, C=NO";
        var encryption = seid == Seid.One ? BuypassSeid1Encryption : BuypassSeid2Encryption;

        return new CertificateSet(
            Create(subject, issuer, Signing, from, from.AddYears(3), seid),
            Create(subject, issuer, encryption, from, from.AddYears(3), seid),
            null);
    }

    /// <summary>A Commfides set: signing, authentication and encryption; the L attribute differs.</summary>
    public static CertificateSet Commfides(Seid seid, string organisationNumber = "987654321",
        DateTimeOffset? notBefore = null)
    {
        var from = notBefore ?? Now.AddMonths(-1);
        var issuer = seid == Seid.One
            ? "CN=Commfides CPN Enterprise-Norwegian SHA256 CA - TEST2, O=Commfides Norge AS, C=NO"
            : "CN=Commfides Legal Person - G3 - TEST, O=Commfides Norge AS, C=NO";

        return new CertificateSet(
            Create(Subject(seid, organisationNumber, "CosDoc Kommune", "OSLO"), issuer, Signing,
                from, from.AddYears(3), seid),
            Create(Subject(seid, organisationNumber, "CosDoc Kommune", "Oslo"), issuer, CommfidesEncryption,
                from, from.AddYears(3), seid),
            Create(Subject(seid, organisationNumber, "CosDoc Kommune", "Oslo"), issuer, Authentication,
                from, from.AddYears(3), seid));
    }

    /// <summary>
    /// One certificate with the given key usage and validity, with a private key unless told otherwise.
    /// </summary>
    public static X509Certificate2 Create(X509KeyUsageFlags usage, DateTimeOffset? notBefore = null,
        DateTimeOffset? notAfter = null, string organisationNumber = "123456789", Seid seid = Seid.Two,
        bool withPrivateKey = true)
    {
        var from = notBefore ?? Now.AddMonths(-1);
        var certificate = Create(Subject(seid, organisationNumber, "CosDoc Kommune", null),
            "CN=Test CA, O=Test, C=NO", usage, from, notAfter ?? from.AddYears(3), seid);

        return withPrivateKey ? certificate : X509CertificateLoader.LoadCertificate(certificate.RawData);
    }

    /// <summary>Writes a set (or any certificates) into a real PKCS#12 file protected by a password.</summary>
    public static byte[] ExportPkcs12(string password, params X509Certificate2[] certificates)
    {
        var collection = new X509Certificate2Collection(certificates);
        return collection.Export(X509ContentType.Pkcs12, password)!;
    }

    private static X500DistinguishedName Subject(
        Seid seid, string organisationNumber, string organisation, string? locality)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCountryOrRegion("NO");
        if (locality != null)
        {
            builder.AddLocalityName(locality);
        }

        builder.AddOrganizationName(organisation);
        if (seid == Seid.Two)
        {
            builder.Add("2.5.4.97", "NTRNO-" + organisationNumber, UniversalTagNumber.UTF8String);
        }
        else
        {
            builder.Add("2.5.4.5", organisationNumber, UniversalTagNumber.PrintableString);
        }

        builder.AddCommonName(organisation);
        return builder.Build();
    }

    private static X509Certificate2 Create(X500DistinguishedName subject, string issuer, X509KeyUsageFlags usage,
        DateTimeOffset notBefore, DateTimeOffset notAfter, Seid seid)
    {
        var key = Keys.GetOrAdd(seid == Seid.One ? 2048 : 3072, RSA.Create);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: true));

        // Signed by a throwaway issuer key so the certificate is not self-issued, like the real ones.
        var issuerKey = Keys.GetOrAdd(2049, _ => RSA.Create(2048));
        var issuerName = new X500DistinguishedName(issuer);
        var serial = BitConverter.GetBytes(System.Threading.Interlocked.Increment(ref _serial) + 1000);
        var generator = X509SignatureGenerator.CreateForRSA(issuerKey, RSASignaturePadding.Pkcs1);
        using var unsigned = request.Create(issuerName, generator, notBefore, notAfter, serial);
        return unsigned.CopyWithPrivateKey(key);
    }
}
