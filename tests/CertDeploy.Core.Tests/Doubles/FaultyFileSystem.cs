using System.Collections.Generic;
using CertDeploy.Core.Ports;

namespace CertDeploy.Core.Tests.Doubles;

/// <summary>The real file system, with a fault injection point before every change.</summary>
public sealed class FaultyFileSystem(FaultInjector faults) : IFileSystem
{
    private readonly PhysicalFileSystem _inner = new();

    public bool FileExists(string path) => _inner.FileExists(path);

    public bool DirectoryExists(string path) => _inner.DirectoryExists(path);

    public byte[] ReadAllBytes(string path) => _inner.ReadAllBytes(path);

    public IReadOnlyList<string> ListDirectories(string path) => _inner.ListDirectories(path);

    public IReadOnlyList<string> ListFiles(string path) => _inner.ListFiles(path);

    public void WriteAllBytesAtomic(string path, byte[] content)
    {
        faults.Enter("Files", "WriteAllBytesAtomic", path);
        _inner.WriteAllBytesAtomic(path, content);
    }

    public void AppendDurably(string path, byte[] content)
    {
        faults.Enter("Files", "AppendDurably", path);
        _inner.AppendDurably(path, content);
    }

    public void CreateDirectory(string path)
    {
        faults.Enter("Files", "CreateDirectory", path);
        _inner.CreateDirectory(path);
    }

    public void DeleteFile(string path)
    {
        faults.Enter("Files", "DeleteFile", path);
        _inner.DeleteFile(path);
    }

    public void DeleteDirectory(string path)
    {
        faults.Enter("Files", "DeleteDirectory", path);
        _inner.DeleteDirectory(path);
    }
}
