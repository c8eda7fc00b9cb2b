using System.IO;
using System.Linq;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Installer;
using CertDeploy.Core.Ports;
using CertDeploy.Core.Tests.Doubles;
using CertDeploy.Core.Tests.Support;
using Xunit;
using static CertDeploy.Core.Tests.Installer.CosDocServer;

namespace CertDeploy.Core.Tests.Installer;

public class DeploymentTests
{
    private static readonly string NewSigning = NewSet.Signing.Thumbprint;
    private static readonly string NewEncryption = NewSet.Encryption.Thumbprint;
    private static readonly string OldSigning = OldSet.Signing.Thumbprint;

    [Fact]
    public void Prepare_PastedThumbprints_PlansEveryMatchedServiceAndNothingElse()
    {
        using var server = new CosDocServer();
        var pasted = "\u200e" + string.Join(" ", Enumerable.Range(0, 20)
            .Select(i => NewSigning.Substring(i * 2, 2).ToLowerInvariant())) + "\r\n";

        var result = server.Deployment().Prepare(Properties(
            (PropertyNames.SigningThumbprint, pasted),
            (PropertyNames.EncryptionThumbprint, NewEncryption.ToLowerInvariant())));

        var plan = result.Plan;
        Assert.Equal(NewSigning, plan.SigningThumbprint);
        Assert.Equal(NewEncryption, plan.EncryptionThumbprint);
        Assert.Equal(
            new[] { "CosDocAuthServer", "DigiHelseMottak", "KPRService1", "KPRService2" },
            plan.FileChanges.Select(f => f.Owner).Order().ToArray());
        Assert.All(plan.FileChanges, f => Assert.Equal(OldSigning, f.OldSigning));
        Assert.DoesNotContain(plan.FileChanges, f => f.Path.Contains("Reports", System.StringComparison.Ordinal));

        // LocalSystem needs no grant; three accounts times two keys do.
        Assert.Equal(6, plan.KeyGrants.Count);
        Assert.DoesNotContain(plan.KeyGrants, g => g.ServiceName == "CosDocAuthServer");
        Assert.Contains(plan.KeyGrants, g => g.Sid == "S-1-5-20" && g.KeyFilePath == server.KeyFile(NewSet.Encryption));
        Assert.Equal(Path.Combine(server.Root, "ProgramData", "CertDeploy", "Backups", plan.RunId), plan.BackupFolder);
        Assert.Equal(plan.Serialize(), result.PlanData);
    }

    [Fact]
    public void WholeRun_WritesGrantsRestartsAndCommits()
    {
        using var server = new CosDocServer();
        var plan = server.Deployment().Prepare(NewSelection()).PlanData;
        var reportsBefore = File.ReadAllBytes(server.AppSettings("CosDocReports"));

        var result = server.RunScript(plan);

        Assert.True(result.Succeeded, result.Failure?.ToString());
        foreach (var service in new[] { "KPRService1", "KPRService2", "DigiHelseMottak", "CosDocAuthServer" })
        {
            Assert.Equal(Json(NewSigning, NewEncryption), File.ReadAllText(server.AppSettings(service)));
        }

        Assert.Equal(reportsBefore, File.ReadAllBytes(server.AppSettings("CosDocReports")));
        Assert.True(FakeKeyAccess.Allows(server.Keys.Descriptors[server.KeyFile(NewSet.Signing)], "S-1-5-20"));
        Assert.Equal(
            new[] { "DigiHelseMottak", "KPRService1", "KPRService2" },
            server.Services.History.Where(h => h.StartsWith("Start ", System.StringComparison.Ordinal))
                .Select(h => h.Substring(6)).Order().ToArray());
        Assert.Equal(ServiceState.Stopped, server.Services["CosDocAuthServer"].State);
        Assert.False(Directory.Exists(Path.Combine(server.Root, "ProgramData", "CertDeploy", "Backups",
            Core.Planning.DeploymentPlan.Parse(plan).RunId)));
    }

