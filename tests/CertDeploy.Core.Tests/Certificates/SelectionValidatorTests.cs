using System;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using CertDeploy.Core.Certificates;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Ports;
using CertDeploy.Core.Tests.Doubles;
using CertDeploy.Core.Tests.Support;
using Xunit;

namespace CertDeploy.Core.Tests.Certificates;

public sealed class SelectionValidatorTests : IDisposable
{
    private static readonly DateTimeOffset Now = TestCertificates.Now;
    private readonly FakeCertificateStore _store = new();

    public void Dispose()
    {
        if (System.IO.Directory.Exists(_store.KeyFolder))
        {
            System.IO.Directory.Delete(_store.KeyFolder, recursive: true);
        }
    }

    [Theory]
    [InlineData(false, Seid.One)]
    [InlineData(false, Seid.Two)]
    [InlineData(true, Seid.One)]
    [InlineData(true, Seid.Two)]
    public void Validate_IssuerSet_HasNoFindings(bool commfides, Seid seid)
    {
        var set = commfides ? TestCertificates.Commfides(seid) : TestCertificates.Buypass(seid);
        _store.Add(set.Signing);
        _store.Add(set.Encryption);

        var findings = SelectionValidator.Validate(set.Signing.Thumbprint, set.Encryption.Thumbprint, _store, Now, 30);

        Assert.Empty(findings);
    }

    [Fact]
    public void Validate_PastedThumbprints_AreNormalisedBeforeTheLookup()
    {
        var set = TestCertificates.Buypass(Seid.Two);
        _store.Add(set.Signing);
        _store.Add(set.Encryption);

        var findings = SelectionValidator.Validate("\u200E" + set.Signing.Thumbprint.ToLowerInvariant() + "\r\n",
            "\"" + Spaced(set.Encryption.Thumbprint) + "\"", _store, Now, 30);

        Assert.Empty(findings);
    }

    [Fact]
    public void Validate_Seid2EncryptionCertificate_AcceptedForEncryptionOnly()
    {
        var set = TestCertificates.Buypass(Seid.Two);
        _store.Add(set.Signing);
        _store.Add(set.Encryption);
        var encryption = set.Encryption.Thumbprint;

        var asEncryption = SelectionValidator.Validate(set.Signing.Thumbprint, encryption, _store, Now, 30);
        var asSigning = SelectionValidator.Validate(encryption, set.Signing.Thumbprint, _store, Now, 30);

        Assert.Empty(asEncryption);
        Assert.Equal(new[]
        {
            "Error CertificateWrongRole: The certificate " + encryption + " cannot be used for signing: its Key "
                + "Usage is Digital Signature, Key Encipherment; signing needs Non-Repudiation. Choose the "
                + "signing certificate of the set.",
            "Error CertificateWrongRole: The certificate " + set.Signing.Thumbprint + " cannot be used for "
                + "encryption: its Key Usage is Non-Repudiation; encryption needs Key Encipherment or Data "
                + "Encipherment. Choose the encryption certificate of the set.",
        }, Lines(asSigning));
    }

    [Fact]
    public void Validate_AuthenticationCertificateForEncryption_IsNamedAsSuch()
    {
        var set = TestCertificates.Commfides(Seid.Two);
        _store.Add(set.Signing);
        _store.Add(set.Authentication!);

        var findings = SelectionValidator.Validate(set.Signing.Thumbprint, set.Authentication!.Thumbprint,
            _store, Now, 30);

        Assert.Equal("Error CertificateWrongRole: The certificate " + set.Authentication.Thumbprint + " cannot "
            + "be used for encryption: its Key Usage is Digital Signature (an authentication certificate); "
            + "encryption needs Key Encipherment or Data Encipherment. Choose the encryption certificate "
            + "of the set.", Assert.Single(Lines(findings)));
    }

    [Fact]
    public void Validate_NoKeyUsageExtension_IsTheWrongRoleAndSaysWhy()
    {
        var signing = TestCertificates.Create(TestCertificates.Signing);
        var bare = CustomCertificates.Create(new X500DistinguishedName("CN=Bare"), usage: null);
        _store.Add(signing);
        _store.Add(bare, KeyStorageKind.CapiFile);

        var findings = SelectionValidator.Validate(signing.Thumbprint, bare.Thumbprint, _store, Now, 30);

        Assert.Equal("Error CertificateWrongRole: The certificate " + bare.Thumbprint + " cannot be used for "
            + "encryption: it has no Key Usage extension, so its role cannot be told; encryption needs Key "
            + "Encipherment or Data Encipherment. Choose the encryption certificate of the set.",
            Assert.Single(Lines(findings)));
    }

