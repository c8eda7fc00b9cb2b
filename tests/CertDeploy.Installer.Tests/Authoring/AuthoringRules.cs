using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CertDeploy.Core.Installer;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CertDeploy.Installer.Tests.Authoring;

/// <summary>
/// The rules of DESIGN.md ("Windows Installer contract") and DOMAIN.md ("Windows Installer")
/// that the WiX schemas cannot check. Each returns every complaint, one sentence each, and an
/// empty list when the authoring follows the rule.
/// </summary>
public static class AuthoringRules
{
    /// <summary>The order of the DESIGN.md table.</summary>
    public static readonly IReadOnlyList<string> DesignOrder = new[]
    {
        "CertDeploy_Prepare", "CertDeploy_RestartRollback", "CertDeploy_WriteRollback",
        "CertDeploy_Write", "CertDeploy_GrantRollback", "CertDeploy_Grant", "CertDeploy_Restart",
        "CertDeploy_Commit",
    };

    public const string PrepareAction = "CertDeploy_Prepare";
    public const string RestartRollbackAction = "CertDeploy_RestartRollback";

    /// <summary>Dialogs that WixUI defines (src/ext/UI/wixlib), which the authoring may name.</summary>
    public static readonly ISet<string> WixUIDialogs = new HashSet<string>(StringComparer.Ordinal)
    {
        "BrowseDlg", "CancelDlg", "CustomizeDlg", "DiskCostDlg", "ErrorDlg", "ExitDialog",
        "FatalError", "FilesInUse", "InstallDirDlg", "InvalidDirDlg", "LicenseAgreementDlg",
        "MaintenanceTypeDlg", "MaintenanceWelcomeDlg", "MsiRMFilesInUse", "OutOfDiskDlg",
        "OutOfRbDiskDlg", "PrepareDlg", "ProgressDlg", "ResumeDlg", "SetupTypeDlg", "UserExit",
        "VerifyReadyDlg", "WaitForCostingDlg", "WelcomeDlg", "WelcomeEulaDlg",
    };

    /// <summary>WixUI strings the authoring uses for the standard buttons.</summary>
    public static readonly ISet<string> WixUIStrings = new HashSet<string>(StringComparer.Ordinal)
    {
        "WixUIBack", "WixUINext", "WixUICancel",
    };

    /// <summary>Properties that Windows Installer or WixUI define, which the authoring may use.</summary>
    public static readonly ISet<string> KnownProperties = new HashSet<string>(StringComparer.Ordinal)
    {
        "Installed", "REINSTALL", "REMOVE", "UPGRADINGPRODUCTCODE", "PATCH", "ProductName",
        "RollbackDisabled", "WixUI_InstallMode",
    };

    private static readonly string[] UninstallTerms = { "NOT (REMOVE~=\"ALL\")", "NOT UPGRADINGPRODUCTCODE" };

    /// <summary>Every Custom/@Action names a CustomAction or a SetProperty action.</summary>
    public static IReadOnlyList<string> CustomActionsExist(AuthoringSet authoring)
    {
        var known = authoring.Elements("CustomAction").Select(c => c["Id"])
            .Concat(authoring.Elements("SetProperty").Select(s => s["Action"] ?? "Set" + s["Id"]))
            .ToHashSet(StringComparer.Ordinal);

        return authoring.Elements("Custom")
            .Where(c => !known.Contains(c["Action"] ?? ""))
            .Select(c => $"{c.File}: Custom Action=\"{c["Action"]}\" names no CustomAction or SetProperty")
            .ToList();
    }

    /// <summary>Deferred, rollback and commit actions run as SYSTEM (Impersonate="no").</summary>
    public static IReadOnlyList<string> DeferredActionsRunAsSystem(AuthoringSet authoring) =>
        DeferredActions(authoring)
            .Where(c => c["Impersonate"] != "no")
            .Select(c => $"{c.File}: CustomAction {c["Id"]} runs {c["Execute"]} but not as SYSTEM: "
                + "it needs Impersonate=\"no\"")
            .ToList();

