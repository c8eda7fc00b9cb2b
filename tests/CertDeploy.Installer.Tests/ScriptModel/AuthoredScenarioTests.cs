using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CertDeploy.Core.Installer;
using CertDeploy.Core.Ports;
using CertDeploy.Core.Tests.Installer;
using CertDeploy.Core.Tests.ScriptModel;
using CertDeploy.Installer.Tests.Authoring;
using CertDeploy.Installer.Tests.Support;
using Xunit;
using static CertDeploy.Core.Tests.Installer.CosDocServer;

namespace CertDeploy.Installer.Tests.ScriptModel;

/// <summary>
/// The scenarios of an installation, run from the execute sequence of the real .wxs files: the
/// conditions decide what runs, the SetProperty actions hand the plan over, and the facade does
/// the work on a CosDoc test machine.
/// </summary>
public class AuthoredScenarioTests
{
    private const string UpgradeCode = "{6C1F3B2A-93D4-4E0B-A1E2-7F5D8C9B0A11}";
    private const string OldProductCode = "{0B8E2D4C-1A3F-4C5E-9D7B-2E6F8A0C4B13}";

    private static readonly string NewSigning = NewSet.Signing.Thumbprint;
    private static readonly string NewEncryption = NewSet.Encryption.Thumbprint;

    private static readonly string[] Changed =
        { "KPRService1", "KPRService2", "DigiHelseMottak", "CosDocAuthServer" };

    private static readonly string[] Everything =
        { "CertDeploy_Write", "CertDeploy_Grant", "CertDeploy_Restart", "CertDeploy_Commit" };

    [Fact]
    public void FirstInstall_RunsEveryActionChangesTheFilesAndRestartsTheRunningServices()
    {
        using var server = new CosDocServer();
        var install = new AuthoredInstall(Authorings.Real);
        var reportsBefore = File.ReadAllBytes(server.AppSettings("CosDocReports"));

        var (phase, result) = Run(install, server, Selection());

        Assert.Equal(new[]
        {
            "CertDeploy_Prepare", "CertDeploy_RestartRollback", "CertDeploy_WriteRollback", "CertDeploy_Write",
            "CertDeploy_GrantRollback", "CertDeploy_Grant", "CertDeploy_Restart", "CertDeploy_Commit",
        }, CustomActionsIn(install, phase.Ran));
        Assert.Equal(Everything, result.Ran);
        Assert.All(phase.CustomActionData.Values, data => Assert.Equal(phase.Properties[PropertyNames.Plan], data));
        foreach (var service in Changed)
        {
            Assert.Equal(Json(NewSigning, NewEncryption), File.ReadAllText(server.AppSettings(service)));
        }

        Assert.Equal(reportsBefore, File.ReadAllBytes(server.AppSettings("CosDocReports")));
        Assert.Equal(new[] { "DigiHelseMottak", "KPRService1", "KPRService2" }, Started(server));
        Assert.Equal(ServiceState.Stopped, server.Services["CosDocAuthServer"].State);
        Assert.Equal((NewSigning, NewEncryption),
            (phase.Properties["CertDeployRememberSigning"], phase.Properties["CertDeployRememberEncryption"]));
    }

    [Fact]
    public void RunWithoutThumbprints_RemembersTheSelectionTakenFromTheConfiguration()
    {
        using var server = new CosDocServer();
        var install = new AuthoredInstall(Authorings.Real);

        // Nothing given, nothing remembered: every service agrees on the old set, which is applied.
        var (phase, result) = Run(install, server, Given());

        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Equal((CosDocServer.OldSet.Signing.Thumbprint, CosDocServer.OldSet.Encryption.Thumbprint),
            (phase.Properties["CertDeployRememberSigning"], phase.Properties["CertDeployRememberEncryption"]));
    }

