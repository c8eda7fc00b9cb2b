using System;
using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using CertDeploy.Core.Certificates;
using CertDeploy.Core.Ports;
using CertDeploy.Core.Tests.Support;
using Xunit;

namespace CertDeploy.Core.Tests.Certificates;

public class CertificateFactsTests
{
    [Theory]
    // Buypass SEID 1: signing and DS+KE+DE encryption, organisation number in serialNumber.
    [InlineData(false, Seid.One)]
    // Buypass SEID 2: signing and DS+KE encryption, organisation number in NTRNO-.
    [InlineData(false, Seid.Two)]
    // Commfides SEID 1 and 2: signing, KE+DE+KA encryption, separate authentication.
    [InlineData(true, Seid.One)]
    [InlineData(true, Seid.Two)]
    public void FromStore_IssuerSet_GivesEachCertificateItsRoleAndTheOrganisationNumber(bool commfides, Seid seid)
    {
        var set = commfides ? TestCertificates.Commfides(seid, "912345678") : TestCertificates.Buypass(seid,
            "912345678");

        var signing = CustomCertificates.Facts(set.Signing);
        var encryption = CustomCertificates.Facts(set.Encryption);

        Assert.Equal(CertificateRole.Signing, signing.Roles);
        Assert.Equal(CertificateRole.Encryption, encryption.Roles);
        Assert.Equal("912345678", signing.OrganisationNumber);
        Assert.Equal("912345678", encryption.OrganisationNumber);
        Assert.Equal(set.Signing.Thumbprint, signing.Thumbprint);
        Assert.True(signing.HasPrivateKey);
        if (commfides)
        {
            var authentication = CustomCertificates.Facts(set.Authentication!);
            Assert.Equal(CertificateRole.None, authentication.Roles);
            Assert.False(authentication.Fits(CertificateRole.Encryption));
        }
    }

    [Fact]
    public void FromStore_Seid2EncryptionWithDigitalSignatureAndKeyEncipherment_FitsEncryptionOnly()
    {
        var certificate = TestCertificates.Create(TestCertificates.BuypassSeid2Encryption, seid: Seid.Two);

        var facts = CustomCertificates.Facts(certificate);

        Assert.Equal(CertificateRole.Encryption, facts.Roles);
        Assert.True(facts.Fits(CertificateRole.Encryption));
        Assert.False(facts.Fits(CertificateRole.Signing));
        Assert.Equal("Digital Signature, Key Encipherment", facts.KeyUsageText);
    }

    [Theory]
    // digitalSignature alone: an authentication certificate, no role.
    [InlineData(X509KeyUsageFlags.DigitalSignature, CertificateRole.None)]
    // Seal: digitalSignature and nonRepudiation is signing only.
    [InlineData(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, CertificateRole.Signing)]
    // dataEncipherment alone is enough for encryption.
    [InlineData(X509KeyUsageFlags.DataEncipherment, CertificateRole.Encryption)]
    // keyAgreement alone is not encryption in the sense of the services.
    [InlineData(X509KeyUsageFlags.KeyAgreement, CertificateRole.None)]
    // nonRepudiation and keyEncipherment together: fits both roles.
    [InlineData(X509KeyUsageFlags.NonRepudiation | X509KeyUsageFlags.KeyEncipherment,
        CertificateRole.Signing | CertificateRole.Encryption)]
    // The second byte of the bit string (decipherOnly) is read too.
    [InlineData(X509KeyUsageFlags.KeyAgreement | X509KeyUsageFlags.DecipherOnly, CertificateRole.None)]
    public void FromStore_KeyUsage_GivesTheRoles(X509KeyUsageFlags usage, CertificateRole roles)
    {
        var facts = CustomCertificates.Facts(TestCertificates.Create(usage));

        Assert.Equal(usage, facts.KeyUsage);
        Assert.Equal(roles, facts.Roles);
    }

