using System;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using System.Security.AccessControl;
using System.Security.Principal;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Keys;
using CertDeploy.Core.Ports;

namespace CertDeploy.Windows.Keys
{
    /// <summary>
    /// Private key file access through <see cref="FileSecurity"/>. Entries are read as
    /// <see cref="SecurityIdentifier"/>, never translated to names, so that orphaned SIDs (of
    /// deleted accounts) neither fail nor change when a descriptor is read and written back.
    /// </summary>
    /// <remarks>
    /// Relies on: GetAccessControl/SetAccessControl (GetNamedSecurityInfo and
    /// SetNamedSecurityInfo) writing only the sections that were changed; SDDL round-tripping
    /// owner, group, DACL and its protection flag. The SACL is never read or written: CertDeploy
    /// does not change it, and reading it would need SeSecurityPrivilege. Whether a SID has read
    /// is judged from the entries naming that SID itself, not its groups
    /// (<see cref="KeyReadAccess"/>).
    /// </remarks>
    [SupportedOSPlatform("windows")]
    public sealed class WindowsKeyAccess : IKeyAccess
    {
        private const AccessControlSections Descriptor =
            AccessControlSections.Access | AccessControlSections.Owner | AccessControlSections.Group;

        /// <inheritdoc />
        public string ReadDescriptor(string keyFilePath) =>
            Read(keyFilePath, Descriptor).GetSecurityDescriptorSddlForm(Descriptor);

        /// <inheritdoc />
        public bool HasRead(string keyFilePath, string sid)
        {
            var rules = Read(keyFilePath, AccessControlSections.Access)
                .GetAccessRules(includeExplicit: true, includeInherited: true, typeof(SecurityIdentifier))
                .Cast<FileSystemAccessRule>()
                .Select(rule => new KeyAccessEntry(
                    ((SecurityIdentifier)rule.IdentityReference).Value,
                    (int)rule.FileSystemRights,
                    rule.AccessControlType == AccessControlType.Allow,
                    (rule.PropagationFlags & PropagationFlags.InheritOnly) != 0));

            return KeyReadAccess.HasRead(rules, sid);
        }

        /// <inheritdoc />
        /// <remarks>Refuses groups that every user or computer is in (<see cref="KeyGrantPolicy"/>).</remarks>
        public void GrantRead(string keyFilePath, string sid)
        {
            KeyGrantPolicy.EnsureGrantable(keyFilePath, sid);

            var security = Read(keyFilePath, AccessControlSections.Access);
            security.AddAccessRule(new FileSystemAccessRule(
                new SecurityIdentifier(sid), FileSystemRights.Read, AccessControlType.Allow));

            Write(keyFilePath, security,
                $"Could not give {sid} read access to the private key file {keyFilePath}");
        }

        /// <inheritdoc />
        /// <remarks>
        /// The DACL is always written; owner and group only where they differ from the file's
        /// current ones, because setting an owner other than oneself needs a privilege that the
        /// installer may not hold, and CertDeploy never changes them.
        /// </remarks>
        public void WriteDescriptor(string keyFilePath, string sddl)
        {
            var saved = Parse(keyFilePath, sddl, Descriptor);
            var current = Read(keyFilePath, AccessControlSections.Owner | AccessControlSections.Group);

            var sections = AccessControlSections.Access;
            var sid = typeof(SecurityIdentifier);
            if (Differs(saved.GetOwner(sid), current.GetOwner(sid)))
            {
                sections |= AccessControlSections.Owner;
            }

            if (Differs(saved.GetGroup(sid), current.GetGroup(sid)))
            {
                sections |= AccessControlSections.Group;
            }

            Write(keyFilePath, Parse(keyFilePath, sddl, sections),
                $"Could not put back the saved permissions of the private key file {keyFilePath}");
        }

        private static FileSecurity Read(string keyFilePath, AccessControlSections sections)
        {
            try
            {
                return new FileInfo(keyFilePath).GetAccessControl(sections);
            }
            catch (Exception error) when (IsFileProblem(error))
            {
                throw Win32Failure.Wrap(
                    $"Could not read the permissions of the private key file {keyFilePath}", error, Advice(error));
            }
        }

        private static void Write(string keyFilePath, FileSecurity security, string what)
        {
            try
            {
                new FileInfo(keyFilePath).SetAccessControl(security);
            }
            catch (Exception error) when (IsFileProblem(error))
            {
                throw Win32Failure.Wrap(what, error, Advice(error));
            }
        }

        private static FileSecurity Parse(string keyFilePath, string sddl, AccessControlSections sections)
        {
            var security = new FileSecurity();
            try
            {
                security.SetSecurityDescriptorSddlForm(sddl, sections);
                return security;
            }
            catch (ArgumentException error)
            {
                throw new CertDeployException(
                    $"The saved permissions of the private key file {keyFilePath} are not a valid " +
                    $"security descriptor (\"{sddl}\"), so they cannot be put back. Check the key's " +
                    "permissions with certlm.msc (All Tasks > Manage Private Keys).", error);
            }
        }

        private static bool Differs(IdentityReference? saved, IdentityReference? current) =>
            saved != null && !saved.Equals(current);

        // UnauthorizedAccessException covers PrivilegeNotHeldException; InvalidOperationException
        // is what SetAccessControl throws for an owner that may not be set.
        private static bool IsFileProblem(Exception error) =>
            error is IOException || error is UnauthorizedAccessException
            || error is InvalidOperationException || error is ArgumentException
            || error is NotSupportedException;

        private static string Advice(Exception error) => error switch
        {
            FileNotFoundException => "The key file is gone: the certificate may have been removed or " +
                "imported again. Run the installation again.",
            DirectoryNotFoundException => "The key folder does not exist. Run the installation again.",
            _ => "Run the installation as an administrator (elevated).",
        };
    }
}
