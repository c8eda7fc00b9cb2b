using System;
using System.IO;

namespace CertDeploy.Installer.Tests.Support;

/// <summary>
/// The repository root (the folder holding CertDeploy.sln) and the shared/ folder beside it,
/// which holds the WiX schemas.
/// </summary>
public static class RepositoryFolders
{
    public static string Root { get; } = FindRoot();

    /// <summary>shared/wix-xsd beside the repository, or null where it is not laid out.</summary>
    public static string? WixSchemas
    {
        get
        {
            var candidate = Path.GetFullPath(Path.Combine(Root, "..", "shared", "wix-xsd"));
            return File.Exists(Path.Combine(candidate, "wix.xsd")) ? candidate : null;
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CertDeploy.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No CertDeploy.sln above {AppContext.BaseDirectory}");
    }
}
