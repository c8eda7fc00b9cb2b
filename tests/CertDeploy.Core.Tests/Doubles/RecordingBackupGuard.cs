using System.Collections.Generic;
using CertDeploy.Core.Ports;

namespace CertDeploy.Core.Tests.Doubles;

/// <summary>Records which folders were restricted; the ACL itself is the Windows adapter's job.</summary>
public sealed class RecordingBackupGuard(FaultInjector? faults = null) : IBackupFolderGuard
{
    public List<string> RestrictedFolders { get; } = new();

    public void Restrict(string folderPath)
    {
        faults?.Enter("BackupGuard", "Restrict", folderPath);
        RestrictedFolders.Add(folderPath);
    }
}
