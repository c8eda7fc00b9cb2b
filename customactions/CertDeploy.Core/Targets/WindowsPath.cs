using System;
using System.Collections.Generic;
using System.Text;

namespace CertDeploy.Core.Targets
{
    /// <summary>
    /// Paths as Windows reads them, parsed the same way on every OS. System.IO.Path follows the
    /// OS it runs on, and on Linux a backslash is part of a file name, so the core reads service
    /// paths with this class instead. Both '\' and '/' separate folders; a path is rooted when it
    /// starts with a drive ("C:\"), a share ("\\server\share") or '/' (so that tests on Linux can
    /// point at real temporary folders).
    /// </summary>
    public static class WindowsPath
    {
        /// <summary>Whether a character separates folders ('\' or '/').</summary>
        public static bool IsSeparator(char c) => c == '\\' || c == '/';

        /// <summary>
        /// Whether a path is absolute: "C:\..." (or "C:/..."), "\\server\share\...", or "/...".
        /// A drive-relative "C:name" and a current-drive "\name" are not.
        /// </summary>
        public static bool IsRooted(string path)
        {
            if (path == null)
            {
                throw new ArgumentNullException(nameof(path));
            }

            return HasDriveRoot(path) || IsUnc(path) || (path.Length > 0 && path[0] == '/');
        }

        /// <summary>
        /// The folder part of a rooted path, normalised (see <see cref="Normalize"/>):
        /// "C:\Program Files\KPR\KPR.exe" gives "C:\Program Files\KPR", "C:\KPR.exe" gives "C:\".
        /// Null when the path is a root itself or not rooted.
        /// </summary>
        public static string? GetDirectoryName(string path)
        {
            if (!IsRooted(path))
            {
                return null;
            }

            var normalized = Normalize(path);
            var rootLength = RootLength(normalized);
            if (normalized.Length <= rootLength)
            {
                return null;
            }

            var lastSeparator = LastSeparator(normalized);
            if (lastSeparator < rootLength)
            {
                return normalized.Substring(0, rootLength);
            }

            return normalized.Substring(0, lastSeparator);
        }

        /// <summary>The last part of a path ("KPR.exe" of "C:\KPR\KPR.exe").</summary>
        public static string GetFileName(string path)
        {
            if (path == null)
            {
                throw new ArgumentNullException(nameof(path));
            }

            return path.Substring(LastSeparator(path) + 1);
        }

        /// <summary>
        /// Joins a folder and a name with the separator the folder uses; a rooted
        /// <paramref name="name"/> is returned as it is.
        /// </summary>
        public static string Combine(string folder, string name)
        {
            if (folder == null)
            {
                throw new ArgumentNullException(nameof(folder));
            }

            if (name == null)
            {
                throw new ArgumentNullException(nameof(name));
            }

            if (IsRooted(name) || folder.Length == 0)
            {
                return name;
            }

            if (name.Length == 0)
            {
                return folder;
            }

            var separator = SeparatorOf(folder);
            var trimmedName = name.TrimStart('\\', '/');
            return IsSeparator(folder[folder.Length - 1])
                ? folder + trimmedName
                : folder + separator + trimmedName;
        }

        /// <summary>
        /// A rooted path in its plain form: a drive or share path with '\' only (Windows accepts
        /// '/' too), no doubled separators, "." and ".." segments resolved, no trailing separator
        /// except after the root. A path rooted at '/' keeps '/'. Other paths are returned as
        /// given.
        /// </summary>
        public static string Normalize(string path)
        {
            if (!IsRooted(path))
            {
                return path;
            }

            var separator = SeparatorOf(path);
            var rootLength = RootLength(path);
            var otherSeparator = separator == '\\' ? '/' : '\\';
            var root = path.Substring(0, rootLength).Replace(otherSeparator, separator);
            var segments = new List<string>();

            foreach (var segment in path.Substring(rootLength).Split('\\', '/'))
            {
                if (segment.Length == 0 || segment == ".")
                {
                    continue;
                }

                if (segment == "..")
                {
                    if (segments.Count > 0)
                    {
                        segments.RemoveAt(segments.Count - 1);
                    }

                    continue;
                }

                segments.Add(segment);
            }

            var text = new StringBuilder(root);
            if (!IsSeparator(root[root.Length - 1]) && segments.Count > 0)
            {
                text.Append(separator);
            }

            text.Append(string.Join(separator.ToString(), segments));
            return text.ToString();
        }

        private static bool HasDriveRoot(string path) =>
            path.Length >= 3 && IsAsciiLetter(path[0]) && path[1] == ':' && IsSeparator(path[2]);

        private static bool IsUnc(string path)
        {
            if (path.Length < 5
                || !IsSeparator(path[0]) || !IsSeparator(path[1]) || IsSeparator(path[2]))
            {
                return false;
            }

            var serverEnd = IndexOfSeparator(path, 2);
            return serverEnd > 2
                && serverEnd + 1 < path.Length
                && !IsSeparator(path[serverEnd + 1]);
        }

        // The part that ".." cannot climb above: "C:\", "\\server\share", or "/".
        private static int RootLength(string path)
        {
            if (HasDriveRoot(path))
            {
                return 3;
            }

            if (IsUnc(path))
            {
                var shareEnd = IndexOfSeparator(path, IndexOfSeparator(path, 2) + 1);
                return shareEnd < 0 ? path.Length : shareEnd;
            }

            return path.Length > 0 && path[0] == '/' ? 1 : 0;
        }

        private static char SeparatorOf(string path) =>
            path.Length > 0 && path[0] == '/' && !IsUnc(path) ? '/' : '\\';

        private static int IndexOfSeparator(string path, int start)
        {
            for (var i = start; i < path.Length; i++)
            {
                if (IsSeparator(path[i]))
                {
                    return i;
                }
            }

            return -1;
        }

        private static int LastSeparator(string path) => path.LastIndexOfAny(new[] { '\\', '/' });

        private static bool IsAsciiLetter(char c) =>
            (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
}
