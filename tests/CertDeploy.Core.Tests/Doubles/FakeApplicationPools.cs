using System;
using System.Collections.Generic;
using System.Linq;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Ports;

namespace CertDeploy.Core.Tests.Doubles;

/// <summary>One application pool of the fake IIS; its fields can be changed by the test.</summary>
public sealed class FakePool
{
    public required string Name { get; init; }

    public ApplicationPoolState State { get; set; } = ApplicationPoolState.Started;

    /// <summary>
    /// Asked after each recycle or start: the state the pool settles in. Return Stopped to model
    /// rapid-fail protection stopping a pool whose worker process keeps failing.
    /// </summary>
    public Func<FakePool, ApplicationPoolState>? StateAfterStart { get; set; }

    /// <summary>How many times the pool was recycled or started (a new worker process).</summary>
    public int Generation { get; set; }
}

/// <summary>
/// In-memory IIS application pools. Records every recycle and start in order, and fails at any
/// call through the shared <see cref="FaultInjector"/> ("ApplicationPools.Recycle Authentication").
/// </summary>
public sealed class FakeApplicationPools(FaultInjector? faults = null) : IApplicationPools
{
    private readonly object _gate = new();
    private readonly Dictionary<string, FakePool> _pools = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _history = new();

    /// <summary>"Recycle POOL" and "Start POOL" in the order they happened.</summary>
    public IReadOnlyList<string> History
    {
        get { lock (_gate) { return _history.ToList(); } }
    }

    public IReadOnlyList<string> Names
    {
        get { lock (_gate) { return _pools.Keys.OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToList(); } }
    }

    public FakePool Add(FakePool pool)
    {
        lock (_gate)
        {
            _pools[pool.Name] = pool;
        }

        return pool;
    }

    public FakePool this[string name]
    {
        get { lock (_gate) { return _pools[name]; } }
    }

    public ApplicationPoolState GetState(string poolName)
    {
        faults?.Enter("ApplicationPools", "GetState", poolName);
        lock (_gate)
        {
            return Get(poolName).State;
        }
    }

    public void Recycle(string poolName)
    {
        faults?.Enter("ApplicationPools", "Recycle", poolName);
        lock (_gate)
        {
            var pool = Get(poolName);
            if (pool.State != ApplicationPoolState.Started)
            {
                // appcmd answers so for a pool that is not started.
                throw new CertDeployException(
                    $"IIS application pool {pool.Name} cannot be recycled: it is {pool.State}.");
            }

            _history.Add($"Recycle {pool.Name}");
            Settle(pool);
        }
    }

    public void Start(string poolName)
    {
        faults?.Enter("ApplicationPools", "Start", poolName);
        lock (_gate)
        {
            var pool = Get(poolName);
            _history.Add($"Start {pool.Name}");
            Settle(pool);
        }
    }

    public ApplicationPoolState WaitWhilePending(string poolName, TimeSpan timeout)
    {
        faults?.Enter("ApplicationPools", "WaitWhilePending", poolName);
        lock (_gate)
        {
            return Get(poolName).State;
        }
    }

    private static void Settle(FakePool pool)
    {
        pool.Generation++;
        pool.State = ApplicationPoolState.Started;
        if (pool.StateAfterStart != null)
        {
            pool.State = pool.StateAfterStart(pool);
        }
    }

    private FakePool Get(string name) =>
        _pools.TryGetValue(name, out var pool)
            ? pool
            : throw new CertDeployException($"IIS application pool {name} does not exist.");
}
