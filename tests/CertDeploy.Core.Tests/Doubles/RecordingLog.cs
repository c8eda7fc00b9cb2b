using System.Collections.Generic;
using System.Linq;
using CertDeploy.Core.Diagnostics;

namespace CertDeploy.Core.Tests.Doubles;

/// <summary>A log that keeps every line, rendered, so that tests can assert on what was logged.</summary>
public sealed class RecordingLog : ILog
{
    private readonly object _gate = new();
    private readonly List<(LogLevel Level, string Text)> _lines = new();

    public IReadOnlyList<(LogLevel Level, string Text)> Lines
    {
        get { lock (_gate) { return _lines.ToList(); } }
    }

    public IEnumerable<string> At(LogLevel level) => Lines.Where(l => l.Level == level).Select(l => l.Text);

    public string AllText => string.Join("\n", Lines.Select(l => $"{l.Level}: {l.Text}"));

    public void Write(LogLevel level, string template, params object?[] values)
    {
        lock (_gate)
        {
            _lines.Add((level, LogExtensions.Render(template, values)));
        }
    }
}
