using System;
using System.Globalization;
using System.Linq;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Installer;
using CertDeploy.Core.Planning;
using CertDeploy.Core.Ports;
using CertDeploy.Core.Tests.Installer;
using CertDeploy.Core.Tests.Support;
using Xunit;
using static CertDeploy.Core.Tests.Installer.CosDocServer;

namespace CertDeploy.Core.Tests.Breaking.Round4;

/// <summary>
/// The numeric and switch properties of README's table held against a whole Prepare (and, where
/// README promises an effect, a whole run): CERTDEPLOY_SERVICE_TIMEOUT, CERTDEPLOY_RESTART and
/// CERTDEPLOY_EXPIRY_WARNING_DAYS at and beyond their ranges and with pasted characters.
/// </summary>
public class PropertyValueTests
{
    [Theory]
    [InlineData("1", 1)] // README: "(1 to 3600)", the lowest allowed
    [InlineData("3600", 3600)] // the highest allowed
    [InlineData("0060", 60)] // leading zeros, as a script that pads numbers writes them
    public void Prepare_TimeoutInsideTheDocumentedRange_ReachesTheDeferredActions(string value, int seconds)
    {
        using var server = new CosDocServer();

        var prepared = server.Deployment().Prepare(NewSelection((PropertyNames.ServiceTimeoutSeconds, value)));

        // The deferred actions see only CustomActionData: the value must survive the plan's text form.
        Assert.Equal(TimeSpan.FromSeconds(seconds), DeploymentPlan.Parse(prepared.PlanData).ServiceTimeout);
    }

    [Fact]
    public void Prepare_ThreeBadPropertiesAtOnce_ListsEveryOneAndChangesNothing()
    {
        using var server = new CosDocServer();
        var before = server.Fingerprint();

        // README, What a run does: "Any problem stops the run here, with every problem listed".
        var error = Assert.Throws<CertDeployException>(() => server.Deployment().Prepare(NewSelection(
            (PropertyNames.ServiceTimeoutSeconds, "3601"),
            (PropertyNames.Restart, "true"),
            (PropertyNames.ExpiryWarningDays, "-1"))));

        Assert.Equal(new[]
        {
            "CERTDEPLOY_SERVICE_TIMEOUT=\"3601\" is not valid: give a whole number from 1 to 3600.",
            "CERTDEPLOY_EXPIRY_WARNING_DAYS=\"-1\" is not valid: give a whole number from 0 to 3650.",
            "CERTDEPLOY_RESTART=\"true\" is not valid: use 1 to restart the services (the default) or 0 to "
                + "leave them running with the old certificates until restarted.",
        }, error.Findings.Select(f => f.Message));
        Assert.Equal(before, server.Fingerprint());
    }

    [Theory]
    [InlineData("2")] // a number, but neither of the two documented values
    [InlineData("00")] // zero written twice: not the documented "0"
    [InlineData("-1")] // a sign
    [InlineData("no")] // a word instead of the digit
    [InlineData("\uFF10")] // FULLWIDTH DIGIT ZERO from an East Asian input method
    public void Prepare_RestartOtherThanZeroOrOne_RefusedByNameAndNothingChanged(string value)
    {
        using var server = new CosDocServer();
        var before = server.Fingerprint();

        var error = Assert.Throws<CertDeployException>(
            () => server.Deployment().Prepare(NewSelection((PropertyNames.Restart, value))));

        Assert.Equal($"CERTDEPLOY_RESTART=\"{value}\" is not valid: use 1 to restart the services (the default) "
            + "or 0 to leave them running with the old certificates until restarted.",
            Assert.Single(error.Findings).Message);
        Assert.Equal(before, server.Fingerprint());
    }

