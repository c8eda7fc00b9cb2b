using System;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using CertDeploy.Core.Certificates;
using Xunit;

namespace CertDeploy.Core.Tests.Certificates;

/// <summary>
/// Every real certificate in shared/certs, read by <see cref="CertificateFacts"/>, against the
/// table in shared/certs/README.md, and against what .NET itself reads from the same bytes.
/// </summary>
public class RealCertificateFactsTests
{
    private const X509KeyUsageFlags DS = X509KeyUsageFlags.DigitalSignature;
    private const X509KeyUsageFlags NR = X509KeyUsageFlags.NonRepudiation;
    private const X509KeyUsageFlags KE = X509KeyUsageFlags.KeyEncipherment;
    private const X509KeyUsageFlags DE = X509KeyUsageFlags.DataEncipherment;
    private const X509KeyUsageFlags KA = X509KeyUsageFlags.KeyAgreement;
    private const CertificateRole Sign = CertificateRole.Signing;
    private const CertificateRole Enc = CertificateRole.Encryption;
    private const CertificateRole None = CertificateRole.None;

    [Theory]
    // Buypass SEID 1 "authentication and encryption" with DS+KE+DE: encryption, serialNumber.
    [InlineData("buypass-seid1-test-digdir-auth+enc-eku.pem", DS | KE | DE, Enc, "991825827",
        "61C3FC89492BF37161F9103D14AC7C0F1C1740E9", "2023-06-16T21:59:00Z")]
    [InlineData("buypass-seid1-test-helsenorge-auth+enc.pem", DS | KE | DE, Enc, "983544622",
        "FDDBCFBB3231F0C66EE2168358229D3CAC95E88A", "2017-02-06T22:59:00Z")]
    // Buypass SEID 1 signing: nonRepudiation only.
    [InlineData("buypass-seid1-test-helsenorge-sign.pem", NR, Sign, "983544622",
        "BD302B20FCDCF3766BF0BCBA485DFB4B2BFE1379", "2017-02-06T22:59:00Z")]
    // Buypass SEID 2 production signing: organizationIdentifier NTRNO-.
    [InlineData("buypass-seid2-prod-nhn-sign.pem", NR, Sign, "994598759",
        "B8919616C1E79E875A74E0C6B0274E7130D50A63", "2026-11-17T22:59:00Z")]
    // PSD2 seal: DS+NR is signing only; PSDNO-FSA- is not an NTR organisation number.
    [InlineData("buypass-seid2-test-psd2-qseal.pem", DS | NR, Sign, null,
        "BA06A0F4738506A49B55D548BFAFFA2320E67781", "2023-05-07T21:59:00Z")]
    // Buypass SEID 2 encryption: DS+KE without DE is still encryption.
    [InlineData("buypass-seid2-test-qceseal-auth+enc.pem", DS | KE, Enc, "100101696",
        "2F851C93A89F54D0913FCE31E7F37226E68DDA66", "2024-07-28T21:59:00Z")]
    [InlineData("buypass-seid2-test-qceseal-sign.pem", NR, Sign, "100101696",
        "5561A86CD56624360090866BFE9CD0CA8DCB7E8E", "2024-07-28T21:59:00Z")]
    [InlineData("buypass-seid2-test-vid-auth+enc.pem", DS | KE, Enc, "100101688",
        "0D02D0B6C1381259AEF62F953EC24EC273C58365", "2024-07-28T21:59:00Z")]
    [InlineData("buypass-seid2-test-vid-sign.pem", NR, Sign, "100101688",
        "BE7126B9BBAF89B9FDA9AB893943B75F623BEFA4", "2024-07-28T21:59:00Z")]
    // Commfides encryption: KE+DE+KA, PrintableString subject in the reverse attribute order.
    [InlineData("commfides-seid1-prod-ks-enc.pem", KE | DE | KA, Enc, "971032146",
        "C199A2767D69BE85D1F51815E7490E3885AA8554", "2024-12-31T13:48:39Z")]
    // Commfides authentication: digitalSignature alone is no role at all.
    [InlineData("commfides-seid1-test-auth.pem", DS, None, "958935420",
        "D4DD19F5425CA228A057F3E194C7A15B414183BB", "2022-10-03T12:53:44Z")]
    [InlineData("commfides-seid1-test-sign.pem", NR, Sign, "958935420",
        "331B8ACE8271174ACD06EA4F81C2637A7EF3D629", "2022-10-03T12:53:44Z")]
    // Commfides SEID 2 carries both organizationIdentifier and serialNumber.
    [InlineData("commfides-seid2-prod-ks-auth.pem", DS, None, "971032146",
        "F0655720F49A75F39E6713CB2B5264391958381C", "2026-09-27T12:59:32Z")]
    [InlineData("commfides-seid2-prod-ks-enc.pem", KE | DE | KA, Enc, "971032146",
        "459F6662C12CF26257AD7799F2EF11B4CC4B9C93", "2026-09-27T12:59:41Z")]
    [InlineData("commfides-seid2-prod-ks-sign.pem", NR, Sign, "971032146",
        "CDE457D9C816ABFDF20F797DA1C0CFF2C0E56431", "2026-09-27T12:59:51Z")]
    // organizationIdentifier as PrintableString rather than UTF8String.
    [InlineData("commfides-seid2-test-digdir-auth.pem", DS, None, "991825827",
        "A5EFF81F4001FD1DACC0935143B5C918B7C3AB30", "2025-09-02T11:28:12Z")]
    [InlineData("commfides-seid2-test-digdir-sign.pem", NR, Sign, "991825827",
        "DEC784AF5453C49B788E78259331CB608E7CE563", "2025-09-02T11:28:32Z")]
    public void FromStore_RealCertificate_MatchesTheTable(string file, X509KeyUsageFlags usage,
        CertificateRole roles, string? organisationNumber, string thumbprint, string notAfter)
    {
        var facts = RealCertificates.Facts(file);

        Assert.Equal(thumbprint, facts.Thumbprint);
        Assert.True(facts.HasKeyUsageExtension);
        Assert.Equal(usage, facts.KeyUsage);
        Assert.Equal(roles, facts.Roles);
        Assert.Equal(organisationNumber, facts.OrganisationNumber);
        Assert.Equal(DateTimeOffset.Parse(notAfter, CultureInfo.InvariantCulture), facts.NotAfter);
        Assert.False(facts.HasPrivateKey);
    }

