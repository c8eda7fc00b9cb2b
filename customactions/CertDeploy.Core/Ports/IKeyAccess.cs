namespace CertDeploy.Core.Ports
{
    /// <summary>
    /// Access to private key files. Security descriptors are opaque SDDL strings to the core:
    /// it saves them whole and writes them back whole. Entries with orphaned or unknown SIDs
    /// must survive reading and writing.
    /// </summary>
    public interface IKeyAccess
    {
        /// <summary>The key file's whole security descriptor (owner, group, DACL) as SDDL.</summary>
        string ReadDescriptor(string keyFilePath);

        /// <summary>
        /// Whether the SID already has read access to the key file, directly or through a group entry.
        /// </summary>
        bool HasRead(string keyFilePath, string sid);

        /// <summary>Adds an allow entry granting read (and nothing more) to the SID.</summary>
        void GrantRead(string keyFilePath, string sid);

        /// <summary>Replaces the key file's security descriptor with a saved one.</summary>
        void WriteDescriptor(string keyFilePath, string sddl);
    }
}
