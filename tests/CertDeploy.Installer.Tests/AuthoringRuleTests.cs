using System;
using System.Collections.Generic;
using System.Linq;
using CertDeploy.Installer.Tests.Authoring;
using CertDeploy.Installer.Tests.Support;
using Xunit;

namespace CertDeploy.Installer.Tests;

/// <summary>
/// Each rule of DESIGN.md and DOMAIN.md that the WiX schemas cannot check: the real authoring
/// passes, and a copy broken in one place gets the exact complaint.
/// </summary>
public class AuthoringRuleTests
{
    private const string D = Authorings.Deployment;
    private const string G = Authorings.Dialog;
    private const string RunCondition = "Condition=\"(NOT Installed OR REINSTALL) AND NOT UPGRADINGPRODUCTCODE\n"
        + "                AND NOT (REMOVE~=&quot;ALL&quot;)\"";

    public static TheoryData<string> RuleNames() => new(Rules.Keys);

    private static readonly IReadOnlyDictionary<string, Func<AuthoringSet, IReadOnlyList<string>>> Rules =
        new Dictionary<string, Func<AuthoringSet, IReadOnlyList<string>>>
        {
            [nameof(AuthoringRules.CustomActionsExist)] = AuthoringRules.CustomActionsExist,
            [nameof(AuthoringRules.DeferredActionsRunAsSystem)] = AuthoringRules.DeferredActionsRunAsSystem,
            [nameof(AuthoringRules.CustomActionDataIsSet)] = AuthoringRules.CustomActionDataIsSet,
            [nameof(AuthoringRules.RollbackComesFirst)] = AuthoringRules.RollbackComesFirst,
            [nameof(AuthoringRules.ExecuteOrderFollowsDesign)] = AuthoringRules.ExecuteOrderFollowsDesign,
            [nameof(AuthoringRules.ExecuteConditionsExcludeUninstall)] =
                AuthoringRules.ExecuteConditionsExcludeUninstall,
            [nameof(AuthoringRules.RefusesWithoutRollback)] = AuthoringRules.RefusesWithoutRollback,
            [nameof(AuthoringRules.DllEntriesExist)] = AuthoringRules.DllEntriesExist,
            [nameof(AuthoringRules.CustomActionSourceParses)] = AuthoringRules.CustomActionSourceParses,
            [nameof(AuthoringRules.StringsAreLocalised)] = AuthoringRules.StringsAreLocalised,
            [nameof(AuthoringRules.PropertiesAreDefined)] = AuthoringRules.PropertiesAreDefined,
            [nameof(AuthoringRules.PublishedDialogsExist)] = AuthoringRules.PublishedDialogsExist,
            [nameof(AuthoringRules.PublicPropertiesAreSecureAndSecretsHidden)] =
                AuthoringRules.PublicPropertiesAreSecureAndSecretsHidden,
            [nameof(AuthoringRules.DialogsAreWellFormed)] = AuthoringRules.DialogsAreWellFormed,
            [nameof(AuthoringRules.WixVersionIsPinnedOnce)] = AuthoringRules.WixVersionIsPinnedOnce,
            [nameof(AuthoringRules.Ice17IsHandled)] = AuthoringRules.Ice17IsHandled,
        };

    [Theory]
    [MemberData(nameof(RuleNames))]
    public void Rule_RealAuthoring_HasNoComplaint(string rule)
    {
        Assert.Empty(Rules[rule](Authorings.Real));
    }

    [Fact]
    public void CustomActionsExist_CustomNamingNoAction_IsReported()
    {
        var broken = Authorings.Real.With(D, "<Custom Action=\"CertDeploy_Commit\"",
            "<Custom Action=\"CertDeploy_Comit\"");

        Assert.Equal(new[] { $"{D}: Custom Action=\"CertDeploy_Comit\" names no CustomAction or SetProperty" },
            AuthoringRules.CustomActionsExist(broken));
    }