    [Fact]
    public void Validate_EverythingWrong_ReturnsAllFindingsAtOnce()
    {
        // Signing: expired, key-less and of the wrong role. Encryption: not in the store.
        var expired = TestCertificates.Create(TestCertificates.Authentication, Now.AddYears(-4), withPrivateKey: false);
        _store.Add(expired, KeyStorageKind.None);
        var missing = "0123456789ABCDEF0123456789ABCDEF01234567";

        var findings = SelectionValidator.Validate(expired.Thumbprint, missing, _store, Now, 30);

        Assert.Equal(new[]
        {
            "Error CertificateWrongRole: The certificate " + expired.Thumbprint + " cannot be used for signing: "
                + "its Key Usage is Digital Signature (an authentication certificate); signing needs "
                + "Non-Repudiation. Choose the signing certificate of the set.",
            "Error CertificateNoPrivateKey: The signing certificate " + expired.Thumbprint + @" has no private key "
                + @"in LocalMachine\My. Import the PKCS#12 file (.p12 or .pfx) that holds its key, not the "
                + "certificate alone.",
            "Error CertificateExpired: The signing certificate " + expired.Thumbprint + " expired on 2025-12-04 "
                + "12:00 UTC. Choose a certificate that is valid now.",
            "Error CertificateNotFound: The encryption certificate " + missing + @" is not in LocalMachine\My. "
                + "Import its PKCS#12 file into Local Computer > Personal, or choose another certificate.",
        }, Lines(findings));
    }

    [Fact]
    public void Validate_BadThumbprints_AreFindingsNamingEachRole()
    {
        var findings = SelectionValidator.Validate("EB6A", "  ", _store, Now, 30);

        Assert.Equal(new[]
        {
            "Error ThumbprintInvalid: Signing thumbprint has 4 hexadecimal digits; a thumbprint has 40.",
            "Error ThumbprintInvalid: Encryption thumbprint is empty: it holds only spaces, line breaks or "
                + "invisible characters.",
        }, Lines(findings));
    }

    [Fact]
    public void Validate_NotYetValid_IsAnError()
    {
        var set = TestCertificates.Buypass(Seid.Two, notBefore: new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero));
        _store.Add(set.Signing);
        _store.Add(set.Encryption);

        var findings = SelectionValidator.Validate(set.Signing.Thumbprint, set.Encryption.Thumbprint, _store, Now, 30);