    [Fact]
    public void SecondRun_WithTheRememberedSelection_ChangesNothingAndRestartsNothing()
    {
        using var server = new CosDocServer();
        Assert.True(server.RunScript(server.Deployment().Prepare(NewSelection()).PlanData).Succeeded);
        var before = server.Fingerprint();
        var historyBefore = server.Services.History.Count;

        var repair = server.Deployment().Prepare(Properties(
            (PropertyNames.RememberedSigning, NewSigning), (PropertyNames.RememberedEncryption, NewEncryption)));
        var result = server.RunScript(repair.PlanData);

        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Equal(before, server.Fingerprint());
        Assert.Equal(historyBefore, server.Services.History.Count);
        Assert.Contains("No service needs a restart", server.Log.AllText, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_WithoutAnySelection_ReappliesWhatAllServicesAreConfiguredWith()
    {
        using var server = new CosDocServer();

        var plan = server.Deployment().Prepare(Properties()).Plan;

        Assert.Equal(OldSigning, plan.SigningThumbprint);
        Assert.Equal(OldSet.Encryption.Thumbprint, plan.EncryptionThumbprint);
        Assert.Contains("what the services are configured with today", server.Log.AllText, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_ExplicitWinsOverRemembered()
    {
        using var server = new CosDocServer();

        var plan = server.Deployment().Prepare(NewSelection(
            (PropertyNames.RememberedSigning, OldSigning),
            (PropertyNames.RememberedEncryption, OldSet.Encryption.Thumbprint))).Plan;

        Assert.Equal(NewSigning, plan.SigningThumbprint);
    }

    [Fact]
    public void Prepare_WhenServicesDisagreeAndNothingIsGiven_FailsAndListsCandidates()
    {
        using var server = new CosDocServer();
        File.WriteAllText(server.AppSettings("KPRService2"), Json(NewSigning, OldSet.Encryption.Thumbprint));
        var before = server.Fingerprint();

        var error = Assert.Throws<CertDeployException>(() => server.Deployment().Prepare(Properties()));

        Assert.Equal(
            "No signing certificate was chosen: CERTDEPLOY_SIGNING_THUMBPRINT is not set, no earlier choice is "
            + "remembered, and the services are configured with different signing thumbprints today ("
            + $"{OldSigning}, {NewSigning}). Set CERTDEPLOY_SIGNING_THUMBPRINT to one of the candidates listed "
            + "in the log.",
            Assert.Single(error.Findings).Message);
        Assert.Contains(NewSigning, string.Join("\n", server.Log.At(LogLevel.Error)), System.StringComparison.Ordinal);
        Assert.Equal(before, server.Fingerprint());
    }

    [Fact]
    public void Prepare_ImportsPkcs12AndPlansWithTheImportedCertificates()
    {
        using var server = new CosDocServer();
        var fresh = TestCertificates.Buypass(Seid.Two, "912345678", TestCertificates.Now.AddDays(-1));
        var pfx = Path.Combine(server.Root, "virksomhet.p12");
        File.WriteAllBytes(pfx, TestCertificates.ExportPkcs12("hemmelig", fresh.Signing, fresh.Encryption));

        var result = server.Deployment().Prepare(Properties(
            (PropertyNames.Pkcs12Files, pfx), (PropertyNames.Pkcs12Password, "hemmelig"),
            (PropertyNames.SigningThumbprint, fresh.Signing.Thumbprint),
            (PropertyNames.EncryptionThumbprint, fresh.Encryption.Thumbprint)));

        Assert.Equal(fresh.Signing.Thumbprint, result.Plan.SigningThumbprint);
        Assert.NotNull(server.Store.Find(fresh.Encryption.Thumbprint));
        Assert.DoesNotContain("hemmelig", server.Log.AllText, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_WhenTheImportedSelectionIsInvalid_RemovesWhatItImported()
    {
        using var server = new CosDocServer();
        var fresh = TestCertificates.Buypass(Seid.Two, "912345678", TestCertificates.Now.AddDays(-1));
        var pfx = Path.Combine(server.Root, "virksomhet.p12");
        File.WriteAllBytes(pfx, TestCertificates.ExportPkcs12("hemmelig", fresh.Signing, fresh.Encryption));

        // The encryption certificate given for signing: wrong role, so nothing may stay behind.
        var error = Assert.Throws<CertDeployException>(() => server.Deployment().Prepare(Properties(
            (PropertyNames.Pkcs12Files, pfx), (PropertyNames.Pkcs12Password, "hemmelig"),
            (PropertyNames.SigningThumbprint, fresh.Encryption.Thumbprint),
            (PropertyNames.EncryptionThumbprint, fresh.Encryption.Thumbprint))));

        Assert.Contains(error.Findings, f => f.Code == "CertificateWrongRole");
        Assert.Null(server.Store.Find(fresh.Signing.Thumbprint));
        Assert.Null(server.Store.Find(fresh.Encryption.Thumbprint));
    }

    [Fact]
    public void FailureAtEveryPortCallOfTheScript_RollsTheMachineBack()
    {
        using var counting = new CosDocServer();
        var countingPlan = counting.Deployment().Prepare(NewSelection()).PlanData;
        counting.Faults.Reset();
        Assert.True(counting.RunScript(countingPlan).Succeeded);
        var calls = counting.Faults.CallCount;
        Assert.True(calls > 20, $"only {calls} port calls in a whole run");

        for (var call = 1; call <= calls; call++)
        {
            using var server = new CosDocServer();
            var plan = server.Deployment().Prepare(NewSelection()).PlanData;
            var before = server.Fingerprint();
            server.Faults.Reset();
            server.Faults.FailAtCall = call;
            server.Faults.Armed = true;

            var result = server.RunScript(plan);

            server.Faults.Armed = false;
            if (result.Succeeded || result.FailedAction == null)
            {
                // A fault in the commit phase leaves a finished installation, as with msiexec.
                continue;
            }

            var failedCall = server.Faults.Calls[call - 1];
            Assert.True(before == server.Fingerprint(),
                $"fault at call {call} ({failedCall}) in {result.FailedAction}: machine not restored");
        }
    }

    [Fact]
    public void LoadDialogChoices_RanksAndPreselectsTheNewestUsableCertificates()
    {
        using var server = new CosDocServer();
        var authentication = TestCertificates.Create(TestCertificates.Authentication);
        server.AddCertificate(authentication);

        var choices = server.Deployment().LoadDialogChoices(Properties());

        // The current configuration agrees on the old set, so that is what the dialog proposes,
        // while the list itself puts the newest usable certificate first.
        Assert.Equal(OldSigning, choices.PreselectedSigning);
        Assert.Equal(NewSigning, choices.Signing[0].Thumbprint);
        Assert.Equal(NewEncryption, choices.Encryption[0].Thumbprint);
        Assert.DoesNotContain(choices.Encryption, e => e.Thumbprint == authentication.Thumbprint);
        Assert.All(choices.Signing.Concat(choices.Encryption), e => Assert.True(e.Text.Length <= 64, e.Text));
    }

    [Fact]
    public void LoadDialogChoices_GivenThumbprintWinsOverConfiguration()
    {
        using var server = new CosDocServer();

        var choices = server.Deployment().LoadDialogChoices(NewSelection());

        Assert.Equal(NewSigning, choices.PreselectedSigning);
        Assert.Equal(NewEncryption, choices.PreselectedEncryption);
    }

    [Fact]
    public void ValidateSelection_ReturnsEveryFindingAtOnce()
    {
        using var server = new CosDocServer();
        var expired = TestCertificates.Create(TestCertificates.Signing,
            TestCertificates.Now.AddYears(-4), TestCertificates.Now.AddDays(-3));
        server.AddCertificate(expired);

        var findings = server.Deployment().ValidateSelection(Properties(
            (PropertyNames.SigningThumbprint, expired.Thumbprint),
            (PropertyNames.EncryptionThumbprint, NewSigning)));

        Assert.Equal(
            new[] { "CertificateExpired", "CertificateWrongRole" },
            findings.Where(f => f.IsError).Select(f => f.Code).Order().ToArray());
    }
}
