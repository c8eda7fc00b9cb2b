using System;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CertDeploy.Core.Certificates;
using CertDeploy.Core.Installer;
using CertDeploy.Core.Ports;
using CertDeploy.Core.Tests.Certificates;
using CertDeploy.Core.Tests.Installer;
using CertDeploy.Core.Tests.Support;
using Xunit;
using static CertDeploy.Core.Tests.Installer.CosDocServer;

namespace CertDeploy.Core.Tests.Breaking.Round6;

/// <summary>The dialog's lists and preselection on stores as they look after years of renewals.</summary>
public class DialogChoiceTests
{
    private static readonly DateTimeOffset Now = TestCertificates.Now;

    public enum Unusable
    {
        Expired,
        NotYetValid,
        NoKey,
        KeyUnreadable,
    }

    private static void AddUnusableSigning(CosDocServer server, Unusable how, out string thumbprint)
    {
        var certificate = how switch
        {
            Unusable.Expired => TestCertificates.Create(TestCertificates.Signing, Now.AddYears(-3), Now.AddDays(-2),
                "912345678"),
            Unusable.NotYetValid => TestCertificates.Create(TestCertificates.Signing, Now.AddDays(10),
                Now.AddYears(3), "912345678"),
            _ => TestCertificates.Create(TestCertificates.Signing, Now.AddDays(-1), Now.AddYears(4), "912345678",
                withPrivateKey: how != Unusable.NoKey),
        };
        server.AddCertificate(certificate, how switch
        {
            Unusable.NoKey => KeyStorageKind.None,
            Unusable.KeyUnreadable => KeyStorageKind.Unreadable,
            _ => null,
        });
        thumbprint = certificate.Thumbprint;
    }

    [Theory]
    // The remembered certificate ran out while the renewal was already imported.
    [InlineData(Unusable.Expired)]
    // The remembered certificate is one imported for a later change-over.
    [InlineData(Unusable.NotYetValid)]
    // The remembered certificate's key was deleted; only the public part is left in the store.
    [InlineData(Unusable.NoKey)]
    // The key is there but cannot be opened (a broken key file, a provider that is gone).
    [InlineData(Unusable.KeyUnreadable)]
    public void LoadDialogChoices_RememberedCertificateUnusable_PreselectsTheBestUsableOne(Unusable how)
    {
        // DOMAIN: unusable certificates are shown as such, never silently chosen. A preselected
        // entry is what the administrator gets by pressing Next.
        using var server = new CosDocServer();
        AddUnusableSigning(server, how, out var remembered);

        var choices = server.Deployment().LoadDialogChoices(Properties(
            (PropertyNames.ServicePatterns, "Nothing*"),
            (PropertyNames.RememberedSigning, remembered)));

        Assert.Contains(choices.Signing, e => e.Thumbprint == remembered);
        Assert.Equal(NewSet.Signing.Thumbprint, choices.PreselectedSigning);
    }

    [Fact]
    public void LoadDialogChoices_NewestCertificateHasAnUnreadableKey_NotRankedOrPreselectedAsUsable()
    {
        // ValidateSelection refuses an unreadable key with an error, so proposing it first leads
        // the administrator straight into that error.
        using var server = new CosDocServer();
        AddUnusableSigning(server, Unusable.KeyUnreadable, out var unreadable);

        var choices = server.Deployment().LoadDialogChoices(Properties((PropertyNames.ServicePatterns, "Nothing*")));

        Assert.Equal(NewSet.Signing.Thumbprint, choices.PreselectedSigning);
        Assert.Equal(NewSet.Signing.Thumbprint, choices.Signing[0].Thumbprint);
        Assert.Contains(choices.Signing, e => e.Thumbprint == unreadable && e.Text.Contains("key?", StringComparison.Ordinal));
    }