    [Fact]
    public void FromStore_NoKeyUsageExtension_HasNoRoleAndSaysSo()
    {
        var certificate = CustomCertificates.Create(new X500DistinguishedName("CN=No usage, O=Kommune"), usage: null);

        var facts = CustomCertificates.Facts(certificate);

        Assert.False(facts.HasKeyUsageExtension);
        Assert.Equal(CertificateRole.None, facts.Roles);
        Assert.Equal("no Key Usage extension", facts.KeyUsageText);
        Assert.Null(facts.OrganisationNumber);
    }

    [Theory]
    // Store key kinds pass through; HasPrivateKey follows them.
    [InlineData(KeyStorageKind.None, false)]
    [InlineData(KeyStorageKind.CapiFile, true)]
    [InlineData(KeyStorageKind.CngFile, true)]
    [InlineData(KeyStorageKind.Hardware, true)]
    public void FromStore_KeyLocation_GivesHasPrivateKey(KeyStorageKind kind, bool hasKey)
    {
        var store = new Doubles.FakeCertificateStore();
        var entry = store.Add(TestCertificates.Create(TestCertificates.Signing), kind);

        var facts = CertificateFacts.FromStore(entry);

        Assert.Equal(kind, facts.Key.Kind);
        Assert.Equal(hasKey, facts.HasPrivateKey);
    }

    [Fact]
    public void FromStore_ValidityAfter2049_IsReadFromGeneralizedTime()
    {
        var notAfter = new DateTimeOffset(2051, 3, 4, 5, 6, 7, TimeSpan.Zero);
        var certificate = TestCertificates.Create(TestCertificates.Signing, notAfter: notAfter);

        var facts = CustomCertificates.Facts(certificate);

        Assert.Equal(notAfter, facts.NotAfter);
        Assert.Equal(TestCertificates.Now.AddMonths(-1), facts.NotBefore);
    }

    [Theory]
    // BMPString (UTF-16), T61String (written as UTF-8 by .NET) and UTF8String with Norwegian letters.
    [InlineData(UniversalTagNumber.BMPString)]
    [InlineData(UniversalTagNumber.T61String)]
    [InlineData(UniversalTagNumber.UTF8String)]
    public void FromStore_SubjectStringTypes_AreDecoded(UniversalTagNumber type)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCountryOrRegion("NO");
        builder.Add("2.5.4.10", "Bærum kommune, IT", type);
        builder.Add("2.5.4.97", "NTRNO-974574861", type);
        builder.AddCommonName("Bærum kommune");
        var certificate = CustomCertificates.Create(builder.Build(), TestCertificates.Signing);

        var facts = CustomCertificates.Facts(certificate);

