using System;
using System.Collections.Generic;

namespace CertDeploy.Core.Keys
{
    /// <summary>One access control entry of a key file, as the Windows adapter read it.</summary>
    /// <param name="Sid">The entry's SID in string form; never translated to a name, so that
    /// orphaned SIDs read like any other.</param>
    /// <param name="AccessMask">The entry's access mask (FileSystemRights, generic bits included).</param>
    /// <param name="IsAllow">Allow (true) or deny (false).</param>
    /// <param name="IsInheritOnly">Whether the entry only passes to children and does not apply
    /// to the file itself.</param>
    public sealed record KeyAccessEntry(string Sid, int AccessMask, bool IsAllow, bool IsInheritOnly);

    /// <summary>
    /// Whether a SID may read a key file, judged from the entries that name that SID itself.
    /// Group memberships are not followed (the SID of a service account is rarely a member of
    /// a group on the key's list, and following them needs the domain); a SID that reads
    /// only through a group is therefore granted read once more, which is harmless.
    /// </summary>
    public static class KeyReadAccess
    {
        /// <summary>FileSystemRights.Read: data, attributes, extended attributes, permissions.</summary>
        public const int FileRead = 0x00020089;

        /// <summary>FILE_GENERIC_READ: <see cref="FileRead"/> and SYNCHRONIZE.</summary>
        public const int FileGenericRead = 0x00120089;

        /// <summary>FILE_ALL_ACCESS (FileSystemRights.FullControl).</summary>
        public const int FileAllAccess = 0x001F01FF;

        /// <summary>GENERIC_READ, as it can stand in an entry written by other tools.</summary>
        public const int GenericRead = unchecked((int)0x80000000);

        /// <summary>GENERIC_ALL.</summary>
        public const int GenericAll = 0x10000000;

        /// <summary>
        /// Whether the entries let the SID read the file: its allow entries together hold every
        /// right of <see cref="FileRead"/>, and no deny entry of it takes one of them away.
        /// </summary>
        public static bool HasRead(IEnumerable<KeyAccessEntry> entries, string sid)
        {
            var allowed = 0;
            var denied = 0;

            foreach (var entry in entries)
            {
                if (entry.IsInheritOnly
                    || !string.Equals(entry.Sid, sid, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (entry.IsAllow)
                {
                    allowed |= MapGeneric(entry.AccessMask);
                }
                else
                {
                    denied |= MapGeneric(entry.AccessMask);
                }
            }

            return (allowed & ~denied & FileRead) == FileRead;
        }

        /// <summary>Replaces generic bits of an access mask with the file rights they stand for.</summary>
        public static int MapGeneric(int accessMask)
        {
            var mask = accessMask;
            if ((mask & GenericRead) != 0)
            {
                mask = (mask & ~GenericRead) | FileGenericRead;
            }

            if ((mask & GenericAll) != 0)
            {
                mask = (mask & ~GenericAll) | FileAllAccess;
            }

            return mask;
        }
    }
}
