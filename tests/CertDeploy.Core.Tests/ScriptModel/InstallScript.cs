using System;
using System.Collections.Generic;

namespace CertDeploy.Core.Tests.ScriptModel;

/// <summary>How Windows Installer treats a custom action in the execute sequence.</summary>
public enum ActionKind
{
    /// <summary>Runs while the script is made; here it has already run (it produced the plan).</summary>
    Immediate,

    /// <summary>Runs when the script reaches it; a failure ends the installation.</summary>
    Deferred,

    /// <summary>Registered when the script passes it; runs only on failure, newest first.</summary>
    Rollback,

    /// <summary>Registered when the script passes it; runs at the end of a successful script.</summary>
    Commit,
}

/// <summary>One scheduled custom action.</summary>
public sealed record ScheduledAction(string Name, ActionKind Kind);

/// <summary>What happened to one run of the script.</summary>
public sealed record ScriptResult(
    bool Succeeded,
    string? FailedAction,
    Exception? Failure,
    IReadOnlyList<string> Ran,
    IReadOnlyList<(string Action, Exception Error)> CleanupFailures);

/// <summary>
/// A small model of how Windows Installer runs an install script: deferred actions in scheduled
/// order; a rollback or commit action is registered when the script passes it; when a deferred
/// action fails, the rollback actions registered so far run newest first; otherwise the commit
/// actions run in order. Each action runs as a fresh process would: the binding creates
/// everything it needs anew from its CustomActionData. A failing rollback or commit action is
/// recorded and the installer goes on with the next, as msiexec does.
/// </summary>
public sealed class InstallScript(IReadOnlyList<ScheduledAction> order, Func<string, Action> bind)
{
    /// <summary>The execute sequence of DESIGN.md's Windows Installer contract.</summary>
    public static IReadOnlyList<ScheduledAction> DesignOrder { get; } = new[]
    {
        new ScheduledAction("CertDeploy_Prepare", ActionKind.Immediate),
        new ScheduledAction("CertDeploy_RestartRollback", ActionKind.Rollback),
        new ScheduledAction("CertDeploy_WriteRollback", ActionKind.Rollback),
        new ScheduledAction("CertDeploy_Write", ActionKind.Deferred),
        new ScheduledAction("CertDeploy_GrantRollback", ActionKind.Rollback),
        new ScheduledAction("CertDeploy_Grant", ActionKind.Deferred),
        new ScheduledAction("CertDeploy_Restart", ActionKind.Deferred),
        new ScheduledAction("CertDeploy_Commit", ActionKind.Commit),
    };

    public ScriptResult Run()
    {
        var ran = new List<string>();
        var rollback = new Stack<string>();
        var commit = new List<string>();
        var cleanupFailures = new List<(string, Exception)>();

        foreach (var action in order)
        {
            switch (action.Kind)
            {
                case ActionKind.Rollback:
                    rollback.Push(action.Name);
                    break;
                case ActionKind.Commit:
                    commit.Add(action.Name);
                    break;
                case ActionKind.Deferred:
                    ran.Add(action.Name);
                    try
                    {
                        bind(action.Name)();
                    }
                    catch (Exception failure)
                    {
                        RunAll(rollback, ran, cleanupFailures);
                        return new ScriptResult(false, action.Name, failure, ran, cleanupFailures);
                    }

                    break;
            }
        }

        RunAll(commit, ran, cleanupFailures);
        return new ScriptResult(true, null, null, ran, cleanupFailures);
    }

    private void RunAll(IEnumerable<string> actions, List<string> ran, List<(string, Exception)> failures)
    {
        foreach (var name in actions)
        {
            ran.Add(name);
            try
            {
                bind(name)();
            }
            catch (Exception error)
            {
                failures.Add((name, error));
            }
        }
    }
}