    [Fact]
    public void DeferredActionsRunAsSystem_ImpersonatingDeferredAction_IsReported()
    {
        var broken = Authorings.Real.With(D, "DllEntry=\"CertDeploy_Grant\" Execute=\"deferred\" Impersonate=\"no\"",
            "DllEntry=\"CertDeploy_Grant\" Execute=\"deferred\" Impersonate=\"yes\"");

        Assert.Equal(new[] { $"{D}: CustomAction CertDeploy_Grant runs deferred but not as SYSTEM: "
                + "it needs Impersonate=\"no\"" },
            AuthoringRules.DeferredActionsRunAsSystem(broken));
    }

    [Fact]
    public void CustomActionDataIsSet_MissingSetter_IsReported()
    {
        var broken = Authorings.Real.With(D, "<SetProperty Id=\"CertDeploy_Commit\"",
            "<SetProperty Id=\"CertDeploy_Comit\"");

        Assert.Equal(new[] { "CertDeploy_Commit has no SetProperty Id=\"CertDeploy_Commit\" for its CustomActionData" },
            AuthoringRules.CustomActionDataIsSet(broken));
    }

    [Fact]
    public void CustomActionDataIsSet_SetterAfterItsAction_IsReported()
    {
        var broken = Authorings.Real.With(D, "Value=\"[CertDeployPlan]\" Before=\"CertDeploy_Write\"",
            "Value=\"[CertDeployPlan]\" After=\"CertDeploy_Write\"");

        Assert.Equal(new[]
            {
                "CertDeploy_SetWriteData sets the CustomActionData of CertDeploy_Write but is not scheduled "
                    + "after CertDeploy_Prepare and before CertDeploy_Write",
            },
            AuthoringRules.CustomActionDataIsSet(broken));
    }

    [Fact]
    public void CustomActionDataIsSet_SetterCopyingAnotherProperty_IsReported()
    {
        var broken = Authorings.Real.With(D, "Value=\"[CertDeployPlan]\" Before=\"CertDeploy_Grant\"",
            "Value=\"[CERTDEPLOY_PFX_PASSWORD]\" Before=\"CertDeploy_Grant\"");

        Assert.Equal(new[] { "The CustomActionData of CertDeploy_Grant is \"[CERTDEPLOY_PFX_PASSWORD]\", "
                + "not [CertDeployPlan]" },
            AuthoringRules.CustomActionDataIsSet(broken));
    }

    [Fact]
    public void RollbackComesFirst_RollbackAfterTheActionItUndoes_IsReported()
    {
        var broken = Authorings.Real
            .With(D, "<Custom Action=\"CertDeploy_WriteRollback\" After=\"CertDeploy_RestartRollback\"",
                "<Custom Action=\"CertDeploy_WriteRollback\" After=\"CertDeploy_Write\"")
            .With(D, "<Custom Action=\"CertDeploy_Write\" After=\"CertDeploy_WriteRollback\"",
                "<Custom Action=\"CertDeploy_Write\" After=\"CertDeploy_RestartRollback\"")
            .With(D, "<Custom Action=\"CertDeploy_GrantRollback\" After=\"CertDeploy_Write\"",
                "<Custom Action=\"CertDeploy_GrantRollback\" After=\"CertDeploy_WriteRollback\"");

        Assert.Equal(new[]
            {
                "CertDeploy_WriteRollback is scheduled after CertDeploy_Write, which it undoes: a failure "
                    + "in CertDeploy_Write would not be rolled back",
            },
            AuthoringRules.RollbackComesFirst(broken));
    }

    [Fact]
    public void RollbackComesFirst_RestartRollbackScheduledLast_IsReported()
    {
        var broken = Authorings.Real
            .With(D, "<Custom Action=\"CertDeploy_RestartRollback\" After=\"StartServices\"",
                "<Custom Action=\"CertDeploy_RestartRollback\" After=\"CertDeploy_Commit\"")
            .With(D, "<Custom Action=\"CertDeploy_WriteRollback\" After=\"CertDeploy_RestartRollback\"",
                "<Custom Action=\"CertDeploy_WriteRollback\" After=\"StartServices\"");

        Assert.Equal(new[]
            {
                "CertDeploy_RestartRollback is scheduled after CertDeploy_Restart, which it undoes: a failure "
                    + "in CertDeploy_Restart would not be rolled back",
                "CertDeploy_RestartRollback must be the first deferred, rollback or commit action, so that "
                    + "it runs last on rollback; CertDeploy_WriteRollback comes first",
            },
            AuthoringRules.RollbackComesFirst(broken));
    }