        Assert.Equal(new[]
        {
            "Error CertificateNotYetValid: The signing certificate " + set.Signing.Thumbprint + " is not valid "
                + "until 2027-01-01 00:00 UTC. Choose a certificate that is valid now, or run again from that time.",
            "Error CertificateNotYetValid: The encryption certificate " + set.Encryption.Thumbprint + " is not "
                + "valid until 2027-01-01 00:00 UTC. Choose a certificate that is valid now, or run again from "
                + "that time.",
        }, Lines(findings));
    }

    [Fact]
    public void Validate_KeyInHardware_IsAWarningThatAccessMustBeGrantedByTheAdministrator()
    {
        var set = TestCertificates.Buypass(Seid.Two);
        _store.Add(set.Signing, KeyStorageKind.Hardware);
        _store.Add(set.Encryption, KeyStorageKind.CapiFile);

        var findings = SelectionValidator.Validate(set.Signing.Thumbprint, set.Encryption.Thumbprint, _store, Now, 30);

        var finding = Assert.Single(findings);
        Assert.False(finding.IsError);
        Assert.Equal("Warning PrivateKeyInHardware: The private key of the signing certificate "
            + set.Signing.Thumbprint + " is kept in hardware (Microsoft Platform Crypto Provider): there is no "
            + "key file, so CertDeploy cannot give the service accounts read access to it. Grant them access "
            + "with the key vendor's tool; until then the services cannot use the key.", Line(finding));
    }

    [Theory]
    // Exactly the warning period left: warned.
    [InlineData(30 * 24 * 60, 30, "in 30 days")]
    // One minute more than the period: no warning.
    [InlineData((30 * 24 * 60) + 1, 30, null)]
    // A day and a bit left.
    [InlineData((24 * 60) + 5, 30, "in 1 day")]
    // Less than a day left.
    [InlineData(60, 30, "in less than a day")]
    // A warning period of 0 turns the warning off.
    [InlineData(60, 0, null)]
    public void Validate_ExpiryWithinWarningPeriod_IsAWarningWithDateAndDaysLeft(int minutesLeft, int warningDays,
        string? expected)
    {
        var notAfter = Now.AddMinutes(minutesLeft);
        var signing = TestCertificates.Create(TestCertificates.Signing, Now.AddYears(-3), notAfter);
        var encryption = TestCertificates.Create(TestCertificates.BuypassSeid2Encryption);
        _store.Add(signing);
        _store.Add(encryption);

        var findings = SelectionValidator.Validate(signing.Thumbprint, encryption.Thumbprint, _store, Now, warningDays);

        if (expected == null)
        {
            Assert.Empty(findings);
            return;
        }

        Assert.Equal("Warning CertificateExpiresSoon: The signing certificate " + signing.Thumbprint + " expires on "
            + notAfter.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)
            + " UTC, " + expected + ". Order its successor in time.", Assert.Single(Lines(findings)));
    }

    [Fact]
    public void Validate_DifferentOrganisationNumbers_IsAWarningNamingBoth()
    {
        var signing = TestCertificates.Buypass(Seid.Two, "111111111").Signing;
        var encryption = TestCertificates.Commfides(Seid.One, "222222222").Encryption;
        _store.Add(signing);
        _store.Add(encryption);

        var findings = SelectionValidator.Validate(signing.Thumbprint, encryption.Thumbprint, _store, Now, 30);

        Assert.Equal("Warning OrganisationNumbersDiffer: The signing certificate " + signing.Thumbprint
            + " belongs to organisation number 111111111, the encryption certificate " + encryption.Thumbprint
            + " to 222222222. Both normally come from the same organisation's certificate set; check that "
            + "this is intended.", Assert.Single(Lines(findings)));
    }

    [Fact]
    public void Validate_SameCertificateFittingBothRoles_HasNoFindings()
    {
        var both = TestCertificates.Create(X509KeyUsageFlags.NonRepudiation | X509KeyUsageFlags.KeyEncipherment);
        _store.Add(both);

        Assert.Empty(SelectionValidator.Validate(both.Thumbprint, both.Thumbprint, _store, Now, 30));
    }

    [Fact]
    public void Validate_SameSigningCertificateForBothRoles_IsReportedOnceForBoth()
    {
        var signing = TestCertificates.Create(TestCertificates.Signing, withPrivateKey: false);
        _store.Add(signing, KeyStorageKind.None);

        var findings = SelectionValidator.Validate(signing.Thumbprint, signing.Thumbprint, _store, Now, 30);

        Assert.Equal(new[]
        {
            "Error CertificateWrongRole: The certificate " + signing.Thumbprint + " cannot be used for signing and "
                + "encryption: its Key Usage is Non-Repudiation; signing needs Non-Repudiation and encryption "
                + "needs Key Encipherment or Data Encipherment. Choose the signing and encryption certificate "
                + "of the set.",
            "Error CertificateNoPrivateKey: The signing and encryption certificate " + signing.Thumbprint
                + @" has no private key in LocalMachine\My. Import the PKCS#12 file (.p12 or .pfx) that holds "
                + "its key, not the certificate alone.",
        }, Lines(findings));
    }

    [Fact]
    public void Validate_StoreFails_TheFailureIsNotHidden()
    {
        var faults = new FaultInjector { FailWhenCallStartsWith = "Store.Find" };
        var store = new FakeCertificateStore(faults);

        Assert.Throws<InjectedFaultException>(() => SelectionValidator.Validate(
            "0123456789ABCDEF0123456789ABCDEF01234567", "0123456789ABCDEF0123456789ABCDEF01234567", store, Now, 30));
    }

    private static string Spaced(string thumbprint) =>
        string.Join(" ", Enumerable.Range(0, 20).Select(i => thumbprint.Substring(i * 2, 2).ToLowerInvariant()));

    private static string Line(Finding finding) => finding.Severity + " " + finding.Code + ": " + finding.Message;

    private static string[] Lines(System.Collections.Generic.IReadOnlyList<Finding> findings) =>
        findings.Select(Line).ToArray();
}