    [Fact]
    public void LoadDialogChoices_RememberedThumbprintNotInTheStore_FallsBackToTheConfiguredOne()
    {
        using var server = new CosDocServer();

        var choices = server.Deployment().LoadDialogChoices(Properties(
            (PropertyNames.RememberedSigning, new string('A', 40)),
            (PropertyNames.RememberedEncryption, "\u200e" + new string('b', 40))));

        Assert.Equal(OldSet.Signing.Thumbprint, choices.PreselectedSigning);
        Assert.Equal(OldSet.Encryption.Thumbprint, choices.PreselectedEncryption);
    }

    [Fact]
    public void LoadDialogChoices_HundredsOfCertificatesWithOneSubject_EveryEntryFitsAndTellsThemApart()
    {
        // A server that has kept every renewal, test certificate and re-import for years: the
        // same subject and often the same dates, told apart only by the thumbprint's end.
        using var server = new CosDocServer();
        for (var i = 0; i < 300; i++)
        {
            var usage = i % 2 == 0 ? TestCertificates.Signing : TestCertificates.BuypassSeid2Encryption;
            var from = Now.AddYears(-(i % 5));
            var certificate = TestCertificates.Create(usage, from, from.AddYears(3), "912345678",
                withPrivateKey: i % 7 != 0);
            server.AddCertificate(certificate);
        }

        var choices = server.Deployment().LoadDialogChoices(Properties((PropertyNames.ServicePatterns, "Nothing*")));

        var all = choices.Signing.Concat(choices.Encryption).ToList();
        Assert.Equal(152, choices.Signing.Count);
        Assert.Equal(152, choices.Encryption.Count);
        Assert.All(all, e => Assert.True(e.Text.Length <= DialogEntries.MaxTextLength, e.Text));
        Assert.Equal(choices.Signing.Count, choices.Signing.Select(e => e.Text).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(choices.Encryption.Count,
            choices.Encryption.Select(e => e.Text).Distinct(StringComparer.Ordinal).Count());

        // Usable entries first, then the rest: no usable entry after an unusable one.
        var signingState = choices.Signing.Select(e => !e.Text.Contains("no key", StringComparison.Ordinal)
            && !e.Text.Contains("expired", StringComparison.Ordinal)).ToList();
        Assert.Equal(signingState.OrderByDescending(usable => usable), signingState);
        Assert.Equal(choices.Signing[0].Thumbprint, choices.PreselectedSigning);
    }

    [Theory]
    // Composed letters (NFC), as certificate authorities write them: kept whole.
    [InlineData("Værøy og Røst kommune, Helse- og omsorgstjenesten i Åsnes", false)]
    // Decomposed letters (NFD: a + combining ring): the 33 characters that fit end between a and ring.
    [InlineData("Helse- og omsorgstjenesten i Ø Hå og Gjesdal kommune", true)]
    public void Format_NorwegianLettersAtTheCut_NeverSplitsALetterFromItsMark(string organisation, bool decompose)
    {
        var name = decompose ? organisation.Normalize(NormalizationForm.FormD) : organisation;
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCountryOrRegion("NO");
        builder.AddOrganizationName(name);
        builder.Add("2.5.4.97", "NTRNO-912345678", System.Formats.Asn1.UniversalTagNumber.UTF8String);
        var facts = CustomCertificates.Facts(CustomCertificates.Create(builder.Build(), TestCertificates.Signing));

        var entry = DialogEntries.Format(facts, CertificateRole.Signing, Now);

        Assert.True(entry.Text.Length <= DialogEntries.MaxTextLength, entry.Text);
        var shown = entry.Text.Substring(0, entry.Text.IndexOf(" | ", StringComparison.Ordinal)).TrimEnd('\u2026');
        Assert.StartsWith(shown.Normalize(NormalizationForm.FormC), organisation, StringComparison.Ordinal);
        Assert.Contains(organisation.Normalize(NormalizationForm.FormC), entry.Details.Normalize(), StringComparison.Ordinal);
    }
}
