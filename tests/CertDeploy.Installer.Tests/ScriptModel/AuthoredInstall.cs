using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using CertDeploy.Core.Tests.ScriptModel;
using CertDeploy.Installer.Tests.Authoring;

namespace CertDeploy.Installer.Tests.ScriptModel;

/// <summary>What the immediate phase of the execute sequence did, and the script it left.</summary>
/// <param name="Ran">The authored actions whose condition held, in sequence order.</param>
/// <param name="FailedAction">The immediate action that ended the installation, or null.</param>
/// <param name="Failure">Why it ended: the exception, or the error text of an Error action.</param>
/// <param name="Script">The deferred, rollback and commit actions written to the script.</param>
/// <param name="CustomActionData">Each scripted action's CustomActionData, fixed when scheduled.</param>
/// <param name="Properties">The properties at the end of the immediate phase.</param>
public sealed record ImmediatePhase(
    IReadOnlyList<string> Ran,
    string? FailedAction,
    Exception? Failure,
    IReadOnlyList<ScheduledAction> Script,
    IReadOnlyDictionary<string, string> CustomActionData,
    IReadOnlyDictionary<string, string> Properties)
{
    public bool Succeeded => FailedAction == null;
}

/// <summary>An Error custom action (type 19) fired: the installation ends with its message.</summary>
public sealed class InstallationRefusedException(string action, string messageId, string message)
    : Exception(message)
{
    public string Action { get; } = action;

    /// <summary>The localisation id of the message, from "!(loc.Id)".</summary>
    public string MessageId { get; } = messageId;
}

/// <summary>
/// The execute sequence as the .wxs files author it, run the way Windows Installer runs it: the
/// immediate phase walks the authored actions in sequence order, skips those whose condition is
/// false, runs SetProperty and immediate custom actions at once, and writes deferred, rollback
/// and commit actions to the script with the value of the property named like the action as
/// their CustomActionData. <see cref="Script"/> then turns that into an <see cref="InstallScript"/>
/// whose actions call the DllEntry each CustomAction names. Standard actions are not modelled.
/// </summary>
public sealed class AuthoredInstall
{
    private static readonly Regex PropertyReference = new(@"\[([A-Za-z_][A-Za-z0-9_.]*)\]");

    private readonly AuthoringSet _authoring;
    private readonly Dictionary<string, Located> _customActions;

    public AuthoredInstall(AuthoringSet authoring, string localization = "installer/CertDeploy.en-US.wxl")
    {
        _authoring = authoring;
        Sequence = ExecuteSequence.Read(authoring);
        if (Sequence.Problems.Count > 0)
        {
            throw new InvalidOperationException("The execute sequence cannot be read: "
                + string.Join("; ", Sequence.Problems));
        }

        _customActions = authoring.Elements("CustomAction").Where(c => c["Id"] != null)
            .ToDictionary(c => c["Id"]!, StringComparer.Ordinal);
        Strings = authoring.Document(localization).Descendants(AuthoringSet.Wxl + "String")
            .ToDictionary(s => (string)s.Attribute("Id")!, s => (string)s.Attribute("Value")!,
                StringComparer.Ordinal);
    }

    public ExecuteSequence Sequence { get; }

    /// <summary>The localised strings that Error actions and property values refer to.</summary>
    public IReadOnlyDictionary<string, string> Strings { get; }

    /// <summary>
    /// Runs the immediate phase. <paramref name="runImmediate"/> runs an immediate custom action
    /// by its DllEntry on the live property set (as a DTF session would); an exception from it
    /// ends the installation, as Return="check" does.
    /// </summary>
    public ImmediatePhase RunImmediate(IReadOnlyDictionary<string, string> given,
        Action<string, IDictionary<string, string>> runImmediate)
    {
        var properties = given.Where(p => p.Value.Length > 0)
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var ran = new List<string>();
        var script = new List<ScheduledAction>();
        var data = new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (var action in Sequence.Actions)
        {
            if (!MsiCondition.Evaluate(action.Condition, properties))
            {
                continue;
            }

            ran.Add(action.Id);
            try
            {
                Run(action, properties, script, data, runImmediate);
            }
            catch (Exception failure) when (failure is not ConditionSyntaxException)
            {
                return new ImmediatePhase(ran, action.Id, failure, Array.Empty<ScheduledAction>(), data,
                    properties);
            }
        }

        return new ImmediatePhase(ran, null, null, script, data, properties);
    }