    [Fact]
    public void ExecuteOrderFollowsDesign_ChainBeforeStartServices_IsReportedForEveryScriptedAction()
    {
        var broken = Authorings.Real.With(D, "<Custom Action=\"CertDeploy_RestartRollback\" After=\"StartServices\"",
            "<Custom Action=\"CertDeploy_RestartRollback\" After=\"InstallFiles\"");

        Assert.Equal(AuthoringRules.DesignOrder.Skip(1).Select(action => $"{action} hangs off InstallFiles; it "
                + "must run after InstallFiles and StartServices and before InstallFinalize"),
            AuthoringRules.ExecuteOrderFollowsDesign(broken));
    }

    [Fact]
    public void ExecuteOrderFollowsDesign_PrepareAfterWriteRegistryValues_IsReported()
    {
        var broken = Authorings.Real.With(D, "<Custom Action=\"CertDeploy_Prepare\" After=\"InstallFiles\"",
            "<Custom Action=\"CertDeploy_Prepare\" After=\"StartServices\"");

        Assert.Equal(new[]
            {
                "CertDeploy_Prepare hangs off StartServices; it must run after InstallFiles and before "
                    + "WriteRegistryValues",
            },
            AuthoringRules.ExecuteOrderFollowsDesign(broken));
    }

    [Fact]
    public void ExecuteOrderFollowsDesign_GrantBeforeWrite_IsReported()
    {
        var broken = Authorings.Real
            .With(D, "<Custom Action=\"CertDeploy_Write\" After=\"CertDeploy_WriteRollback\"",
                "<Custom Action=\"CertDeploy_Write\" After=\"CertDeploy_Grant\"")
            .With(D, "<Custom Action=\"CertDeploy_GrantRollback\" After=\"CertDeploy_Write\"",
                "<Custom Action=\"CertDeploy_GrantRollback\" After=\"CertDeploy_WriteRollback\"")
            .With(D, "<Custom Action=\"CertDeploy_Restart\" After=\"CertDeploy_Grant\"",
                "<Custom Action=\"CertDeploy_Restart\" After=\"CertDeploy_Write\"");

        Assert.Equal(new[]
            {
                "The execute sequence runs CertDeploy_Prepare, CertDeploy_RestartRollback, "
                    + "CertDeploy_WriteRollback, CertDeploy_GrantRollback, CertDeploy_Grant, CertDeploy_Write, "
                    + "CertDeploy_Restart, CertDeploy_Commit; DESIGN.md wants "
                    + string.Join(", ", AuthoringRules.DesignOrder),
            },
            AuthoringRules.ExecuteOrderFollowsDesign(broken));
    }

    [Fact]
    public void ExecuteOrderFollowsDesign_UnknownAnchor_IsReported()
    {
        var broken = Authorings.Real.With(D,
            "<Custom Action=\"CertDeploy_RestartRollback\" After=\"StartServices\"",
            "<Custom Action=\"CertDeploy_RestartRollback\" After=\"StartService\"");

        var complaints = AuthoringRules.ExecuteOrderFollowsDesign(broken);

        Assert.Equal("CertDeploy_RestartRollback is scheduled relative to StartService, which is neither an "
            + "action of the authoring nor a standard action this reader knows", complaints[0]);
        Assert.Equal("The execute sequence runs CertDeploy_Prepare; DESIGN.md wants "
            + string.Join(", ", AuthoringRules.DesignOrder), complaints[^1]);
    }

    [Fact]
    public void ExecuteConditionsExcludeUninstall_ConditionWithoutRemoveTerm_IsReported()
    {
        var broken = Authorings.Real.With(D,
            "<Custom Action=\"CertDeploy_Grant\" After=\"CertDeploy_GrantRollback\"\n              " + RunCondition,
            "<Custom Action=\"CertDeploy_Grant\" After=\"CertDeploy_GrantRollback\"\n              "
                + "Condition=\"(NOT Installed OR REINSTALL) AND NOT UPGRADINGPRODUCTCODE\"");

        Assert.Equal(new[]
            {
                "CertDeploy_Grant does not require NOT (REMOVE~=\"ALL\") in its condition "
                    + "\"(NOT Installed OR REINSTALL) AND NOT UPGRADINGPRODUCTCODE\"",
            },
            AuthoringRules.ExecuteConditionsExcludeUninstall(broken));
    }