    /// <summary>
    /// Every deferred, rollback and commit action gets its CustomActionData from a SetProperty
    /// of the same name that copies [CertDeployPlan] after CertDeploy_Prepare and before it.
    /// </summary>
    public static IReadOnlyList<string> CustomActionDataIsSet(AuthoringSet authoring)
    {
        var complaints = new List<string>();
        var sequence = ExecuteSequence.Read(authoring);
        var prepare = sequence.IndexOf(PrepareAction);

        foreach (var action in DeferredActions(authoring).Select(c => c["Id"]!))
        {
            var setters = sequence.Actions.Where(a => a.Kind == "SetProperty" && a.Property == action).ToList();
            if (setters.Count == 0)
            {
                complaints.Add($"{action} has no SetProperty Id=\"{action}\" for its CustomActionData");
                continue;
            }

            foreach (var setter in setters)
            {
                var at = sequence.IndexOf(setter.Id);
                var actionAt = sequence.IndexOf(action);
                if (prepare < 0 || at < prepare || actionAt < 0 || at > actionAt)
                {
                    complaints.Add($"{setter.Id} sets the CustomActionData of {action} but is not "
                        + $"scheduled after {PrepareAction} and before {action}");
                }
            }

            var values = authoring.Elements("SetProperty").Where(s => s["Id"] == action).Select(s => s["Value"]);
            foreach (var value in values.Where(v => v != "[" + PropertyNames.Plan + "]"))
            {
                complaints.Add($"The CustomActionData of {action} is \"{value}\", not [{PropertyNames.Plan}]");
            }
        }

        return complaints;
    }

    /// <summary>
    /// A rollback action is scheduled before the action it undoes (XRollback undoes X), and
    /// CertDeploy_RestartRollback before every other deferred, rollback and commit action, so
    /// that it runs last on rollback.
    /// </summary>
    public static IReadOnlyList<string> RollbackComesFirst(AuthoringSet authoring)
    {
        var complaints = new List<string>();
        var sequence = ExecuteSequence.Read(authoring);
        var inScript = sequence.Actions.Where(a => a.Kind == "CustomAction" && a.Execute != "immediate").ToList();

        foreach (var rollback in inScript.Where(a => a.Execute == "rollback"))
        {
            var undone = rollback.Id.EndsWith("Rollback", StringComparison.Ordinal)
                ? rollback.Id.Substring(0, rollback.Id.Length - "Rollback".Length)
                : "";

            var undoneAt = sequence.IndexOf(undone);
            if (undoneAt >= 0 && sequence.IndexOf(rollback.Id) > undoneAt)
            {
                complaints.Add($"{rollback.Id} is scheduled after {undone}, which it undoes: a failure "
                    + $"in {undone} would not be rolled back");
            }
        }

        var first = inScript.FirstOrDefault();
        if (first != null && first.Id != RestartRollbackAction)
        {
            complaints.Add($"{RestartRollbackAction} must be the first deferred, rollback or commit "
                + $"action, so that it runs last on rollback; {first.Id} comes first");
        }

        return complaints;
    }

    /// <summary>The execute sequence has the order of the DESIGN.md table: Prepare after
    /// InstallFiles and before WriteRegistryValues, the scripted actions after StartServices and
    /// before InstallFinalize.</summary>
    public static IReadOnlyList<string> ExecuteOrderFollowsDesign(AuthoringSet authoring)
    {
        var complaints = new List<string>();
        var sequence = ExecuteSequence.Read(authoring);
        complaints.AddRange(sequence.Problems);

        var order = sequence.Actions.Select(a => a.Id).Where(DesignOrder.Contains).ToList();
        if (!order.SequenceEqual(DesignOrder))
        {
            complaints.Add($"The execute sequence runs {string.Join(", ", order)}; DESIGN.md wants "
                + string.Join(", ", DesignOrder));
        }

        foreach (var action in sequence.Actions.Where(a => DesignOrder.Contains(a.Id)))
        {
            // The immediate Prepare runs while the script is made; it must come before
            // WriteRegistryValues, which remembers the selection Prepare resolves. The scripted
            // actions must run after the including package has started its services.
            var immediate = action.Execute == "immediate";
            var from = ExecuteSequence.StandardActions[immediate ? "InstallFiles" : "StartServices"];
            var to = ExecuteSequence.StandardActions[immediate ? "WriteRegistryValues" : "InstallFinalize"];
            var inWindow = action.AfterAnchor
                ? action.AnchorSequence >= from && action.AnchorSequence < to
                : action.AnchorSequence > from && action.AnchorSequence <= to;
            if (!inWindow)
            {
                complaints.Add(immediate
                    ? $"{action.Id} hangs off {action.Anchor}; it must run after InstallFiles and "
                        + "before WriteRegistryValues"
                    : $"{action.Id} hangs off {action.Anchor}; it must run after InstallFiles and "
                        + "StartServices and before InstallFinalize");
            }
        }

        return complaints;
    }

