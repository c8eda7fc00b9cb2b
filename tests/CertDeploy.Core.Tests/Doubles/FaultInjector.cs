using System;
using System.Collections.Generic;
using System.Linq;

namespace CertDeploy.Core.Tests.Doubles;

/// <summary>How an injected fault shows itself.</summary>
public enum FaultKind
{
    /// <summary>The call throws, as a Win32 or I/O error would: the product sees an exception.</summary>
    Throw,

    /// <summary>
    /// The process dies at the call: <see cref="SimulatedCrashException"/> must pass through the
    /// product unhandled, and the test then runs the rollback action as a fresh process would.
    /// </summary>
    Crash,
}

/// <summary>An error injected at a port call.</summary>
public sealed class InjectedFaultException(string call) : Exception($"Injected fault at {call}")
{
    public string Call { get; } = call;
}

/// <summary>The process "dies" here; the product must not catch and handle this.</summary>
public sealed class SimulatedCrashException(string call) : Exception($"Simulated crash at {call}")
{
    public string Call { get; } = call;
}

/// <summary>
/// Shared by every test double of one scenario: counts and records each port call
/// ("ServiceControl.Start KPR1") and fails the one chosen by ordinal or by name.
/// </summary>
public sealed class FaultInjector
{
    private readonly object _gate = new();
    private readonly List<string> _calls = new();

    /// <summary>Fail the N-th call (1-based) of any port; null for none.</summary>
    public int? FailAtCall { get; set; }

    /// <summary>Fail the first call whose text starts with this ("KeyAccess.GrantRead"); null for none.</summary>
    public string? FailWhenCallStartsWith { get; set; }

    public FaultKind Kind { get; set; } = FaultKind.Throw;

    /// <summary>When false, calls are counted but never fail (used to count the calls of a clean run).</summary>
    public bool Armed { get; set; } = true;

    public IReadOnlyList<string> Calls
    {
        get { lock (_gate) { return _calls.ToList(); } }
    }

    public int CallCount
    {
        get { lock (_gate) { return _calls.Count; } }
    }

    /// <summary>Whether the chosen fault has fired.</summary>
    public bool Fired { get; private set; }

    /// <summary>Called by every double at the start of every port call, before it changes anything.</summary>
    public void Enter(string port, string operation, string subject)
    {
        var call = $"{port}.{operation} {subject}";
        bool fail;

        lock (_gate)
        {
            _calls.Add(call);
            var byOrdinal = FailAtCall == _calls.Count;
            var byName = FailWhenCallStartsWith != null
                && call.StartsWith(FailWhenCallStartsWith, StringComparison.Ordinal);
            fail = Armed && !Fired && (byOrdinal || byName);
            Fired |= fail;
        }

        if (!fail)
        {
            return;
        }

        if (Kind == FaultKind.Crash)
        {
            throw new SimulatedCrashException(call);
        }

        throw new InjectedFaultException(call);
    }

    /// <summary>Forgets the calls and the fired fault, keeping the configuration.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _calls.Clear();
            Fired = false;
        }
    }
}
