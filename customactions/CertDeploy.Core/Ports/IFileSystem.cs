using System.Collections.Generic;

namespace CertDeploy.Core.Ports
{
    /// <summary>
    /// The file system as the core uses it. <see cref="PhysicalFileSystem"/> is the real one on
    /// every OS; tests wrap it to inject failures.
    /// </summary>
    public interface IFileSystem
    {
        /// <summary>Whether a file exists.</summary>
        bool FileExists(string path);

        /// <summary>Whether a folder exists.</summary>
        bool DirectoryExists(string path);

        /// <summary>Reads a whole file.</summary>
        byte[] ReadAllBytes(string path);

        /// <summary>
        /// Replaces a file's content atomically: the bytes go to a temporary file beside the
        /// target, which then replaces it, so that a reader (an application reloading its
        /// configuration) sees the old or the new content, never a part.
        /// </summary>
        void WriteAllBytesAtomic(string path, byte[] content);

        /// <summary>
        /// Appends bytes to a file (creating it) and flushes them to disk before returning.
        /// </summary>
        void AppendDurably(string path, byte[] content);

        /// <summary>Creates a folder and its parents if missing.</summary>
        void CreateDirectory(string path);

        /// <summary>Deletes a file if it exists.</summary>
        void DeleteFile(string path);

        /// <summary>Deletes a folder and everything in it, if it exists.</summary>
        void DeleteDirectory(string path);

        /// <summary>
        /// The full paths of the folders directly inside a folder; empty if it does not exist.
        /// </summary>
        IReadOnlyList<string> ListDirectories(string path);

        /// <summary>
        /// The full paths of the files directly inside a folder; empty if it does not exist.
        /// </summary>
        IReadOnlyList<string> ListFiles(string path);
    }

    /// <summary>
    /// Makes a backup folder readable and writable by SYSTEM and Administrators only. Backups
    /// hold configuration files and security descriptors, so they must not be readable by the
    /// service accounts or users. The Windows adapter sets an explicit, protected ACL.
    /// </summary>
    public interface IBackupFolderGuard
    {
        /// <summary>Restricts an existing folder to SYSTEM and Administrators.</summary>
        void Restrict(string folderPath);
    }
}