        Assert.Equal("974574861", facts.OrganisationNumber);
        Assert.Equal("Bærum kommune, IT", facts.Organisation);
        Assert.Equal("C=NO, O=\"Bærum kommune, IT\", organizationIdentifier=NTRNO-974574861, CN=Bærum kommune",
            facts.Subject);
    }

    [Theory]
    // An organizationIdentifier of another register is not an organisation number.
    [InlineData("2.5.4.97", "PSDNO-FSA-991825827", null)]
    // A serialNumber that is not nine digits (a personal certificate's) is not one either.
    [InlineData("2.5.4.5", "9578-4505-00001pdEkL", null)]
    [InlineData("2.5.4.5", "12345678", null)]
    // Nine digits in serialNumber (SEID 1).
    [InlineData("2.5.4.5", "123456789", "123456789")]
    public void FromStore_OrganisationNumberCandidates_OnlyNtrOrNineDigitsCount(string oid, string value,
        string? expected)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.Add(oid, value, UniversalTagNumber.UTF8String);
        builder.AddCommonName("Kommune");
        var facts = CustomCertificates.Facts(CustomCertificates.Create(builder.Build(), TestCertificates.Signing));

        Assert.Equal(expected, facts.OrganisationNumber);
    }

    [Fact]
    public void FromStore_NtrIdentifierAndDifferentSerialNumber_PrefersTheNtrIdentifier()
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.Add("2.5.4.5", "111111111", UniversalTagNumber.PrintableString);
        builder.Add("2.5.4.97", "NTRNO-222222222", UniversalTagNumber.UTF8String);
        var facts = CustomCertificates.Facts(CustomCertificates.Create(builder.Build(), TestCertificates.Signing));

        Assert.Equal("222222222", facts.OrganisationNumber);
    }

    [Fact]
    public void FromStore_NotACertificate_ThrowsNamingTheSha1OfTheBytes()
    {
        var bytes = new byte[] { 0x30, 0x03, 0x02, 0x01, 0x01 };

        var e = Assert.Throws<CertificateReadException>(
            () => CertificateFacts.FromStore(new StoreCertificate(bytes, KeyLocation.NoKey)));

        var sha1 = Convert.ToHexString(System.Security.Cryptography.SHA1.HashData(bytes));
        Assert.Equal(sha1, e.Thumbprint);
        Assert.Equal("The certificate " + sha1 + @" in LocalMachine\My cannot be read: not valid DER at byte 2: "
            + "tag 0x30 was expected, found 0x02. Remove it from the store or import it again from its "
            + "PKCS#12 file.", e.Message);
    }

    [Fact]
    public void FromStore_TruncatedCertificate_ThrowsCertificateReadException()
    {
        var der = TestCertificates.Create(TestCertificates.Signing).RawData;
        var truncated = der[..(der.Length / 2)];

        var e = Assert.Throws<CertificateReadException>(
            () => CertificateFacts.FromStore(new StoreCertificate(truncated, KeyLocation.NoKey)));

        Assert.Contains("not valid DER at byte 0: the element runs past the end of its container", e.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void FromStore_BytesAfterTheCertificate_AreRefused()
    {
        var der = TestCertificates.Create(TestCertificates.Signing).RawData;
        var padded = new byte[der.Length + 1];
        der.CopyTo(padded, 0);

        var e = Assert.Throws<CertificateReadException>(
            () => CertificateFacts.FromStore(new StoreCertificate(padded, KeyLocation.NoKey)));

        Assert.Contains("data follows the certificate", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    // Validity boundaries: the first and last instant count as valid.
    [InlineData(-1, false, true)]
    [InlineData(0, true, false)]
    [InlineData(1, true, false)]
    public void IsValidAt_AroundNotBefore(int secondsFromStart, bool valid, bool notYetValid)
    {
        var facts = CustomCertificates.Facts(TestCertificates.Create(TestCertificates.Signing));

        var at = facts.NotBefore.AddSeconds(secondsFromStart);

        Assert.Equal(valid, facts.IsValidAt(at));
        Assert.Equal(notYetValid, facts.IsNotYetValidAt(at));
    }

    [Theory]
    [InlineData(0, true, false)]
    [InlineData(1, false, true)]
    public void IsValidAt_AroundNotAfter(int secondsAfterEnd, bool valid, bool expired)
    {
        var facts = CustomCertificates.Facts(TestCertificates.Create(TestCertificates.Signing));

        var at = facts.NotAfter.AddSeconds(secondsAfterEnd);

        Assert.Equal(valid, facts.IsValidAt(at));
        Assert.Equal(expired, facts.IsExpiredAt(at));
    }

    [Fact]
    public void FromStore_Latin1InT61String_IsReadAsLatin1()
    {
        // Older issuers wrote Latin-1 into T61String; .NET's builder writes UTF-8, so the bytes are
        // written by hand here: SET { SEQUENCE { OID 2.5.4.10, T61String "B\xE6rum" } }.
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSetOf())
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier("2.5.4.10");
            writer.WriteEncodedValue(new byte[] { 0x14, 0x05, 0x42, 0xE6, 0x72, 0x75, 0x6D });
        }

        var subject = new X500DistinguishedName(writer.Encode());
        var facts = CustomCertificates.Facts(CustomCertificates.Create(subject, TestCertificates.Signing));

        Assert.Equal("Bærum", facts.Organisation);
    }
}
