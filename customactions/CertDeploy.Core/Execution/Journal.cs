using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Planning;
using CertDeploy.Core.Ports;

namespace CertDeploy.Core.Execution
{
    /// <summary>The kinds of record in a run's journal.</summary>
    internal static class JournalRecord
    {
        /// <summary>
        /// Path, backup file name: the original bytes are saved; the file may be written next.
        /// </summary>
        public const string FileBackup = "FileBackup";

        /// <summary>Path: the file already had both thumbprints and was not rewritten.</summary>
        public const string FileUnchanged = "FileUnchanged";

        /// <summary>Path, owner: the new content is in place.</summary>
        public const string FileWritten = "FileWritten";

        /// <summary>Key file, SDDL: the whole descriptor as it was before a grant.</summary>
        public const string DescriptorSaved = "DescriptorSaved";

        /// <summary>Key file, SID, thumbprint, account, services: read access was added.</summary>
        public const string GrantApplied = "GrantApplied";

        /// <summary>Service: about to be stopped (it was running).</summary>
        public const string ServiceStopping = "ServiceStopping";

        /// <summary>Service: started again with the new configuration.</summary>
        public const string ServiceStarted = "ServiceStarted";

        /// <summary>Pool: an IIS application pool about to be recycled (it was started).</summary>
        public const string PoolRecycling = "PoolRecycling";

        /// <summary>Pool: recycled and started again with the new configuration.</summary>
        public const string PoolRecycled = "PoolRecycled";
    }

    /// <summary>One line of the journal, decoded.</summary>
    internal sealed class JournalEntry
    {
        public JournalEntry(string kind, IReadOnlyList<string> values)
        {
            Kind = kind;
            Values = values;
        }

        public string Kind { get; }

        public IReadOnlyList<string> Values { get; }
    }

    /// <summary>
    /// The record of what a run changed, in its backup folder. Each record is appended and flushed
    /// to disk before the change it announces, so that a rollback action, possibly in a new
    /// process after a crash, undoes exactly what happened.
    /// </summary>
    internal sealed class Journal
    {
        public const string FileName = "journal.txt";

        private readonly IFileSystem _files;
        private readonly object _gate = new object();

        private Journal(IFileSystem files, string path)
        {
            _files = files;
            Path = path;
        }

        public string Path { get; }

        /// <summary>Opens the journal for appending, creating and restricting the backup folder.</summary>
        public static Journal Open(MachinePorts machine, string backupFolder)
        {
            // Restricted on every open, not only on creation: a crash between creating the folder
            // and restricting it must not leave backups readable by service accounts.
            machine.Files.CreateDirectory(backupFolder);
            machine.BackupGuard.Restrict(backupFolder);

            return new Journal(machine.Files, System.IO.Path.Combine(backupFolder, FileName));
        }

        /// <summary>Appends one record durably; safe to call from several threads.</summary>
        public void Append(string kind, params string[] values)
        {
            var line = FieldCodec.Join(new[] { kind }.Concat(values)) + "\n";
            var bytes = Encoding.ASCII.GetBytes(line);

            lock (_gate)
            {
                _files.AppendDurably(Path, bytes);
            }
        }

        /// <summary>
        /// Every complete record of the journal in the folder; empty when there is none (the step
        /// never ran). A last line without its line end was torn by a crash while being written:
        /// the change it announced was never begun, so it is left out.
        /// </summary>
        public static IReadOnlyList<JournalEntry> Read(IFileSystem files, string backupFolder, ILog log)
        {
            var path = System.IO.Path.Combine(backupFolder, FileName);
            if (!files.FileExists(path))
            {
                return new List<JournalEntry>();
            }

            byte[] bytes;
            try
            {
                bytes = files.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new CertDeployException($"Could not read the journal {path}: {e.Message}", e);
            }

            // The journal is written in plain ASCII: any other byte means it was damaged, and a
            // damaged journal must not be taken for a record of what to undo.
            var damaged = Array.FindIndex(bytes, b => b >= 0x80);
            if (damaged >= 0)
            {
                throw new CertDeployException($"The journal {path} is damaged: byte {damaged + 1} is not "
                    + "plain ASCII. Nothing was undone from it; restore the files from the backups in "
                    + $"{backupFolder} by hand, or keep the folder for support.");
            }

            var lines = Encoding.ASCII.GetString(bytes).Split('\n');
            var entries = new List<JournalEntry>();

            for (var i = 0; i < lines.Length; i++)
            {
                var isLast = i == lines.Length - 1;
                if (isLast && lines[i].Length == 0)
                {
                    break;
                }

                if (isLast)
                {
                    log.Warn("The last line of the journal {Journal} is incomplete (the process was stopped "
                        + "while writing it); the change it announced was not begun and is ignored.", path);
                    break;
                }

                if (!FieldCodec.TrySplit(lines[i], out var fields, out var error) || fields.Count < 1
                    || fields.Any(f => f == null))
                {
                    log.Error("Line {Line} of the journal {Journal} is damaged and is skipped: {Problem}",
                        i + 1, path, error.Length > 0 ? error : "a field is missing");
                    continue;
                }

                entries.Add(new JournalEntry(fields[0]!, fields.Skip(1).Select(f => f!).ToList()));
            }

            return entries;
        }
    }
}