    /// <summary>Every action of the deployment (and each CustomActionData setter) is skipped on
    /// uninstall and in the old product during a major upgrade.</summary>
    public static IReadOnlyList<string> ExecuteConditionsExcludeUninstall(AuthoringSet authoring)
    {
        var deferred = DeferredActions(authoring).Select(c => c["Id"]!).ToHashSet(StringComparer.Ordinal);
        var checkedActions = ExecuteSequence.Read(authoring).Actions
            .Where(a => DesignOrder.Contains(a.Id) || (a.Kind == "SetProperty" && deferred.Contains(a.Property!)));

        return checkedActions
            .SelectMany(a => UninstallTerms.Where(term => !ConditionTerms.Requires(a.Condition, term))
                .Select(term => $"{a.Id} does not require {term} in its condition \"{a.Condition}\""))
            .ToList();
    }

    /// <summary>The package refuses to run when rollback is disabled.</summary>
    public static IReadOnlyList<string> RefusesWithoutRollback(AuthoringSet authoring)
    {
        var launch = authoring.Elements("Launch")
            .Any(l => ConditionTerms.Requires(l["Condition"], "NOT RollbackDisabled"));
        var errorActions = authoring.Elements("CustomAction").Where(c => c["Error"] != null)
            .Select(c => c["Id"]).ToHashSet(StringComparer.Ordinal);
        var sequence = ExecuteSequence.Read(authoring);
        var refusal = sequence.Actions.FirstOrDefault(a => errorActions.Contains(a.Id)
            && ConditionTerms.Requires(a.Condition, "RollbackDisabled"));

        if (launch)
        {
            return Array.Empty<string>();
        }

        if (refusal == null)
        {
            return new[] { "Nothing refuses to run when RollbackDisabled is set: add a Launch condition "
                + "or an error CustomAction conditioned on RollbackDisabled" };
        }

        return sequence.IndexOf(refusal.Id) < sequence.IndexOf(PrepareAction)
            ? Array.Empty<string>()
            : new[] { $"{refusal.Id} refuses a run without rollback only after {PrepareAction}" };
    }

    /// <summary>Every DllEntry is a public static [CustomAction] method of the custom action source.</summary>
    public static IReadOnlyList<string> DllEntriesExist(AuthoringSet authoring)
    {
        var entryPoints = CustomActionMethods(authoring);

        return authoring.Elements("CustomAction")
            .Where(c => c["DllEntry"] != null && !entryPoints.Contains(c["DllEntry"]!))
            .Select(c => $"CustomAction {c["Id"]} calls DllEntry {c["DllEntry"]}, which is no public static "
                + "[CustomAction] method in customactions/CertDeploy.CustomActions")
            .ToList();
    }

    /// <summary>The public static methods marked [CustomAction] in the custom action source.</summary>
    public static ISet<string> CustomActionMethods(AuthoringSet authoring) =>
        authoring.CSharpFiles
            .SelectMany(file => CSharpSyntaxTree.ParseText(authoring.Files[file]).GetRoot()
                .DescendantNodes().OfType<MethodDeclarationSyntax>())
            .Where(m => m.Modifiers.Any(SyntaxKind.PublicKeyword) && m.Modifiers.Any(SyntaxKind.StaticKeyword))
            .Where(m => m.AttributeLists.SelectMany(l => l.Attributes)
                .Any(a => a.Name.ToString() is "CustomAction" or "CustomActionAttribute"))
            .Select(m => m.Identifier.Text)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Every !(loc.X) has a string in each .wxl, and the .wxl files have the same Ids.</summary>
    public static IReadOnlyList<string> StringsAreLocalised(AuthoringSet authoring)
    {
        var complaints = new List<string>();
        var cultures = authoring.WxlFiles.ToDictionary(f => f, f => authoring.Document(f)
            .Descendants(AuthoringSet.Wxl + "String").Select(s => (string)s.Attribute("Id")!)
            .ToHashSet(StringComparer.Ordinal));
        var used = authoring.WxsFiles
            .SelectMany(f => Regex.Matches(authoring.Files[f], @"!\(loc\.([A-Za-z0-9_.]+)\)").Select(m => (File: f,
                Id: m.Groups[1].Value)))
            .Where(u => !WixUIStrings.Contains(u.Id))
            .Distinct();

        foreach (var (file, id) in used)
        {
            complaints.AddRange(cultures.Where(c => !c.Value.Contains(id))
                .Select(c => $"!(loc.{id}) in {file} has no string in {c.Key}"));
        }

        var all = cultures.Values.SelectMany(ids => ids).Distinct().OrderBy(id => id, StringComparer.Ordinal);
        foreach (var id in all)
        {
            var missing = cultures.Where(c => !c.Value.Contains(id)).Select(c => c.Key).ToList();
            complaints.AddRange(missing.Select(m => $"String {id} is missing from {m}"));
        }

        return complaints.Distinct().ToList();
    }