    /// <summary>
    /// The script of a successful immediate phase; <paramref name="bind"/> gets the DllEntry and
    /// the CustomActionData of each action and returns what the entry point does with them.
    /// </summary>
    public InstallScript Script(ImmediatePhase phase, Func<string, string, Action> bind)
    {
        if (!phase.Succeeded)
        {
            throw new InvalidOperationException($"The immediate phase ended at {phase.FailedAction}: no script");
        }

        return new InstallScript(phase.Script, name =>
            bind(DllEntry(name), phase.CustomActionData[name]));
    }

    /// <summary>The DllEntry of a CustomAction; the entry point the installer calls for it.</summary>
    public string DllEntry(string action) =>
        _customActions.TryGetValue(action, out var custom) && custom["DllEntry"] is { } entry
            ? entry
            : throw new InvalidOperationException($"The CustomAction {action} names no DllEntry");

    private void Run(SequencedAction action, Dictionary<string, string> properties, List<ScheduledAction> script,
        Dictionary<string, string> data, Action<string, IDictionary<string, string>> runImmediate)
    {
        if (action.Kind == "SetProperty")
        {
            var value = Format(SetPropertyValue(action.Id), properties);
            SetOrRemove(properties, action.Property!, value);
            return;
        }

        var custom = _customActions.TryGetValue(action.Id, out var found)
            ? found
            : throw new InvalidOperationException($"The sequence schedules {action.Id}, which no CustomAction "
                + "defines");
        switch (action.Execute)
        {
            case "immediate" when custom["Error"] is { } error:
                var id = LocalizationId(error, action.Id);
                throw new InstallationRefusedException(action.Id, id, Format(Strings[id], properties));
            case "immediate":
                runImmediate(DllEntry(action.Id), properties);
                break;
            case "deferred" or "rollback" or "commit":
                // The property named like the action is read when the action is written to the
                // script, not when it runs: later changes to the property do not reach it.
                data[action.Id] = properties.TryGetValue(action.Id, out var value) ? value : "";
                script.Add(new ScheduledAction(action.Id, action.Execute switch
                {
                    "deferred" => ActionKind.Deferred,
                    "rollback" => ActionKind.Rollback,
                    _ => ActionKind.Commit,
                }));
                break;
            default:
                throw new InvalidOperationException($"{action.Id} has Execute=\"{action.Execute}\", which this "
                    + "model does not run");
        }
    }

    private string SetPropertyValue(string actionId)
    {
        var matches = _authoring.Elements("SetProperty")
            .Where(s => (s["Action"] ?? "Set" + s["Id"]) == actionId)
            .ToList();

        return matches.Count == 1
            ? matches[0]["Value"] ?? ""
            : throw new InvalidOperationException($"{matches.Count} SetProperty elements for {actionId}");
    }

    private static string LocalizationId(string error, string action)
    {
        var match = Regex.Match(error, @"^!\(loc\.([A-Za-z0-9_]+)\)$");
        return match.Success
            ? match.Groups[1].Value
            : throw new InvalidOperationException($"{action}: Error=\"{error}\" is no !(loc.Id) reference");
    }

    /// <summary>Formats [Property] references; any other bracket form is not modelled and throws.</summary>
    private static string Format(string value, IReadOnlyDictionary<string, string> properties)
    {
        var formatted = PropertyReference.Replace(value,
            m => properties.TryGetValue(m.Groups[1].Value, out var v) ? v : "");

        var rest = PropertyReference.Replace(value, "");
        if (rest.Contains('[', StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"'{value}' holds a formatted reference this model does not know");
        }

        return formatted;
    }

    private static void SetOrRemove(Dictionary<string, string> properties, string name, string value)
    {
        // Windows Installer has no empty property: setting "" removes it.
        if (value.Length == 0)
        {
            properties.Remove(name);
        }
        else
        {
            properties[name] = value;
        }
    }
}
