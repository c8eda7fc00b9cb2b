using System;
using System.IO;

namespace CertDeploy.Core.Tests.Support;

/// <summary>
/// The project's shared/ folder (certificates, WiX schemas), which lies beside the repository:
/// found by walking up from the test binaries to the folder holding CertDeploy.sln.
/// </summary>
public static class SharedFolder
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The shared/ folder, or null where it is not laid beside the repository.</summary>
    public static string? Path
    {
        get
        {
            var candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(RepositoryRoot, "..", "shared"));
            return Directory.Exists(candidate) ? candidate : null;
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "CertDeploy.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No CertDeploy.sln above {AppContext.BaseDirectory}");
    }
}
