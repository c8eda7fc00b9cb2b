using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace CertDeploy.Core.Ports
{
    /// <summary>The real file system, through System.IO; the same on Windows and in tests on Linux.</summary>
    public sealed class PhysicalFileSystem : IFileSystem
    {
        /// <inheritdoc />
        public bool FileExists(string path) => File.Exists(path);

        /// <inheritdoc />
        public bool DirectoryExists(string path) => Directory.Exists(path);

        /// <inheritdoc />
        public byte[] ReadAllBytes(string path) => File.ReadAllBytes(path);

        /// <inheritdoc />
        public void WriteAllBytesAtomic(string path, byte[] content)
        {
            var fullPath = Path.GetFullPath(path);
            var temporary = fullPath + ".certdeploy-tmp";

            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(content, 0, content.Length);
                stream.Flush(flushToDisk: true);
            }

            // File.Replace keeps the target's ACL and attributes on Windows; it needs an existing
            // target, so a new file is moved into place instead.
            if (File.Exists(fullPath))
            {
                File.Replace(temporary, fullPath, destinationBackupFileName: null);
            }
            else
            {
                File.Move(temporary, fullPath);
            }
        }

        /// <inheritdoc />
        public void AppendDurably(string path, byte[] content)
        {
            using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
            stream.Write(content, 0, content.Length);
            stream.Flush(flushToDisk: true);
        }

        /// <inheritdoc />
        public void CreateDirectory(string path) => Directory.CreateDirectory(path);

        /// <inheritdoc />
        public void DeleteFile(string path)
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }

        /// <inheritdoc />
        public void DeleteDirectory(string path)
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }

        /// <inheritdoc />
        public IReadOnlyList<string> ListDirectories(string path) =>
            Directory.Exists(path) ? Directory.GetDirectories(path).OrderBy(p => p).ToList() : new List<string>();

        /// <inheritdoc />
        public IReadOnlyList<string> ListFiles(string path) =>
            Directory.Exists(path) ? Directory.GetFiles(path).OrderBy(p => p).ToList() : new List<string>();
    }
}
