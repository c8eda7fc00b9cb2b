using System;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using CertDeploy.Core.Certificates;
using CertDeploy.Core.Ports;
using CertDeploy.Core.Tests.Support;
using Xunit;

namespace CertDeploy.Core.Tests.Certificates;

public class CandidateRankingTests
{
    private static readonly DateTimeOffset Now = TestCertificates.Now;

    [Fact]
    public void Rank_Encryption_KeyThenValidThenLatestAndWrongRolesLeftOut()
    {
        var enc = TestCertificates.BuypassSeid2Encryption;
        var newest = Facts(enc, Now.AddMonths(-1));
        var older = Facts(enc, Now.AddYears(-2));
        var expired = Facts(enc, Now.AddYears(-4));
        var notYetValid = Facts(enc, Now.AddMonths(1));
        var keyless = Facts(enc, Now.AddDays(-1), KeyStorageKind.None);
        var inHardware = Facts(enc, Now.AddYears(-1), KeyStorageKind.Hardware);
        var authentication = Facts(TestCertificates.Authentication, Now.AddDays(-2));
        var signing = Facts(TestCertificates.Signing, Now.AddDays(-2));

        var ranked = CandidateRanking.Rank(
            new[] { keyless, expired, authentication, older, notYetValid, signing, inHardware, newest },
            CertificateRole.Encryption, Now);

        Assert.Equal(new[] { newest, inHardware, older, notYetValid, expired, keyless }, ranked);
    }

    [Fact]
    public void Rank_CommfidesSet_AuthenticationIsNeverOffered()
    {
        var set = TestCertificates.Commfides(Seid.Two);
        var all = new[] { set.Signing, set.Encryption, set.Authentication! }.Select(c =>
            CustomCertificates.Facts(c)).ToList();

        var forSigning = CandidateRanking.Rank(all, CertificateRole.Signing, Now);
        var forEncryption = CandidateRanking.Rank(all, CertificateRole.Encryption, Now);

        Assert.Equal(set.Signing.Thumbprint, Assert.Single(forSigning).Thumbprint);
        Assert.Equal(set.Encryption.Thumbprint, Assert.Single(forEncryption).Thumbprint);
    }

    [Fact]
    public void Rank_CertificateFittingBothRoles_IsOfferedForBoth()
    {
        var both = Facts(X509KeyUsageFlags.NonRepudiation | X509KeyUsageFlags.KeyEncipherment, Now.AddDays(-1));

        Assert.Same(both, Assert.Single(CandidateRanking.Rank(new[] { both }, CertificateRole.Signing, Now)));
        Assert.Same(both, Assert.Single(CandidateRanking.Rank(new[] { both }, CertificateRole.Encryption, Now)));
    }

    [Fact]
    public void Rank_RoleNone_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => CandidateRanking.Rank(Array.Empty<CertificateFacts>(), CertificateRole.None, Now));
    }

    [Fact]
    public void Describe_Candidates_OneLinePerCertificateWithStateAndKey()
    {
        var usable = Facts(TestCertificates.Signing, Now.AddMonths(-1));
        var expiredKeyless = Facts(TestCertificates.Signing, Now.AddYears(-4), KeyStorageKind.None, "987654321");
        var ranked = CandidateRanking.Rank(new[] { expiredKeyless, usable }, CertificateRole.Signing, Now);

        var text = CandidateRanking.Describe(ranked, CertificateRole.Signing, Now);

        Assert.Equal(string.Join(Environment.NewLine,
            @"Candidates for signing in LocalMachine\My, best first (2):",
            "  " + usable.Thumbprint + ": organisation 123456789; fits signing (Non-Repudiation); "
                + "not after 2029-11-04 12:00 UTC; key: CNG file; usable",
            "  " + expiredKeyless.Thumbprint + ": organisation 987654321; fits signing (Non-Repudiation); "
                + "not after 2025-12-04 12:00 UTC; key: none; expired, no private key"), text);
    }

    [Fact]
    public void Rank_KeyUnreadable_AfterUsableAndDescribedAsNotUsable()
    {
        var unreadable = Facts(TestCertificates.Signing, Now.AddDays(-1), KeyStorageKind.Unreadable);
        var usable = Facts(TestCertificates.Signing, Now.AddYears(-1));

        var ranked = CandidateRanking.Rank(new[] { unreadable, usable }, CertificateRole.Signing, Now);
        var text = CandidateRanking.Describe(new[] { unreadable }, CertificateRole.Signing, Now);

        Assert.Equal(new[] { usable, unreadable }, ranked);
        Assert.False(CandidateRanking.IsUsable(unreadable, CertificateRole.Signing, Now));
        Assert.EndsWith("; not usable", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_CertificateOfAnotherRole_SaysItDoesNotFit()
    {
        var authentication = Facts(TestCertificates.Authentication, Now.AddMonths(-1), KeyStorageKind.Hardware);

        var text = CandidateRanking.Describe(new[] { authentication }, CertificateRole.Encryption, Now);

        Assert.EndsWith(authentication.Thumbprint + ": organisation 123456789; does not fit encryption "
            + "(Digital Signature); not after 2029-11-04 12:00 UTC; key: hardware; wrong role", text,
                StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_NoCandidates_SaysWhatTheRoleNeeds()
    {
        var text = CandidateRanking.Describe(Array.Empty<CertificateFacts>(), CertificateRole.Encryption, Now);

        Assert.Equal(@"No certificate in LocalMachine\My fits encryption (encryption needs Key Encipherment "
            + "or Data Encipherment).", text);
    }

    private static CertificateFacts Facts(X509KeyUsageFlags usage, DateTimeOffset notBefore,
        KeyStorageKind key = KeyStorageKind.CngFile, string organisationNumber = "123456789") =>
        CustomCertificates.Facts(TestCertificates.Create(usage, notBefore,
            organisationNumber: organisationNumber), key);
}