    [Fact]
    public void ExecuteConditionsExcludeUninstall_TermsOnlyInsideAnOr_AreReported()
    {
        const string orCondition =
            "Condition=\"REINSTALL OR NOT UPGRADINGPRODUCTCODE AND NOT (REMOVE~=&quot;ALL&quot;)\"";
        var broken = Authorings.Real.With(D,
            "Value=\"[CertDeployPlan]\" Before=\"CertDeploy_Commit\" Sequence=\"execute\"\n                 "
                + RunCondition.Replace("\n                AND", "\n                AND", StringComparison.Ordinal),
            "Value=\"[CertDeployPlan]\" Before=\"CertDeploy_Commit\" Sequence=\"execute\" " + orCondition);

        Assert.Equal(new[]
            {
                "CertDeploy_SetCommitData does not require NOT (REMOVE~=\"ALL\") in its condition "
                    + "\"REINSTALL OR NOT UPGRADINGPRODUCTCODE AND NOT (REMOVE~=\"ALL\")\"",
                "CertDeploy_SetCommitData does not require NOT UPGRADINGPRODUCTCODE in its condition "
                    + "\"REINSTALL OR NOT UPGRADINGPRODUCTCODE AND NOT (REMOVE~=\"ALL\")\"",
            },
            AuthoringRules.ExecuteConditionsExcludeUninstall(broken));
    }

    [Fact]
    public void RefusesWithoutRollback_RefusalNotConditionedOnRollbackDisabled_IsReported()
    {
        var broken = Authorings.Real.With(D, "Condition=\"RollbackDisabled AND (NOT Installed OR REINSTALL)",
            "Condition=\"(NOT Installed OR REINSTALL)");

        Assert.Equal(new[]
            {
                "Nothing refuses to run when RollbackDisabled is set: add a Launch condition or an error "
                    + "CustomAction conditioned on RollbackDisabled",
            },
            AuthoringRules.RefusesWithoutRollback(broken));
    }

    [Fact]
    public void RefusesWithoutRollback_RefusalAfterPrepare_IsReported()
    {
        var broken = Authorings.Real.With(D,
            "<Custom Action=\"CertDeploy_RefuseWithoutRollback\" Before=\"CertDeploy_Prepare\"",
            "<Custom Action=\"CertDeploy_RefuseWithoutRollback\" After=\"CertDeploy_Commit\"");

        Assert.Equal(new[] { "CertDeploy_RefuseWithoutRollback refuses a run without rollback only after "
                + "CertDeploy_Prepare" },
            AuthoringRules.RefusesWithoutRollback(broken));
    }

    [Fact]
    public void DllEntriesExist_DllEntryWithoutMethod_IsReported()
    {
        var broken = Authorings.Real.With(D, "DllEntry=\"CertDeploy_Grant\"", "DllEntry=\"CertDeploy_Grnt\"");

        Assert.Equal(new[]
            {
                "CustomAction CertDeploy_Grant calls DllEntry CertDeploy_Grnt, which is no public static "
                    + "[CustomAction] method in customactions/CertDeploy.CustomActions",
            },
            AuthoringRules.DllEntriesExist(broken));
    }

    [Fact]
    public void DllEntriesExist_MethodWithoutCustomActionAttribute_IsReported()
    {
        var broken = Authorings.Real.With(Authorings.Actions,
            "[CustomAction]\n        public static ActionResult CertDeploy_Grant(",
            "public static ActionResult CertDeploy_Grant(");

        Assert.Equal(new[]
            {
                "CustomAction CertDeploy_Grant calls DllEntry CertDeploy_Grant, which is no public static "
                    + "[CustomAction] method in customactions/CertDeploy.CustomActions",
            },
            AuthoringRules.DllEntriesExist(broken));
    }