    /// <summary>Every property that a control, a Publish or a condition of the deployment uses
    /// is declared by a Property or a SetProperty.</summary>
    public static IReadOnlyList<string> PropertiesAreDefined(AuthoringSet authoring)
    {
        var defined = authoring.Elements("Property").Select(p => p["Id"]!)
            .Concat(authoring.Elements("SetProperty").Select(s => s["Id"]!))
            .Concat(KnownProperties)
            .ToHashSet(StringComparer.Ordinal);
        var uses = new List<(string Where, string Property)>();

        foreach (var control in authoring.Elements("Control"))
        {
            var where = $"Control {Dialog(control.Element)}/{control["Id"]}";
            AddUse(uses, where, control["Property"]);
            AddFormatted(uses, where, control["Text"]);
            AddConditionUses(uses, where, control.Element);
        }

        foreach (var publish in authoring.Elements("Publish"))
        {
            var where = $"Publish on {publish["Dialog"] ?? Dialog(publish.Element)}/"
                + (publish["Control"] ?? (string?)publish.Element.Parent?.Attribute("Id"));
            AddUse(uses, where, publish["Property"]);
            AddFormatted(uses, where, publish["Value"]);
            AddConditionUses(uses, where, publish.Element);
        }

        foreach (var element in authoring.Elements("Custom").Concat(authoring.Elements("SetProperty")))
        {
            var where = element["Action"] ?? "Set" + element["Id"];
            AddConditionUses(uses, where, element.Element);
            AddFormatted(uses, where, element["Value"]);
        }

        return uses.Where(u => !defined.Contains(u.Property))
            .Select(u => $"{u.Where} uses property {u.Property}, which no Property or SetProperty declares")
            .Distinct()
            .ToList();
    }

    /// <summary>Every dialog a Publish names (Dialog, or the Value of NewDialog and SpawnDialog)
    /// is defined by the authoring or is a WixUI dialog.</summary>
    public static IReadOnlyList<string> PublishedDialogsExist(AuthoringSet authoring)
    {
        var dialogs = authoring.Elements("Dialog").Select(d => d["Id"]!).Concat(WixUIDialogs)
            .ToHashSet(StringComparer.Ordinal);
        var complaints = new List<string>();

        foreach (var publish in authoring.Elements("Publish"))
        {
            var from = publish["Dialog"] ?? Dialog(publish.Element);
            if (!dialogs.Contains(from))
            {
                complaints.Add($"A Publish is on dialog {from}, which is neither defined nor a WixUI dialog");
            }

            if (publish["Event"] is "NewDialog" or "SpawnDialog" or "SpawnWaitDialog"
                && !dialogs.Contains(publish["Value"] ?? ""))
            {
                complaints.Add($"{publish["Event"]} from {from} names dialog {publish["Value"]}, which is "
                    + "neither defined nor a WixUI dialog");
            }
        }

        return complaints;
    }

