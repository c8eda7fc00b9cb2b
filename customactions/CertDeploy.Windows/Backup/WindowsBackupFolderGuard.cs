using System;
using System.IO;
using System.Runtime.Versioning;
using System.Security.AccessControl;
using System.Security.Principal;
using CertDeploy.Core.Ports;

namespace CertDeploy.Windows.Backup
{
    /// <summary>
    /// Gives a backup folder a protected DACL: SYSTEM and Administrators full control, passed
    /// on to every file and folder inside; nothing inherited from above; owner Administrators.
    /// </summary>
    /// <remarks>
    /// Relies on: DirectoryInfo.SetAccessControl writing owner and a protected DACL
    /// (SetNamedSecurityInfo), and Windows re-applying the inheritable entries to what the
    /// folder already holds; the installing process being allowed to make Administrators the
    /// owner (SYSTEM and elevated administrators are).
    /// </remarks>
    [SupportedOSPlatform("windows")]
    public sealed class WindowsBackupFolderGuard : IBackupFolderGuard
    {
        /// <inheritdoc />
        public void Restrict(string folderPath)
        {
            // Well-known SIDs, not names: "Administrators" is "Administratorer" on Norwegian
            // Windows, and a name lookup there would fail or find the wrong account.
            var system = new SecurityIdentifier(WellKnownSidType.LocalSystemSid, null);
            var administrators = new SecurityIdentifier(WellKnownSidType.BuiltinAdministratorsSid, null);

            var security = new DirectorySecurity();
            security.SetOwner(administrators);
            security.SetAccessRuleProtection(isProtected: true, preserveInheritance: false);
            foreach (var sid in new[] { system, administrators })
            {
                security.AddAccessRule(new FileSystemAccessRule(
                    sid,
                    FileSystemRights.FullControl,
                    InheritanceFlags.ContainerInherit | InheritanceFlags.ObjectInherit,
                    PropagationFlags.None,
                    AccessControlType.Allow));
            }

            try
            {
                new DirectoryInfo(folderPath).SetAccessControl(security);
            }
            catch (Exception error) when (error is IOException || error is UnauthorizedAccessException
                || error is InvalidOperationException || error is ArgumentException
                || error is NotSupportedException)
            {
                throw Win32Failure.Wrap(
                    $"Could not restrict the backup folder {folderPath} to SYSTEM and Administrators", error,
                    "Run the installation as an administrator (elevated).");
            }
        }
    }
}
