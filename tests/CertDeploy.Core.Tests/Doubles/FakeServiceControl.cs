using System;
using System.Collections.Generic;
using System.Linq;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Ports;

namespace CertDeploy.Core.Tests.Doubles;

/// <summary>One service of the fake service control manager; its fields can be changed by the test.</summary>
public sealed class FakeService
{
    public required string Name { get; init; }

    public string? DisplayName { get; set; }

    public ServiceStartType StartType { get; set; } = ServiceStartType.Automatic;

    public ServiceState State { get; set; } = ServiceState.Running;

    public string ImagePath { get; set; } = "";

    public string ObjectName { get; set; } = "LocalSystem";

    public List<string> Environment { get; set; } = new();

    public List<string> DependsOn { get; set; } = new();

    /// <summary>
    /// Asked after a successful start: the state the service is in once it has "settled". Return
    /// Stopped to model a service that starts and then dies (for example on an unreadable key).
    /// </summary>
    public Func<FakeService, ServiceState>? StateAfterStart { get; set; }

    /// <summary>Throws from Start, as the SCM does when a service fails to reach Running in time.</summary>
    public Func<FakeService, bool>? FailsToStart { get; set; }

    /// <summary>How long a stop and a start take on the fake clock.</summary>
    public TimeSpan StopDuration { get; set; } = TimeSpan.Zero;

    public TimeSpan StartDuration { get; set; } = TimeSpan.Zero;

    internal ServiceInfo ToInfo() => new(
        Name, DisplayName ?? Name, StartType, State, ImagePath, ObjectName,
        Environment.ToList(), DependsOn.ToList());
}

/// <summary>
/// An in-memory service control manager. Records every stop and start (with the fake clock's
/// time) so tests can check order, and models services that fail to start or die after starting.
/// </summary>
public sealed class FakeServiceControl(FaultInjector? faults = null, FakeClock? clock = null) : IServiceControl
{
    private readonly object _gate = new();
    private readonly Dictionary<string, FakeService> _services = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _history = new();

    /// <summary>"Stop NAME" and "Start NAME" in the order they happened.</summary>
    public IReadOnlyList<string> History
    {
        get { lock (_gate) { return _history.ToList(); } }
    }

    public FakeService Add(FakeService service)
    {
        lock (_gate)
        {
            _services[service.Name] = service;
        }

        return service;
    }

    public FakeService this[string name]
    {
        get { lock (_gate) { return _services[name]; } }
    }

    public IReadOnlyList<string> ListServiceNames()
    {
        faults?.Enter("ServiceControl", "ListServiceNames", "");
        lock (_gate)
        {
            return _services.Keys.OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToList();
        }
    }

    public ServiceInfo? Describe(string serviceName)
    {
        faults?.Enter("ServiceControl", "Describe", serviceName);
        lock (_gate)
        {
            return _services.TryGetValue(serviceName, out var s) ? s.ToInfo() : null;
        }
    }

    public ServiceState GetState(string serviceName)
    {
        faults?.Enter("ServiceControl", "GetState", serviceName);
        lock (_gate)
        {
            return Get(serviceName).State;
        }
    }

    public void Stop(string serviceName, TimeSpan timeout)
    {
        faults?.Enter("ServiceControl", "Stop", serviceName);
        FakeService service;
        lock (_gate)
        {
            service = Get(serviceName);
            _history.Add($"Stop {service.Name}");
        }

        clock?.Advance(service.StopDuration);
        if (service.StopDuration > timeout)
        {
            throw new CertDeployException(
                $"Service {service.Name} did not stop within {timeout.TotalSeconds} seconds.");
        }

        lock (_gate)
        {
            service.State = ServiceState.Stopped;
        }
    }

    public void Start(string serviceName, TimeSpan timeout)
    {
        faults?.Enter("ServiceControl", "Start", serviceName);
        FakeService service;
        lock (_gate)
        {
            service = Get(serviceName);
            _history.Add($"Start {service.Name}");
        }

        clock?.Advance(service.StartDuration);
        if (service.FailsToStart?.Invoke(service) == true || service.StartDuration > timeout)
        {
            lock (_gate)
            {
                service.State = ServiceState.Stopped;
            }

            throw new CertDeployException(
                $"Service {service.Name} did not start within {timeout.TotalSeconds} seconds.");
        }

        lock (_gate)
        {
            service.State = ServiceState.Running;
            if (service.StateAfterStart != null)
            {
                service.State = service.StateAfterStart(service);
            }
        }
    }

    private FakeService Get(string name) =>
        _services.TryGetValue(name, out var s)
            ? s
            : throw new CertDeployException($"Service {name} does not exist.");
}