    [Fact]
    public void CustomActionSourceParses_MissingBrace_IsReported()
    {
        var broken = Authorings.Real.With(Authorings.Actions,
            "        private static string PlanData(Session session) =>",
            "        private static string PlanData(Session session) => {");

        var complaints = AuthoringRules.CustomActionSourceParses(broken);

        Assert.Contains(complaints, c => c.StartsWith(Authorings.Actions + "(", StringComparison.Ordinal)
            && c.Contains(": CS1525: Invalid expression term '{'", StringComparison.Ordinal));
    }

    [Fact]
    public void StringsAreLocalised_StringMissingInOneCulture_IsReported()
    {
        var broken = Authorings.Real.With(Authorings.English,
            "  <String Id=\"CertDeployCheckButton\" Value=\"&amp;Check\" />\n", "");

        Assert.Equal(new[]
            {
                $"!(loc.CertDeployCheckButton) in {G} has no string in {Authorings.English}",
                $"String CertDeployCheckButton is missing from {Authorings.English}",
            },
            AuthoringRules.StringsAreLocalised(broken));
    }

    [Fact]
    public void StringsAreLocalised_StringOnlyInOneCulture_IsReported()
    {
        var broken = Authorings.Real.With(Authorings.Norwegian, "</WixLocalization>",
            "  <String Id=\"CertDeployUnused\" Value=\"Ubrukt\" />\n</WixLocalization>");

        Assert.Equal(new[] { $"String CertDeployUnused is missing from {Authorings.English}" },
            AuthoringRules.StringsAreLocalised(broken));
    }

    [Fact]
    public void PropertiesAreDefined_ControlBoundToUndeclaredProperty_IsReported()
    {
        var broken = Authorings.Real.With(G, "NoPrefix=\"yes\" Property=\"CertDeploySelectionFindings\"",
            "NoPrefix=\"yes\" Property=\"CertDeploySelectionFinding\"");

        Assert.Equal(new[]
            {
                "Control CertDeployCertificateDlg/Findings uses property CertDeploySelectionFinding, which no "
                    + "Property or SetProperty declares",
            },
            AuthoringRules.PropertiesAreDefined(broken));
    }

    [Fact]
    public void PropertiesAreDefined_PublishConditionOnUndeclaredProperty_IsReported()
    {
        var broken = Authorings.Real.With(G, "Condition=\"CertDeploySelectionValid = &quot;1&quot;\"",
            "Condition=\"CertDeploySelectionIsValid = &quot;1&quot;\"");

        Assert.Equal(new[]
            {
                "Publish on CertDeployCertificateDlg/Next uses property CertDeploySelectionIsValid, which no "
                    + "Property or SetProperty declares",
            },
            AuthoringRules.PropertiesAreDefined(broken));
    }

    [Fact]
    public void PublishedDialogsExist_NewDialogToUnknownDialog_IsReported()
    {
        var broken = Authorings.Real.With(G, "Value=\"VerifyReadyDlg\" Order=\"5\"",
            "Value=\"VerifyReadyDialog\" Order=\"5\"");

        Assert.Equal(new[]
            {
                "NewDialog from CertDeployCertificateDlg names dialog VerifyReadyDialog, which is neither "
                    + "defined nor a WixUI dialog",
            },
            AuthoringRules.PublishedDialogsExist(broken));
    }

    [Fact]
    public void PublicPropertiesAreSecure_PublicPropertyNotSecure_IsReported()
    {
        var broken = Authorings.Real.With(D, "<Property Id=\"CERTDEPLOY_SERVICES\" Secure=\"yes\" />",
            "<Property Id=\"CERTDEPLOY_SERVICES\" />");

        Assert.Equal(new[]
            {
                "Public property CERTDEPLOY_SERVICES is not Secure=\"yes\": a value from the dialog would "
                    + "not reach the execute sequence",
            },
            AuthoringRules.PublicPropertiesAreSecureAndSecretsHidden(broken));
    }

    [Fact]
    public void PublicPropertiesAreSecure_PasswordNotHidden_IsReported()
    {
        var broken = Authorings.Real.With(D,
            "<Property Id=\"CERTDEPLOY_PFX_PASSWORD\" Secure=\"yes\" Hidden=\"yes\" />",
            "<Property Id=\"CERTDEPLOY_PFX_PASSWORD\" Secure=\"yes\" />");

        Assert.Equal(new[]
            {
                "Property CERTDEPLOY_PFX_PASSWORD is not declared Hidden=\"yes\": its value would be written "
                    + "to the MSI log",
            },
            AuthoringRules.PublicPropertiesAreSecureAndSecretsHidden(broken));
    }