    /// <summary>Every public property of PropertyNames is declared Secure, and the PKCS#12
    /// password, the plan and each CustomActionData property are Hidden.</summary>
    public static IReadOnlyList<string> PublicPropertiesAreSecureAndSecretsHidden(AuthoringSet authoring)
    {
        var complaints = new List<string>();
        var properties = authoring.Elements("Property").GroupBy(p => p["Id"]!)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var publicNames = typeof(PropertyNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (string)f.GetRawConstantValue()!)
            .Where(name => name == name.ToUpperInvariant())
            .OrderBy(name => name, StringComparer.Ordinal);

        foreach (var name in publicNames)
        {
            if (!properties.TryGetValue(name, out var property))
            {
                complaints.Add($"Public property {name} is not declared");
            }
            else if (property["Secure"] != "yes")
            {
                complaints.Add($"Public property {name} is not Secure=\"yes\": a value from the dialog "
                    + "would not reach the execute sequence");
            }
        }

        var secrets = new[] { PropertyNames.Pkcs12Password, PropertyNames.Plan }
            .Concat(DeferredActions(authoring).Select(c => c["Id"]!));
        foreach (var secret in secrets)
        {
            if (!properties.TryGetValue(secret, out var property) || property["Hidden"] != "yes")
            {
                complaints.Add($"Property {secret} is not declared Hidden=\"yes\": its value would be "
                    + "written to the MSI log");
            }
        }

        return complaints;
    }

    /// <summary>The UI: the ComboBox table exists for the run-time rows, every control lies
    /// inside its dialog, the certificate dialog has the usual size and the dialog set is
    /// declared for each architecture that ui:WixUI resolves.</summary>
    public static IReadOnlyList<string> DialogsAreWellFormed(AuthoringSet authoring)
    {
        var complaints = new List<string>();
        var hasCombo = authoring.Elements("Control").Any(c => c["Type"] == "ComboBox");
        var tableExists = authoring.Elements("EnsureTable").Any(e => e["Id"] == "ComboBox")
            || authoring.Elements("ComboBox").Any(c => c.Element.Elements(AuthoringSet.Wix + "ListItem").Any());
        if (hasCombo && !tableExists)
        {
            complaints.Add("A ComboBox is filled at run time but the package has no ComboBox table: add "
                + "EnsureTable Id=\"ComboBox\" or a ComboBox with a ListItem");
        }

        foreach (var dialog in authoring.Elements("Dialog"))
        {
            var width = Number(dialog["Width"]);
            var height = Number(dialog["Height"]);
            if (dialog["Id"] == "CertDeployCertificateDlg" && (width != 370 || height != 270))
            {
                complaints.Add($"CertDeployCertificateDlg is {width} x {height}; the usual dialog is 370 x 270");
            }

            foreach (var control in dialog.Element.Elements(AuthoringSet.Wix + "Control"))
            {
                var right = Number((string?)control.Attribute("X")) + Number((string?)control.Attribute("Width"));
                var bottom = Number((string?)control.Attribute("Y")) + Number((string?)control.Attribute("Height"));
                if (right > width + 3 || bottom > height)
                {
                    complaints.Add($"Control {dialog["Id"]}/{(string?)control.Attribute("Id")} reaches "
                        + $"{right} x {bottom}, outside its {width} x {height} dialog");
                }
            }
        }

        var uiIds = authoring.Elements("UI").Select(u => u["Id"]).ToHashSet(StringComparer.Ordinal);
        var sets = authoring.WxsFiles.SelectMany(f => authoring.Document(f).Descendants(AuthoringSet.Ui + "WixUI"))
            .Select(w => (string)w.Attribute("Id")!);
        foreach (var set in sets)
        {
            complaints.AddRange(new[] { "X86", "X64", "A64" }.Where(arch => !uiIds.Contains($"{set}_{arch}"))
                .Select(arch => $"ui:WixUI Id=\"{set}\" resolves to {set}_{arch}, which no UI element declares"));
        }

        return complaints;
    }