    [Fact]
    public void MajorUpgrade_NewProductRunsEverything_RemovalOfTheOldProductRunsNothing()
    {
        using var server = new CosDocServer();
        var install = new AuthoredInstall(Authorings.Real);

        var (_, result) = Run(install, server, Selection(("WIX_UPGRADE_DETECTED", OldProductCode)));
        var afterNewProduct = server.Fingerprint();
        server.Faults.Reset();
        var removal = install.RunImmediate(Given(("Installed", "1"), ("REMOVE", "ALL"),
            ("UPGRADINGPRODUCTCODE", UpgradeCode)), FacadeEntryPoints.Immediate(server));

        Assert.Equal(Everything, result.Ran);
        Assert.All(Changed, s =>
            Assert.Equal(Json(NewSigning, NewEncryption), File.ReadAllText(server.AppSettings(s))));
        Assert.True(removal.Succeeded, removal.Failure?.ToString());
        Assert.Empty(CustomActionsIn(install, removal.Ran));
        Assert.Empty(removal.Script);
        Assert.Equal(0, server.Faults.CallCount);
        Assert.Equal(afterNewProduct, server.Fingerprint());
    }

    [Fact]
    public void Repair_WithTheRememberedSelection_RunsButChangesAndRestartsNothing()
    {
        using var server = new CosDocServer();
        var install = new AuthoredInstall(Authorings.Real);
        var (first, _) = Run(install, server, Selection());
        var before = server.Fingerprint();
        var historyBefore = server.Services.History.Count;

        // The registry search reads back what the component wrote from the remember properties.
        var (_, repair) = Run(install, server, Given(("Installed", "1"), ("REINSTALL", "ALL"),
            (PropertyNames.RememberedSigning, first.Properties["CertDeployRememberSigning"]),
            (PropertyNames.RememberedEncryption, first.Properties["CertDeployRememberEncryption"])));

        Assert.Equal(Everything, repair.Ran);
        Assert.Equal(before, server.Fingerprint());
        Assert.Equal(historyBefore, server.Services.History.Count);
        Assert.Contains("No service needs a restart", server.Log.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public void Uninstall_RunsNoCertDeployActionAndLeavesTheMachineAlone()
    {
        using var server = new CosDocServer();
        var install = new AuthoredInstall(Authorings.Real);
        Run(install, server, Selection());
        var before = server.Fingerprint();
        server.Faults.Reset();

        var phase = install.RunImmediate(Given(("Installed", "1"), ("REMOVE", "ALL"),
            (PropertyNames.RememberedSigning, NewSigning), (PropertyNames.RememberedEncryption, NewEncryption)),
            FacadeEntryPoints.Immediate(server));

        Assert.True(phase.Succeeded, phase.Failure?.ToString());
        Assert.Empty(CustomActionsIn(install, phase.Ran));
        Assert.Empty(phase.Script);
        Assert.Equal(0, server.Faults.CallCount);
        Assert.Equal(before, server.Fingerprint());
    }

    [Theory]
    // The English package.
    [InlineData("installer/CertDeploy.en-US.wxl", "CertDeploy cannot run while rollback is disabled")]
    // The Norwegian package, the default culture.
    [InlineData("installer/CertDeploy.nb-NO.wxl", "CertDeploy kan ikke kjøre når tilbakerulling er slått av")]
    public void RollbackDisabled_TheRefusalFiresAndNothingElseRuns(string localization, string messageStart)
    {
        using var server = new CosDocServer();
        var install = new AuthoredInstall(Authorings.Real, localization);
        var before = server.Fingerprint();
        server.Faults.Reset();

        var phase = install.RunImmediate(Selection(("RollbackDisabled", "1")), FacadeEntryPoints.Immediate(server));

        Assert.Equal("CertDeploy_RefuseWithoutRollback", phase.FailedAction);
        var refusal = Assert.IsType<InstallationRefusedException>(phase.Failure);
        Assert.Equal("CertDeployRollbackDisabled", refusal.MessageId);
        Assert.Equal(install.Strings["CertDeployRollbackDisabled"], refusal.Message);
        Assert.StartsWith(messageStart, refusal.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { "CertDeploy_RefuseWithoutRollback" }, CustomActionsIn(install, phase.Ran));
        Assert.Empty(phase.Script);
        Assert.Equal(0, server.Faults.CallCount);
        Assert.Equal(before, server.Fingerprint());
    }

    [Fact]
    public void InstalledProductRunAgainWithNewThumbprints_RefusesInsteadOfIgnoringThem()
    {
        using var server = new CosDocServer();
        var install = new AuthoredInstall(Authorings.Real);
        var before = server.Fingerprint();
        server.Faults.Reset();

        // msiexec /i on an installed product without REINSTALL: a maintenance run.
        var phase = install.RunImmediate(Selection(("Installed", "1")), FacadeEntryPoints.Immediate(server));

        Assert.Equal("CertDeploy_RefuseMaintenanceWithoutReinstall", phase.FailedAction);
        var refusal = Assert.IsType<InstallationRefusedException>(phase.Failure);
        Assert.Equal("CertDeployNeedsReinstall", refusal.MessageId);
        Assert.Contains("REINSTALL=ALL REINSTALLMODE=omus", refusal.Message, StringComparison.Ordinal);
        Assert.Empty(phase.Script);
        Assert.Equal(0, server.Faults.CallCount);
        Assert.Equal(before, server.Fingerprint());
    }

    [Fact]
    public void InstalledProductRunAgainWithReinstall_AppliesTheNewThumbprints()
    {
        using var server = new CosDocServer();
        var install = new AuthoredInstall(Authorings.Real);

        var (phase, result) = Run(install, server,
            Selection(("Installed", "1"), ("REINSTALL", "ALL"), ("REINSTALLMODE", "omus")));

        Assert.Null(phase.Failure);
        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Contains(NewSigning, File.ReadAllText(server.AppSettings("KPRService1")), StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_WithABadSelection_EndsTheInstallationBeforeAnyScript()
    {
        using var server = new CosDocServer();
        var install = new AuthoredInstall(Authorings.Real);
        var before = server.Fingerprint();

        var phase = install.RunImmediate(Given((PropertyNames.SigningThumbprint, NewEncryption),
            (PropertyNames.EncryptionThumbprint, NewEncryption)), FacadeEntryPoints.Immediate(server));

        Assert.Equal("CertDeploy_Prepare", phase.FailedAction);
        Assert.Contains(((CertDeploy.Core.Diagnostics.CertDeployException)phase.Failure!).Findings,
            f => f.Code == "CertificateWrongRole");
        Assert.Empty(phase.Script);
        Assert.Equal(before, server.Fingerprint());
    }

    [Fact]
    public void FailureAtEveryPortCallOfTheAuthoredScript_RollsTheMachineBack()
    {
        var sweep = FailAtEveryCall(Authorings.Real);

        Assert.Empty(sweep.NotRestored);
        Assert.True(sweep.RolledBack > 20, $"only {sweep.RolledBack} faults fell into a deferred action");
        Assert.True(sweep.InCommit > 0, "no fault fell into the commit action");
    }

    [Fact]
    public void FailureAtEveryPortCall_WithWriteRollbackScheduledAfterWrite_IsCaught()
    {
        var broken = Authorings.Real
            .With(Authorings.Deployment, "<Custom Action=\"CertDeploy_Write\" After=\"CertDeploy_WriteRollback\"",
                "<Custom Action=\"CertDeploy_Write\" After=\"CertDeploy_RestartRollback\"")
            .With(Authorings.Deployment,
                "<Custom Action=\"CertDeploy_WriteRollback\" After=\"CertDeploy_RestartRollback\"",
                "<Custom Action=\"CertDeploy_WriteRollback\" After=\"CertDeploy_Write\"")
            .With(Authorings.Deployment, "<Custom Action=\"CertDeploy_GrantRollback\" After=\"CertDeploy_Write\"",
                "<Custom Action=\"CertDeploy_GrantRollback\" After=\"CertDeploy_WriteRollback\"");
        var order = new AuthoredInstall(broken).Sequence.Actions.Select(a => a.Id).ToList();
        Assert.True(order.IndexOf("CertDeploy_Write") < order.IndexOf("CertDeploy_WriteRollback"));

        var sweep = FailAtEveryCall(broken);

        Assert.NotEmpty(sweep.NotRestored);
        Assert.All(sweep.NotRestored, failure => Assert.StartsWith("CertDeploy_Write:", failure,
            StringComparison.Ordinal));
    }

    [Fact]
    public void SetPropertyNamedAfterAnotherAction_LeavesTheDeferredActionWithoutItsPlan()
    {
        // A setter that fills the wrong property: Write would get empty CustomActionData.
        var broken = Authorings.Real.With(Authorings.Deployment,
            "<SetProperty Id=\"CertDeploy_Write\" Action=\"CertDeploy_SetWriteData\"",
            "<SetProperty Id=\"CertDeploy_WriteData\" Action=\"CertDeploy_SetWriteData\"");
        using var server = new CosDocServer();
        var install = new AuthoredInstall(broken);
        var before = server.Fingerprint();

        var (phase, result) = Run(install, server, Selection());

        Assert.Equal("", phase.CustomActionData["CertDeploy_Write"]);
        Assert.Equal("CertDeploy_Write", result.FailedAction);
        Assert.Equal(before, server.Fingerprint());
    }

    private static Sweep FailAtEveryCall(AuthoringSet authoring)
    {
        var install = new AuthoredInstall(authoring);
        int calls;
        using (var counting = new CosDocServer())
        {
            var phase = install.RunImmediate(Selection(), FacadeEntryPoints.Immediate(counting));
            Assert.True(phase.Succeeded, phase.Failure?.ToString());
            counting.Faults.Reset();
            Assert.True(install.Script(phase, FacadeEntryPoints.Scripted(counting)).Run().Succeeded);
            calls = counting.Faults.CallCount;
        }

        var notRestored = new List<string>();
        var rolledBack = 0;
        var inCommit = 0;
        for (var call = 1; call <= calls; call++)
        {
            using var server = new CosDocServer();
            var phase = install.RunImmediate(Selection(), FacadeEntryPoints.Immediate(server));
            var before = server.Fingerprint();
            server.Faults.Reset();
            server.Faults.FailAtCall = call;
            server.Faults.Armed = true;

            var result = install.Script(phase, FacadeEntryPoints.Scripted(server)).Run();

            server.Faults.Armed = false;
            var failedCall = server.Faults.Calls[call - 1];
            if (result.Succeeded)
            {
                // A fault in the commit phase leaves a finished installation, as with msiexec.
                var cleanup = result.CleanupFailures.Select(f => f.Action);
                Assert.True(cleanup.SequenceEqual(new[] { "CertDeploy_Commit" }),
                    $"fault at call {call} ({failedCall}) did not fail any action");
                Assert.All(Changed, s => Assert.Equal(Json(NewSigning, NewEncryption),
                    File.ReadAllText(server.AppSettings(s))));
                inCommit++;
                continue;
            }

            rolledBack++;
            if (before != server.Fingerprint())
            {
                notRestored.Add($"{result.FailedAction}: fault at call {call} ({failedCall})");
            }
        }

        return new Sweep(notRestored, rolledBack, inCommit);
    }

    private static (ImmediatePhase Phase, ScriptResult Result) Run(AuthoredInstall install, CosDocServer server,
        IReadOnlyDictionary<string, string> properties)
    {
        var phase = install.RunImmediate(properties, FacadeEntryPoints.Immediate(server));
        Assert.True(phase.Succeeded, phase.Failure?.ToString());

        var result = install.Script(phase, FacadeEntryPoints.Scripted(server)).Run();
        return (phase, result);
    }

    private static string[] CustomActionsIn(AuthoredInstall install, IEnumerable<string> ran) =>
        ran.Where(id => install.Sequence.Actions.Single(a => a.Id == id).Kind == "CustomAction").ToArray();

    private static string[] Started(CosDocServer server) =>
        server.Services.History.Where(h => h.StartsWith("Start ", StringComparison.Ordinal))
            .Select(h => h.Substring(6)).Order(StringComparer.Ordinal).ToArray();

    private static Dictionary<string, string> Selection(params (string Name, string Value)[] more) =>
        Given(new[]
        {
            (PropertyNames.SigningThumbprint, NewSigning),
            (PropertyNames.EncryptionThumbprint, NewEncryption),
        }.Concat(more).ToArray());

    private static Dictionary<string, string> Given(params (string Name, string Value)[] values) =>
        values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);

    private sealed record Sweep(IReadOnlyList<string> NotRestored, int RolledBack, int InCommit);
}
