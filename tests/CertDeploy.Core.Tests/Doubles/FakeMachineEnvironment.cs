using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using CertDeploy.Core.Ports;

namespace CertDeploy.Core.Tests.Doubles;

/// <summary>Machine environment variables held in a dictionary; %NAME% expands case-insensitively.</summary>
public sealed class FakeMachineEnvironment : IMachineEnvironment
{
    public Dictionary<string, string> Variables { get; } = new(StringComparer.OrdinalIgnoreCase);

    public string ExpandVariables(string text) =>
        Regex.Replace(text, "%([^%]+)%", m =>
            Variables.TryGetValue(m.Groups[1].Value, out var value) ? value : m.Value);

    public string? GetMachineVariable(string name) => Variables.TryGetValue(name, out var v) ? v : null;
}
