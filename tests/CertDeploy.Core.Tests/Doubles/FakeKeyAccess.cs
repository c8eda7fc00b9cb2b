using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using CertDeploy.Core.Ports;

namespace CertDeploy.Core.Tests.Doubles;

/// <summary>
/// Key file security descriptors kept as SDDL strings in memory. Reading access understands the
/// allow entries that matter here: GR, FR, FA, GA and the well-known aliases SY and BA.
/// </summary>
public sealed class FakeKeyAccess(FaultInjector? faults = null) : IKeyAccess
{
    /// <summary>What a machine key file typically carries: SYSTEM and Administrators, full control.</summary>
    public const string DefaultSddl = "O:SYG:SYD:PAI(A;;FA;;;SY)(A;;FA;;;BA)";

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["SY"] = "S-1-5-18",
        ["BA"] = "S-1-5-32-544",
        ["LS"] = "S-1-5-19",
        ["NS"] = "S-1-5-20",
    };

    private readonly object _gate = new();

    public Dictionary<string, string> Descriptors { get; } = new(StringComparer.OrdinalIgnoreCase);

    public void AddKey(string keyFilePath, string sddl = DefaultSddl)
    {
        lock (_gate)
        {
            Descriptors[keyFilePath] = sddl;
        }
    }

    public string ReadDescriptor(string keyFilePath)
    {
        faults?.Enter("KeyAccess", "ReadDescriptor", keyFilePath);
        lock (_gate)
        {
            return Get(keyFilePath);
        }
    }

    public bool HasRead(string keyFilePath, string sid)
    {
        faults?.Enter("KeyAccess", "HasRead", $"{keyFilePath} {sid}");
        lock (_gate)
        {
            return Allows(Get(keyFilePath), sid);
        }
    }

    public void GrantRead(string keyFilePath, string sid)
    {
        faults?.Enter("KeyAccess", "GrantRead", $"{keyFilePath} {sid}");
        lock (_gate)
        {
            Descriptors[keyFilePath] = Get(keyFilePath) + $"(A;;GR;;;{sid})";
        }
    }

    public void WriteDescriptor(string keyFilePath, string sddl)
    {
        faults?.Enter("KeyAccess", "WriteDescriptor", keyFilePath);
        lock (_gate)
        {
            Get(keyFilePath);
            Descriptors[keyFilePath] = sddl;
        }
    }

    public static bool Allows(string sddl, string sid)
    {
        var wanted = Aliases.TryGetValue(sid, out var full) ? full : sid;
        return Regex.Matches(sddl, @"\(A;[^;]*;([^;]*);[^;]*;[^;]*;([^)]*)\)")
            .Cast<Match>()
            .Any(m => IsRead(m.Groups[1].Value) && SameSid(m.Groups[2].Value, wanted));
    }

    private static bool IsRead(string rights) =>
        rights.Contains("GR", StringComparison.Ordinal) || rights.Contains("FR", StringComparison.Ordinal)
        || rights.Contains("FA", StringComparison.Ordinal) || rights.Contains("GA", StringComparison.Ordinal);

    private static bool SameSid(string entry, string wanted) =>
        string.Equals(Aliases.TryGetValue(entry, out var full) ? full : entry, wanted,
            StringComparison.OrdinalIgnoreCase);

    private string Get(string keyFilePath) =>
        Descriptors.TryGetValue(keyFilePath, out var sddl)
            ? sddl
            : throw new InvalidOperationException($"No key file {keyFilePath} in the fake key store");
}