    [Fact]
    public void FromStore_RealCertificates_TableCoversEveryFileInSharedCerts()
    {
        var folder = Support.SharedFolder.Path;
        if (folder == null)
        {
            Assert.Skip("The shared folder with the real certificates is not beside the repository.");
        }

        var present = System.IO.Directory.GetFiles(System.IO.Path.Combine(folder, "certs"), "*.pem")
            .Select(System.IO.Path.GetFileName).OrderBy(f => f, StringComparer.Ordinal);

        Assert.Equal(RealCertificates.Files.OrderBy(f => f, StringComparer.Ordinal), present);
    }

    [Theory]
    [MemberData(nameof(RealCertificates.FileRows), MemberType = typeof(RealCertificates))]
    public void FromStore_RealCertificate_AgreesWithWhatDotNetReads(string file)
    {
        var der = RealCertificates.Load(file);
        using var platform = X509CertificateLoader.LoadCertificate(der);

        var facts = CertificateFacts.FromStore(new Ports.StoreCertificate(der, Ports.KeyLocation.NoKey));

        Assert.Equal(platform.Thumbprint, facts.Thumbprint);
        Assert.Equal(new DateTimeOffset(platform.NotBefore.ToUniversalTime()), facts.NotBefore);
        Assert.Equal(new DateTimeOffset(platform.NotAfter.ToUniversalTime()), facts.NotAfter);
        Assert.Equal(platform.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages, facts.KeyUsage);
        Assert.Equal(platform.GetNameInfo(X509NameType.SimpleName, forIssuer: false),
            facts.SubjectName.Get(Core.Certificates.DistinguishedName.CommonNameOid));
        Assert.Equal(platform.GetNameInfo(X509NameType.SimpleName, forIssuer: true),
            facts.IssuerName.Get(Core.Certificates.DistinguishedName.CommonNameOid));
    }

    [Fact]
    public void Subject_CommfidesSeid2_IsReadFromTheDerInCertificateDialogOrder()
    {
        var facts = RealCertificates.Facts("commfides-seid2-prod-ks-enc.pem");

        Assert.Equal("CN=KS-KOMMUNESEKTORENS ORGANISASJON, SERIALNUMBER=971032146, OU=Annet, "
            + "organizationIdentifier=NTRNO-971032146, O=KS-KOMMUNESEKTORENS ORGANISASJON, "
            + "L=\"Haakon VIIs gate 9, 0161 OSLO\", C=NO", facts.Subject);
        Assert.Equal("CN=Commfides Legal Person - G3, organizationIdentifier=NTRNO-988312495, "
            + "O=Commfides Norge AS, C=NO", facts.Issuer);
        Assert.Equal("KS-KOMMUNESEKTORENS ORGANISASJON", facts.Organisation);
    }

    [Fact]
    public void Subject_Seid1WithUtf8State_KeepsTheNorwegianLetter()
    {
        var facts = RealCertificates.Facts("commfides-seid1-test-sign.pem");

        Assert.Equal("Bærum", facts.SubjectName.Get("2.5.4.8"));
        Assert.Equal("C=NO, ST=Bærum, L=Lysaker, O=Test Virksomhet, OU=Issued By Commfides Enterprise "
            + "Norwegian SHA256 CA - TEST, OU=Test Sertifikat, SERIALNUMBER=958935420, CN=Test Virksomhet",
            facts.Subject);
    }
}
