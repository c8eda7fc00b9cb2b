using System;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using CertDeploy.Core.Certificates;
using CertDeploy.Core.Ports;
using CertDeploy.Core.Tests.Support;
using Xunit;

namespace CertDeploy.Core.Tests.Certificates;

public class DialogEntriesTests
{
    private static readonly DateTimeOffset Now = TestCertificates.Now;

    [Fact]
    public void Format_RealSigningCertificate_GivesShortTextAndFullDetails()
    {
        var facts = RealCertificates.Facts("buypass-seid2-prod-nhn-sign.pem", KeyStorageKind.CngFile);
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var entry = DialogEntries.Format(facts, CertificateRole.Signing, now);

        Assert.Equal("B8919616C1E79E875A74E0C6B0274E7130D50A63", entry.Thumbprint);
        Assert.Equal("NORSK HELSENETT SF | 2026-11-17 | CNG | 30D50A63", entry.Text);
        Assert.Equal("Subject: organizationIdentifier=NTRNO-994598759, CN=NORSK HELSENETT SF, OU=HelseID, "
            + "O=NORSK HELSENETT SF, C=NO; Issuer: CN=Buypass Class 3 CA G2 ST Business, O=Buypass AS, "
            + "organizationIdentifier=NTRNO-983163327, C=NO; Valid 2023-07-31 13:52 UTC to 2026-11-17 22:59 UTC; "
            + "Key: CNG file; Thumbprint: B8919616C1E79E875A74E0C6B0274E7130D50A63; usable", entry.Details);
    }

    [Fact]
    public void Format_ExpiredWithoutKey_SaysSoInTextAndDetails()
    {
        var facts = RealCertificates.Facts("buypass-seid2-test-vid-auth+enc.pem");

        var entry = DialogEntries.Format(facts, CertificateRole.Encryption, Now);

        Assert.Equal("TESTVIRKSOMHET | 2024-07-28 | no key | 73C58365 | expired", entry.Text);
        Assert.EndsWith("; Key: none; Thumbprint: 0D02D0B6C1381259AEF62F953EC24EC273C58365; expired, no private key",
            entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_AuthenticationCertificateInTheEncryptionList_IsMarkedWrongRole()
    {
        var facts = RealCertificates.Facts("commfides-seid2-prod-ks-auth.pem", KeyStorageKind.CapiFile);
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var entry = DialogEntries.Format(facts, CertificateRole.Encryption, now);

        Assert.Equal("KS-KOMMUNESEKTORENS… | 2026-09-27 | CAPI | 1958381C | wrong role", entry.Text);
        Assert.Equal(64, entry.Text.Length);
        Assert.EndsWith("; Key: CAPI file; Thumbprint: F0655720F49A75F39E6713CB2B5264391958381C; wrong role",
            entry.Details, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RealCertificates.FileRows), MemberType = typeof(RealCertificates))]
    public void Format_EveryRealCertificateInEveryState_TextFitsTheComboBoxColumn(string file)
    {
        var der = RealCertificates.Load(file);
        var times = new[] { Now, new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2022, 1, 1, 0, 0, 0, TimeSpan.Zero) };

        foreach (var kind in Enum.GetValues<KeyStorageKind>())
        {
            var facts = CertificateFacts.FromStore(new StoreCertificate(der, RealCertificates.Key(kind)));
            foreach (var role in new[] { CertificateRole.Signing, CertificateRole.Encryption })
            {
                foreach (var now in times)
                {
                    var entry = DialogEntries.Format(facts, role, now);

                    Assert.InRange(entry.Text.Length, 1, DialogEntries.MaxTextLength);
                    Assert.Contains(facts.Thumbprint[^8..], entry.Text, StringComparison.Ordinal);
                    Assert.Contains(facts.NotAfter.UtcDateTime.ToString("yyyy-MM-dd"), entry.Text,
                        StringComparison.Ordinal);
                    Assert.Contains(facts.Thumbprint, entry.Details, StringComparison.Ordinal);
                    Assert.DoesNotContain('\n', entry.Details);
                }
            }
        }
    }

    [Theory]
    // The longest tail: hardware key, not yet valid, wrong role shown as the one reason.
    [InlineData(KeyStorageKind.Hardware, 1)]
    [InlineData(KeyStorageKind.None, 0)]
    [InlineData(KeyStorageKind.CngFile, -1)]
    public void Format_LongOrganisationName_IsShortenedWithAnEllipsis(KeyStorageKind key, int validityShiftYears)
    {
        var name = "Kommunenes Felles Interkommunale Helse- og Omsorgstjenester, Avdeling for Digitalisering og IKT";
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCountryOrRegion("NO");
        builder.AddOrganizationName(name);
        builder.Add("2.5.4.97", "NTRNO-123456789", System.Formats.Asn1.UniversalTagNumber.UTF8String);
        builder.AddCommonName(name);
        var from = Now.AddYears(validityShiftYears);
        var facts = CustomCertificates.Facts(
            CustomCertificates.Create(builder.Build(), X509KeyUsageFlags.DigitalSignature, from,
                from.AddYears(3)), key);

        var entry = DialogEntries.Format(facts, CertificateRole.Encryption, Now);

        Assert.True(entry.Text.Length <= DialogEntries.MaxTextLength, entry.Text);
        Assert.StartsWith("Kommunenes", entry.Text, StringComparison.Ordinal);
        Assert.Contains("\u2026 | ", entry.Text, StringComparison.Ordinal);
        Assert.Contains(name, entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_LongNameWithLineBreaks_StaysOnOneLine()
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddOrganizationName("Kommune\r\nmed linjeskift\tog tabulator i navnet sitt som er langt");
        var facts = CustomCertificates.Facts(CustomCertificates.Create(builder.Build(), TestCertificates.Signing));

        var entry = DialogEntries.Format(facts, CertificateRole.Signing, Now);

        Assert.Equal("Kommune  med linjeskift og tabula… | 2029-11-04 | CNG | " + facts.Thumbprint[^8..], entry.Text);
        Assert.Equal(DialogEntries.MaxTextLength, entry.Text.Length);
    }

    [Theory]
    // No O: the CN names the entry.
    [InlineData("CN=Bare navn", "Bare navn")]
    // Neither O nor CN.
    [InlineData("OU=Avdeling", "(no name)")]
    public void Format_NoOrganisationName_FallsBack(string subject, string shown)
    {
        var facts = CustomCertificates.Facts(
            CustomCertificates.Create(new X500DistinguishedName(subject), TestCertificates.Signing));

        var entry = DialogEntries.Format(facts, CertificateRole.Signing, Now);

        Assert.Equal(shown + " | 2029-11-04 | CNG | " + facts.Thumbprint[^8..], entry.Text);
    }

    [Fact]
    public void Format_RankedTestSet_EveryEntryFits()
    {
        var set = TestCertificates.Commfides(Seid.One);
        var all = new[] { set.Signing, set.Encryption, set.Authentication! }
            .Select(c => CustomCertificates.Facts(c, KeyStorageKind.Hardware));

        var entries = CandidateRanking.Rank(all, CertificateRole.Encryption, Now)
            .Select(c => DialogEntries.Format(c, CertificateRole.Encryption, Now)).ToList();

        var entry = Assert.Single(entries);
        Assert.Equal(set.Encryption.Thumbprint, entry.Thumbprint);
        Assert.Equal("CosDoc Kommune | 2029-11-04 | hardware | " + set.Encryption.Thumbprint[^8..], entry.Text);
    }
}
