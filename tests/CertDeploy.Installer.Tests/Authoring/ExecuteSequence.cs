using System;
using System.Collections.Generic;
using System.Linq;

namespace CertDeploy.Installer.Tests.Authoring;

/// <summary>One action of a sequence table as the authoring schedules it.</summary>
/// <param name="Id">The action name in the sequence table.</param>
/// <param name="Kind">"CustomAction" for a Custom element, "SetProperty" for a SetProperty.</param>
/// <param name="Execute">immediate, deferred, rollback or commit (SetProperty: immediate).</param>
/// <param name="Condition">The condition, whitespace collapsed; null when unconditional.</param>
/// <param name="Anchor">The standard action the chain of Before/After hangs off.</param>
/// <param name="AnchorSequence">The standard sequence number of the anchor.</param>
/// <param name="AfterAnchor">Whether the action runs after its anchor (else before it).</param>
/// <param name="Property">For a SetProperty: the property it sets.</param>
public sealed record SequencedAction(
    string Id,
    string Kind,
    string Execute,
    string? Condition,
    string Anchor,
    int AnchorSequence,
    bool AfterAnchor,
    string? Property);

/// <summary>
/// Reads a sequence table from the .wxs files the way the WiX linker orders relatively
/// scheduled actions: each chain of Before/After is laid out around the standard action it
/// hangs off, and the chains are ordered by that action's standard sequence number. It gives
/// the order in which Windows Installer meets the actions, with their conditions and types, so
/// that a model of the install script can be fed from the authoring itself.
/// </summary>
public sealed class ExecuteSequence
{
    /// <summary>Standard actions that the authoring may hang off, with their standard numbers.</summary>
    public static readonly IReadOnlyDictionary<string, int> StandardActions = new Dictionary<string, int>
    {
        ["AppSearch"] = 50, ["LaunchConditions"] = 100, ["FindRelatedProducts"] = 25,
        ["CostInitialize"] = 800, ["FileCost"] = 900, ["CostFinalize"] = 1000,
        ["ExecuteAction"] = 1300, ["InstallValidate"] = 1400, ["InstallInitialize"] = 1500,
        ["ProcessComponents"] = 1600, ["StopServices"] = 1900, ["RemoveFiles"] = 3500,
        ["InstallFiles"] = 4000, ["WriteRegistryValues"] = 5000, ["InstallServices"] = 5800,
        ["StartServices"] = 5900, ["RegisterUser"] = 6000, ["RegisterProduct"] = 6100,
        ["PublishFeatures"] = 6300, ["PublishProduct"] = 6400, ["InstallFinalize"] = 6600,
    };

    private ExecuteSequence(IReadOnlyList<SequencedAction> actions, IReadOnlyList<string> problems)
    {
        Actions = actions;
        Problems = problems;
    }

    /// <summary>The actions in the order Windows Installer meets them.</summary>
    public IReadOnlyList<SequencedAction> Actions { get; }

    /// <summary>Scheduling the reader could not resolve, one sentence each.</summary>
    public IReadOnlyList<string> Problems { get; }

    public int IndexOf(string id) => Actions.ToList().FindIndex(a => a.Id == id);

    /// <summary>Reads InstallExecuteSequence (or "InstallUISequence") from the authoring.</summary>
    public static ExecuteSequence Read(AuthoringSet authoring, string table = "InstallExecuteSequence")
    {
        var customActions = authoring.Elements("CustomAction")
            .Where(c => c["Id"] != null)
            .GroupBy(c => c["Id"]!)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var nodes = new List<(SequencedAction Action, string? Before, string? After)>();
        var problems = new List<string>();

        foreach (var custom in authoring.Elements(table).SelectMany(t => t.Element.Elements(AuthoringSet.Wix + "Custom")
                     .Select(e => new Located(t.File, e))))
        {
            var id = custom["Action"] ?? "";
            var execute = customActions.TryGetValue(id, out var ca) ? ca["Execute"] ?? "immediate" : "immediate";
            nodes.Add((new SequencedAction(id, "CustomAction", execute, Collapse(custom["Condition"]), "", 0,
                false, null),
                custom["Before"], custom["After"]));
        }

        foreach (var set in authoring.Elements("SetProperty").Where(s => InTable(s["Sequence"], table)))
        {
            var id = set["Action"] ?? "Set" + set["Id"];
            nodes.Add((new SequencedAction(id, "SetProperty", "immediate", Collapse(set["Condition"]), "", 0,
                false, set["Id"]),
                set["Before"], set["After"]));
        }

        var byId = nodes.GroupBy(n => n.Action.Id).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var before = nodes.Where(n => n.Before != null).ToLookup(n => n.Before!, n => n.Action.Id);
        var after = nodes.Where(n => n.After != null).ToLookup(n => n.After!, n => n.Action.Id);
        var anchors = new SortedDictionary<int, string>();

        foreach (var (action, beforeId, afterId) in nodes)
        {
            var parent = afterId ?? beforeId;
            if (parent == null)
            {
                problems.Add($"{action.Id} is not scheduled Before or After another action");
            }
            else if (!byId.ContainsKey(parent))
            {
                if (StandardActions.TryGetValue(parent, out var number))
                {
                    anchors[number] = parent;
                }
                else
                {
                    problems.Add($"{action.Id} is scheduled relative to {parent}, which is neither an "
                        + "action of the authoring nor a standard action this reader knows");
                }
            }
        }

        var ordered = new List<SequencedAction>();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (number, anchor) in anchors)
        {
            Flatten(anchor, anchor, number, isAnchor: true, afterAnchor: false);
        }

        foreach (var node in nodes.Where(n => !visited.Contains(n.Action.Id)))
        {
            problems.Add($"{node.Action.Id} is in a Before/After cycle or hangs off an unknown action");
        }

        return new ExecuteSequence(ordered, problems);

        void Flatten(string id, string anchor, int number, bool isAnchor, bool afterAnchor)
        {
            if (!isAnchor && !visited.Add(id))
            {
                return;
            }

            foreach (var previous in before[id])
            {
                Flatten(previous, anchor, number, isAnchor: false, afterAnchor);
            }

            if (!isAnchor)
            {
                ordered.Add(byId[id].Action with
                {
                    Anchor = anchor, AnchorSequence = number, AfterAnchor = afterAnchor,
                });
            }

            foreach (var next in after[id])
            {
                Flatten(next, anchor, number, isAnchor: false, afterAnchor: afterAnchor || isAnchor);
            }
        }
    }

    private static bool InTable(string? sequence, string table) =>
        (sequence ?? "both") switch
        {
            "both" or "first" => true,
            "execute" => table == "InstallExecuteSequence",
            "ui" => table == "InstallUISequence",
            _ => false,
        };

    private static string? Collapse(string? condition) =>
        condition == null ? null : string.Join(" ", condition.Split((char[]?)null,
            StringSplitOptions.RemoveEmptyEntries));
}
