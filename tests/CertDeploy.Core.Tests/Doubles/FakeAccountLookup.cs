using System;
using System.Collections.Generic;
using System.Linq;
using CertDeploy.Core.Ports;

namespace CertDeploy.Core.Tests.Doubles;

/// <summary>Account names and SIDs from a dictionary, for domain and local users.</summary>
public sealed class FakeAccountLookup(FaultInjector? faults = null) : IAccountLookup
{
    public Dictionary<string, string> SidsByName { get; } = new(StringComparer.OrdinalIgnoreCase);

    public string? TryGetSid(string accountName)
    {
        faults?.Enter("AccountLookup", "TryGetSid", accountName);
        return SidsByName.TryGetValue(accountName, out var sid) ? sid : null;
    }

    public string? TryGetName(string sid)
    {
        faults?.Enter("AccountLookup", "TryGetName", sid);
        return SidsByName.FirstOrDefault(p => string.Equals(p.Value, sid, StringComparison.OrdinalIgnoreCase)).Key;
    }
}