    [Fact]
    public void WholeRun_RestartZero_WritesFilesAndGrantsKeysButStopsNoService()
    {
        using var server = new CosDocServer();
        var descriptorsBefore = server.Keys.Descriptors.ToDictionary(d => d.Key, d => d.Value);
        var statesBefore = server.Services.ListServiceNames().ToDictionary(n => n, n => server.Services[n].State);

        // README: "0 changes files and key permissions but restarts nothing".
        var prepared = server.Deployment().Prepare(NewSelection((PropertyNames.Restart, " 0 ")));
        var result = server.RunScript(prepared.PlanData);

        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Empty(server.Services.History);
        Assert.Equal(statesBefore,
            server.Services.ListServiceNames().ToDictionary(n => n, n => server.Services[n].State));
        Assert.Equal(Json(NewSet.Signing.Thumbprint, NewSet.Encryption.Thumbprint),
            System.IO.File.ReadAllText(server.AppSettings("KPRService1")));
        var kprAccount = server.Accounts.SidsByName[@"KOMMUNE\svc-kpr"];
        Assert.True(server.Keys.HasRead(server.KeyFile(NewSet.Signing), kprAccount));
        Assert.NotEqual(descriptorsBefore[server.KeyFile(NewSet.Signing)],
            server.Keys.Descriptors[server.KeyFile(NewSet.Signing)]);
        Assert.Contains("Restart is turned off", server.Log.AllText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PropertyNames.ServiceTimeoutSeconds, "60\u200E")] // LEFT-TO-RIGHT MARK after a pasted number
    [InlineData(PropertyNames.ExpiryWarningDays, "\uFEFF30")] // a byte order mark from a .cmd file saved as UTF-8
    [InlineData(PropertyNames.Restart, "0\u200B")] // ZERO WIDTH SPACE from a web page
    public void Prepare_NumberWithAnInvisibleCharacter_MessageShowsTheCharacter(string name, string value)
    {
        using var server = new CosDocServer();
        var before = server.Fingerprint();
        var invisible = value.First(c => char.GetUnicodeCategory(c) == UnicodeCategory.Format);

        var error = Assert.Throws<CertDeployException>(
            () => server.Deployment().Prepare(NewSelection((name, value))));

        // The administrator reads the message in a log: one that quotes "60" as invalid, with the
        // mark unseen inside the quotes, contradicts itself. The thumbprint reader names such a
        // character by code point; a number must be refused as clearly (or the mark ignored).
        var message = Assert.Single(error.Findings).Message;
        Assert.DoesNotContain(message, c => char.GetUnicodeCategory(c) == UnicodeCategory.Format);
        Assert.Contains(string.Format(CultureInfo.InvariantCulture, "U+{0:X4}", (int)invisible), message,
            StringComparison.Ordinal);
        Assert.Equal(before, server.Fingerprint());
    }

    [Fact]
    public void Prepare_ExpiryWarningAtTheHighestValue_WarnsForBothCertificatesWithTheirExpiry()
    {
        using var server = new CosDocServer();

        // The new set is valid for three years: 3650 days reaches beyond its expiry.
        var prepared = server.Deployment().Prepare(NewSelection((PropertyNames.ExpiryWarningDays, "3650")));

        var warnings = prepared.Findings.Where(f => f.Code == "CertificateExpiresSoon").Select(f => f.Message).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.Contains(warnings, w => w.Contains(NewSet.Signing.Thumbprint, StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains(NewSet.Encryption.Thumbprint, StringComparison.Ordinal));

        // The deferred actions repeat the plan's warnings in their own log.
        Assert.Equal(2, prepared.Plan.Warnings.Count(w => w.Contains("Order its successor", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("3651")] // one above the highest the code accepts; README names no upper bound
    [InlineData("99999999999")] // beyond int: must not overflow into an accepted value
    public void Prepare_ExpiryWarningAboveTheRange_RefusedWithTheRange(string value)
    {
        using var server = new CosDocServer();

        var error = Assert.Throws<CertDeployException>(
            () => server.Deployment().Prepare(NewSelection((PropertyNames.ExpiryWarningDays, value))));

        Assert.Equal($"CERTDEPLOY_EXPIRY_WARNING_DAYS=\"{value}\" is not valid: give a whole number from 0 to 3650.",
            Assert.Single(error.Findings).Message);
    }

    [Fact]
    public void Prepare_ExpiryWarningZero_NoWarningEvenForACertificateExpiringTomorrow()
    {
        using var server = new CosDocServer();
        var tomorrow = TestCertificates.Create(TestCertificates.Signing, TestCertificates.Now.AddYears(-3),
            TestCertificates.Now.AddDays(1), organisationNumber: "912345678");
        server.AddCertificate(tomorrow);

        // README: "warn when a chosen certificate expires within this many days (0: never)".
        var prepared = server.Deployment().Prepare(Properties(
            (PropertyNames.SigningThumbprint, tomorrow.Thumbprint),
            (PropertyNames.EncryptionThumbprint, NewSet.Encryption.Thumbprint),
            (PropertyNames.ExpiryWarningDays, "0")));

        Assert.DoesNotContain(prepared.Findings, f => f.Code == "CertificateExpiresSoon");
        Assert.Equal(tomorrow.Thumbprint, prepared.Plan.SigningThumbprint);
    }
}