    [Fact]
    public void PublicPropertiesAreSecure_CustomActionDataNotHidden_IsReported()
    {
        var broken = Authorings.Real.With(D, "<Property Id=\"CertDeploy_Write\" Hidden=\"yes\" />", "");

        Assert.Equal(new[]
            {
                "Property CertDeploy_Write is not declared Hidden=\"yes\": its value would be written to the "
                    + "MSI log",
            },
            AuthoringRules.PublicPropertiesAreSecureAndSecretsHidden(broken));
    }

    [Fact]
    public void DialogsAreWellFormed_NoComboBoxTable_IsReported()
    {
        var broken = Authorings.Real.With(D, "<EnsureTable Id=\"ComboBox\" />", "");

        Assert.Equal(new[]
            {
                "A ComboBox is filled at run time but the package has no ComboBox table: add EnsureTable "
                    + "Id=\"ComboBox\" or a ComboBox with a ListItem",
            },
            AuthoringRules.DialogsAreWellFormed(broken));
    }

    [Fact]
    public void DialogsAreWellFormed_ControlOutsideTheDialog_IsReported()
    {
        var broken = Authorings.Real.With(G, "<Control Id=\"Findings\" Type=\"Text\" X=\"20\" Y=\"175\" Width=\"330\"",
            "<Control Id=\"Findings\" Type=\"Text\" X=\"20\" Y=\"175\" Width=\"400\"");

        Assert.Equal(new[] { "Control CertDeployCertificateDlg/Findings reaches 420 x 229, outside its "
                + "370 x 270 dialog" },
            AuthoringRules.DialogsAreWellFormed(broken));
    }

    [Fact]
    public void DialogsAreWellFormed_ArchitectureWithoutDialogSet_IsReported()
    {
        var broken = Authorings.Real.With(G, "<UI Id=\"CertDeployUI_A64\">", "<UI Id=\"CertDeployUI_ARM64\">");

        Assert.Equal(new[] { "ui:WixUI Id=\"CertDeployUI\" resolves to CertDeployUI_A64, which no UI "
                + "element declares" },
            AuthoringRules.DialogsAreWellFormed(broken));
    }

    [Fact]
    public void WixVersionIsPinnedOnce_SdkAndPinDiffer_IsReported()
    {
        var broken = Authorings.Real.With("installer/WixToolset.Version.props", "<WixToolsetVersion>5.0.2<",
            "<WixToolsetVersion>5.0.1<");

        Assert.Equal(new[]
            {
                "installer/CertDeploy.Installer.wixproj uses WixToolset.Sdk/5.0.2 but "
                    + "installer/WixToolset.Version.props pins WixToolsetVersion 5.0.1",
            },
            AuthoringRules.WixVersionIsPinnedOnce(broken));
    }

    [Fact]
    public void Ice17IsHandled_RunTimeListsWithoutSuppression_AreReported()
    {
        var broken = Authorings.Real.With("installer/CertDeploy.Installer.wixproj",
            "<SuppressIces>ICE17</SuppressIces>", "<SuppressIces>ICE61</SuppressIces>");

        Assert.Equal(new[]
            {
                "ComboBox CertDeployCertificateDlg/SigningCombo is filled at run time, so ICE17 fails the "
                    + "build: installer/CertDeploy.Installer.wixproj must suppress ICE17",
                "ComboBox CertDeployCertificateDlg/EncryptionCombo is filled at run time, so ICE17 fails the "
                    + "build: installer/CertDeploy.Installer.wixproj must suppress ICE17",
            },
            AuthoringRules.Ice17IsHandled(broken));
    }

    [Fact]
    public void Ice17IsHandled_PushButtonWithoutEvent_IsReported()
    {
        var broken = Authorings.Real.With(G, "<Publish Event=\"SpawnDialog\" Value=\"CancelDlg\" />", "");

        Assert.Equal(new[] { "PushButton CertDeployCertificateDlg/Cancel publishes no event" },
            AuthoringRules.Ice17IsHandled(broken));
    }
}