    /// <summary>ICE17 (a warning, an error under TreatWarningsAsErrors) rejects a list control
    /// whose property has no rows in its table, which is what a list filled at run time looks
    /// like: the wixproj must suppress ICE17 then, and this rule checks for our dialogs the part
    /// of ICE17 that is lost, that every PushButton publishes an event.</summary>
    public static IReadOnlyList<string> Ice17IsHandled(AuthoringSet authoring)
    {
        const string project = "installer/CertDeploy.Installer.wixproj";
        var complaints = new List<string>();
        var listed = authoring.Elements("ListItem")
            .Select(i => (string?)i.Element.Parent?.Attribute("Property"))
            .ToHashSet(StringComparer.Ordinal);
        var runTimeLists = authoring.Elements("Control")
            .Where(c => c["Type"] is "ComboBox" or "ListBox" && !listed.Contains(c["Property"]))
            .ToList();
        var suppressed = XDocument.Parse(authoring.Files[project]).Descendants("SuppressIces")
            .SelectMany(s => s.Value.Split(';', StringSplitOptions.TrimEntries))
            .Contains("ICE17", StringComparer.OrdinalIgnoreCase);
        if (runTimeLists.Count > 0 && !suppressed)
        {
            complaints.AddRange(runTimeLists.Select(c => $"{c["Type"]} {Dialog(c.Element)}/{c["Id"]} is filled "
                + $"at run time, so ICE17 fails the build: {project} must suppress ICE17"));
        }

        var published = authoring.Elements("Publish")
            .Select(p => p["Control"] != null
                ? $"{p["Dialog"]}/{p["Control"]}"
                : $"{Dialog(p.Element)}/{(string?)p.Element.Parent?.Attribute("Id")}")
            .ToHashSet(StringComparer.Ordinal);
        complaints.AddRange(authoring.Elements("Control")
            .Where(c => c["Type"] == "PushButton" && !published.Contains($"{Dialog(c.Element)}/{c["Id"]}"))
            .Select(c => $"PushButton {Dialog(c.Element)}/{c["Id"]} publishes no event"));

        return complaints;
    }

    /// <summary>The WiX SDK version in the wixproj equals the pinned WixToolsetVersion.</summary>
    public static IReadOnlyList<string> WixVersionIsPinnedOnce(AuthoringSet authoring)
    {
        const string project = "installer/CertDeploy.Installer.wixproj";
        const string pin = "installer/WixToolset.Version.props";
        var sdk = (string?)XDocument.Parse(authoring.Files[project]).Root!.Attribute("Sdk") ?? "";
        var pinned = XDocument.Parse(authoring.Files[pin]).Descendants("WixToolsetVersion").Single().Value;

        return sdk == "WixToolset.Sdk/" + pinned
            ? Array.Empty<string>()
            : new[] { $"{project} uses {sdk} but {pin} pins WixToolsetVersion {pinned}" };
    }

    /// <summary>The custom action source parses: a syntax error would hide entry points.</summary>
    public static IReadOnlyList<string> CustomActionSourceParses(AuthoringSet authoring) =>
        authoring.CSharpFiles
            .SelectMany(file => CSharpSyntaxTree.ParseText(authoring.Files[file]).GetDiagnostics()
                .Where(d => d.Severity == DiagnosticSeverity.Error)
                .Select(d =>
                {
                    var at = d.Location.GetLineSpan().StartLinePosition;
                    return $"{file}({at.Line + 1},{at.Character + 1}): {d.Id}: {d.GetMessage()}";
                }))
            .ToList();

    private static IEnumerable<Located> DeferredActions(AuthoringSet authoring) =>
        authoring.Elements("CustomAction").Where(c => c["Execute"] is "deferred" or "rollback" or "commit");

    private static string Dialog(XElement element) =>
        (string?)element.AncestorsAndSelf(AuthoringSet.Wix + "Dialog").FirstOrDefault()?.Attribute("Id") ?? "?";

    private static void AddUse(List<(string, string)> uses, string where, string? property)
    {
        if (!string.IsNullOrEmpty(property))
        {
            uses.Add((where, property));
        }
    }

    private static void AddFormatted(List<(string, string)> uses, string where, string? text)
    {
        if (text == null)
        {
            return;
        }

        foreach (Match match in Regex.Matches(text, @"\[([A-Za-z_][A-Za-z0-9_.]*)\]"))
        {
            uses.Add((where, match.Groups[1].Value));
        }
    }

    private static void AddConditionUses(List<(string, string)> uses, string where, XElement element)
    {
        var conditions = element.Attributes()
            .Where(a => a.Name.LocalName.EndsWith("Condition", StringComparison.Ordinal))
            .Select(a => Regex.Replace(a.Value, "\"[^\"]*\"", ""));
        foreach (var condition in conditions)
        {
            foreach (Match match in Regex.Matches(condition, @"\b(CertDeploy\w*|CERTDEPLOY_\w*)\b"))
            {
                uses.Add((where, match.Groups[1].Value));
            }
        }
    }

    private static int Number(string? text) => int.TryParse(text, out var value) ? value : 0;
}
