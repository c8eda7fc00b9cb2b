using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CertDeploy.Core.Ports;

namespace CertDeploy.Core.Tests.Targets;

/// <summary>
/// An in-memory file system that answers for Windows paths ("C:\Program Files\KPR\KPR.exe")
/// on any OS: names compare case-insensitively and '/' equals '\', as on Windows. Records every
/// FileExists probe so tests can check the order in which candidates were tried.
/// </summary>
public sealed class WindowsPathFileSystem : IFileSystem
{
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _probes = new();

    public WindowsPathFileSystem(params string[] files)
    {
        foreach (var file in files)
        {
            Add(file);
        }
    }

    /// <summary>The paths FileExists was asked about, in order.</summary>
    public IReadOnlyList<string> Probes => _probes;

    public WindowsPathFileSystem Add(string path, byte[]? content = null)
    {
        _files[Key(path)] = content ?? Array.Empty<byte>();
        return this;
    }

    public bool FileExists(string path)
    {
        _probes.Add(path);
        return _files.ContainsKey(Key(path));
    }

    public bool DirectoryExists(string path)
    {
        var prefix = Key(path).TrimEnd('\\') + "\\";
        return _files.Keys.Any(f => f.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
    }

    public byte[] ReadAllBytes(string path) =>
        _files.TryGetValue(Key(path), out var content)
            ? content.ToArray()
            : throw new FileNotFoundException($"No file {path}", path);

    public void WriteAllBytesAtomic(string path, byte[] content) => _files[Key(path)] = content.ToArray();

    public void AppendDurably(string path, byte[] content) =>
        _files[Key(path)] = (_files.TryGetValue(Key(path), out var old) ? old : Array.Empty<byte>())
            .Concat(content).ToArray();

    public void CreateDirectory(string path)
    {
        // Folders exist implicitly through the files in them.
    }

    public void DeleteFile(string path) => _files.Remove(Key(path));

    public void DeleteDirectory(string path)
    {
        var prefix = Key(path).TrimEnd('\\') + "\\";
        var inside = _files.Keys.Where(f => f.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
        foreach (var file in inside.ToList())
        {
            _files.Remove(file);
        }
    }

    public IReadOnlyList<string> ListDirectories(string path)
    {
        var prefix = Key(path).TrimEnd('\\') + "\\";
        return _files.Keys
            .Where(f => f.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(f => f.Substring(prefix.Length))
            .Where(rest => rest.Contains('\\'))
            .Select(rest => prefix + rest.Substring(0, rest.IndexOf('\\')))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    public IReadOnlyList<string> ListFiles(string path)
    {
        var prefix = Key(path).TrimEnd('\\') + "\\";
        return _files.Keys
            .Where(f => f.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                && !f.Substring(prefix.Length).Contains('\\'))
            .ToList();
    }

    // Deliberately simpler than WindowsPath.Normalize, so that the fake does not hide its bugs.
    private static string Key(string path) => path.Replace('/', '\\');
}
