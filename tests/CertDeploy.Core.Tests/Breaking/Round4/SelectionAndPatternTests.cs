using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Installer;
using CertDeploy.Core.Ports;
using CertDeploy.Core.Tests.Installer;
using CertDeploy.Core.Tests.Support;
using Xunit;
using static CertDeploy.Core.Tests.Installer.CosDocServer;

namespace CertDeploy.Core.Tests.Breaking.Round4;

/// <summary>
/// README's thumbprint, remembered-selection and CERTDEPLOY_SERVICES promises held against a whole
/// Prepare on a realistic machine.
/// </summary>
public class SelectionAndPatternTests
{
    private static readonly string OldSigning = OldSet.Signing.Thumbprint;
    private static readonly string OldEncryption = OldSet.Encryption.Thumbprint;

    [Fact]
    public void Prepare_RememberedCertificateWasDeletedFromTheStore_ErrorSaysItWasRememberedAndHowToOverride()
    {
        using var server = new CosDocServer();
        var deleted = TestCertificates.Buypass(Seid.Two, "912345678", TestCertificates.Now.AddDays(-10));
        var before = server.Fingerprint();

        // A silent repair: nothing given, the registry remembers a certificate that has since been
        // removed from the store (the services still hold the old set).
        var error = Assert.Throws<CertDeployException>(() => server.Deployment().Prepare(Properties(
            (PropertyNames.RememberedSigning, deleted.Signing.Thumbprint),
            (PropertyNames.RememberedEncryption, OldEncryption))));

        // The administrator did not type this thumbprint: the message must say where it came from
        // and which property replaces it, or a /qn repair fails with no hint of what to give.
        var message = Assert.Single(error.Findings).Message;
        Assert.Contains(deleted.Signing.Thumbprint, message, StringComparison.Ordinal);
        Assert.Contains("remembered", message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(PropertyNames.SigningThumbprint, message, StringComparison.Ordinal);
        Assert.Equal(before, server.Fingerprint());
    }

    [Theory]
    [InlineData("##3F1C")] // raw RegistrySearch doubles a leading '#': a hand-edited value
    [InlineData("not a thumbprint")] // any other text left in the registry
    public void Prepare_RememberedValueMalformed_FallsBackToTheConfiguredCertificatesAndWarns(string remembered)
    {
        using var server = new CosDocServer();

        // README: the remembered value, "or, if none were remembered, the ones all services are
        // configured with today". A malformed value is as good as none, and must be told.
        var plan = server.Deployment().Prepare(Properties(
            (PropertyNames.RememberedSigning, remembered),
            (PropertyNames.RememberedEncryption, OldEncryption))).Plan;

        Assert.Equal(OldSigning, plan.SigningThumbprint);
        Assert.Equal(OldEncryption, plan.EncryptionThumbprint);
        var warning = Assert.Single(server.Log.At(LogLevel.Warning),
            w => w.Contains("remembered signing thumbprint", StringComparison.Ordinal));
        Assert.Contains("not a hexadecimal digit", warning, StringComparison.Ordinal);
        Assert.Contains("what the services are configured with today", server.Log.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_RememberedInAPastedForm_IsNormalisedAndUsed()
    {
        using var server = new CosDocServer();
        var pasted = "\u200E" + string.Join(" ", Enumerable.Range(0, 20)
            .Select(i => NewSet.Signing.Thumbprint.Substring(i * 2, 2).ToLowerInvariant()));

        var plan = server.Deployment().Prepare(Properties(
            (PropertyNames.RememberedSigning, pasted),
            (PropertyNames.RememberedEncryption, NewSet.Encryption.Thumbprint.ToLowerInvariant()))).Plan;

        Assert.Equal(NewSet.Signing.Thumbprint, plan.SigningThumbprint);
        Assert.Equal(NewSet.Encryption.Thumbprint, plan.EncryptionThumbprint);
        Assert.Contains("remembered from the last successful run", server.Log.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_BothThumbprintsTheSameInDifferentPastedForms_TreatedAsOneCertificateForBothRoles()
    {
        using var server = new CosDocServer();
        var both = TestCertificates.Create(TestCertificates.Signing
            | System.Security.Cryptography.X509Certificates.X509KeyUsageFlags.KeyEncipherment,
            organisationNumber: "912345678");
        server.AddCertificate(both);
        var colons = string.Join(":", Enumerable.Range(0, 20).Select(i => both.Thumbprint.Substring(i * 2, 2)));

        // README: encryption "May be the same as the signing one if that certificate has both usages."
        var plan = server.Deployment().Prepare(Properties(
            (PropertyNames.SigningThumbprint, "\u200E" + both.Thumbprint.ToLowerInvariant()),
            (PropertyNames.EncryptionThumbprint, colons + "\r\n"))).Plan;

        Assert.Equal(both.Thumbprint, plan.SigningThumbprint);
        Assert.Equal(both.Thumbprint, plan.EncryptionThumbprint);
        Assert.Equal(new[] { server.KeyFile(both) }, plan.KeyFiles.Select(k => k.Path).ToArray());
    }

    [Fact]
    public void Prepare_PatternOfQuestionMarksOnly_RefusedAsWildcardsOnly()
    {
        // README: "A pattern of wildcards only (`*`, `*?`, ...) is refused."
        const string pattern = "???";

        using var server = new CosDocServer();

        // A Windows service of three letters that is no CosDoc service, with a CertSettings section:
        // a wildcards-only pattern would configure it.
        server.AddService("Foo", "Foreign", quoted: true, @"NT SERVICE\Foo", ServiceState.Running);
        var before = server.Fingerprint();

        var error = Record.Exception(() => server.Deployment().Prepare(NewSelection(
            (PropertyNames.ServicePatterns, pattern), (PropertyNames.IisApplications, "NoSuchApp"))));

        var refused = Assert.IsType<CertDeployException>(error);
        Assert.Contains(refused.Findings, f => f.Code == "ServicePatternInvalid"
            && f.Message.Contains("\"" + pattern + "\"", StringComparison.Ordinal));
        Assert.Equal(before, server.Fingerprint());
    }

    [Fact]
    public void Prepare_PatternWithAPastedInvisibleMark_MessageShowsTheMark()
    {
        using var server = new CosDocServer();
        var before = server.Fingerprint();

        // "KPR*" copied from a mail with a LEFT-TO-RIGHT MARK: matches no service.
        var error = Assert.Throws<CertDeployException>(() => server.Deployment().Prepare(NewSelection(
            (PropertyNames.ServicePatterns, "KPR*\u200E"), (PropertyNames.IisApplications, "NoSuchApp"))));

        // "no service on this machine matches KPR*" while KPRService1 is there reads as a bug; the
        // message must make the mark visible (as the thumbprint reader does), or the mark be ignored.
        var message = string.Join("\n", error.Findings.Select(f => f.Message));
        Assert.DoesNotContain(message, c => char.GetUnicodeCategory(c) == UnicodeCategory.Format);
        Assert.Contains("U+200E", message, StringComparison.Ordinal);
        Assert.Equal(before, server.Fingerprint());
    }

    [Fact]
    public void Prepare_OverlappingPatternsInMixedCase_EachServiceAndFileOnce()
    {
        using var server = new CosDocServer();

        var plan = server.Deployment().Prepare(NewSelection((PropertyNames.ServicePatterns,
            "KPR*;kpr*;KPRService1;kprservice1;KPRSERVICE?;  KPR*  ;"),
            (PropertyNames.IisApplications, "NoSuchApp"))).Plan;

        Assert.Equal(new[] { server.AppSettings("KPRService1"), server.AppSettings("KPRService2") },
            plan.FileChanges.Select(f => f.Path).OrderBy(p => p, StringComparer.Ordinal).ToArray());
        Assert.Equal(new[] { "KPRService1", "KPRService2" },
            plan.Restarts.Select(r => r.ServiceName).OrderBy(n => n, StringComparer.Ordinal).ToArray());
        Assert.Equal(plan.KeyGrants.Count, plan.KeyGrants.Select(g => (g.KeyFilePath, g.Sid)).Distinct().Count());
    }

    [Fact]
    public void Prepare_ThousandPatternsOneMatching_PlansOnlyThatService()
    {
        using var server = new CosDocServer();
        var patterns = Enumerable.Range(0, 1000).Select(i => "Unused" + i.ToString("D4", CultureInfo.InvariantCulture))
            .Append("DigiHelse*");

        var plan = server.Deployment().Prepare(NewSelection(
            (PropertyNames.ServicePatterns, string.Join(";", patterns)),
            (PropertyNames.IisApplications, "NoSuchApp"))).Plan;

        Assert.Equal(new[] { server.AppSettings("DigiHelseMottak") }, plan.FileChanges.Select(f => f.Path).ToArray());
    }

    [Fact]
    public void Prepare_SeveralBadPatterns_EveryOneListedAtOnce()
    {
        using var server = new CosDocServer();
        var before = server.Fingerprint();

        var error = Assert.Throws<CertDeployException>(() => server.Deployment().Prepare(NewSelection(
            (PropertyNames.ServicePatterns, @"KPR*;C:\CosDoc\KPR;**;*?;DigiHelse/*"))));

        Assert.Equal(4, error.Findings.Count(f => f.Code == "ServicePatternInvalid"));
        foreach (var item in new[] { @"C:\CosDoc\KPR", "**", "*?", "DigiHelse/*" })
        {
            Assert.Contains(error.Findings, f => f.Message.StartsWith("Service pattern \"" + item + "\"",
                StringComparison.Ordinal));
        }

        Assert.Equal(before, server.Fingerprint());
    }

    [Fact]
    public void Repair_FilesHoldTheRememberedThumbprintBehindAnInvisibleMark_RewrittenAndRunningServicesRestarted()
    {
        using var server = new CosDocServer();
        var signing = NewSet.Signing.Thumbprint;
        var encryption = NewSet.Encryption.Thumbprint;

        // The manual procedure this product replaces: a thumbprint pasted from the certificate
        // dialog with its LEFT-TO-RIGHT MARK. The service cannot find that certificate.
        foreach (var service in new[] { "KPRService1", "KPRService2", "DigiHelseMottak", "CosDocAuthServer" })
        {
            File.WriteAllText(server.AppSettings(service), Json("\u200E" + signing, encryption));
        }

        // README: on repair "files that already hold them are not rewritten ... nothing is restarted
        // when nothing changed". These files do not hold a working value: they must change.
        var prepared = server.Deployment().Prepare(Properties(
            (PropertyNames.RememberedSigning, signing), (PropertyNames.RememberedEncryption, encryption)));
        var result = server.RunScript(prepared.PlanData);

        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Equal(Json(signing, encryption), File.ReadAllText(server.AppSettings("KPRService1")));
        Assert.Equal(Json(signing, encryption), File.ReadAllText(server.AppSettings("CosDocAuthServer")));
        Assert.Contains("Stop KPRService1", server.Services.History);
        Assert.Contains("Start DigiHelseMottak", server.Services.History);
        Assert.DoesNotContain("Start CosDocAuthServer", server.Services.History);
    }
}
