using System;
using System.IO;
using System.Text;
using CertDeploy.Core.Configuration;
using CertDeploy.Core.Ports;

namespace CertDeploy.Core.Tests.Configuration;

/// <summary>A fresh folder under the system temp folder, deleted with everything in it on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(),
            "certdeploy-config-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string fileName, byte[] content)
    {
        var path = System.IO.Path.Combine(Path, fileName);
        File.WriteAllBytes(path, content);
        return path;
    }

    public string Write(string fileName, string text, bool bom = false) =>
        Write(fileName, Encode(text, bom));

    public static byte[] Encode(string text, bool bom = false) =>
        bom ? [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)] : Encoding.UTF8.GetBytes(text);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}

/// <summary>What the deployment does with one file: read it, compute the change, write it if any.</summary>
internal static class FileUpdate
{
    public static bool Apply(string path, string signing, string encryption)
    {
        var files = new PhysicalFileSystem();
        var changed = AppSettingsEditor.SetThumbprints(path, files.ReadAllBytes(path), signing, encryption);
        if (changed == null)
        {
            return false;
        }

        files.WriteAllBytesAtomic(path, changed);
        return true;
    }
}
