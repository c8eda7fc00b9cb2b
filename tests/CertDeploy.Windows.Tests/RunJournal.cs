using System.Collections.Generic;
using System.Linq;
using CertDeploy.Core.Execution;
using CertDeploy.Core.Planning;
using CertDeploy.Core.Ports;

namespace CertDeploy.Windows.Tests
{
    /// <summary>
    /// The journal a run keeps in its backup folder, read as the rollback actions read it: what
    /// the run says it changed, to be compared with what the machine shows.
    /// </summary>
    internal static class RunJournal
    {
        public static IReadOnlyList<JournalEntry> Read(DeploymentPlan plan) =>
            Journal.Read(new PhysicalFileSystem(), plan.BackupFolder,
                new DeploymentEndToEndTests.ListLog());

        /// <summary>The first value (a file path or a service name) of each record of a kind.</summary>
        public static IReadOnlyList<string> Subjects(IEnumerable<JournalEntry> entries, string kind) =>
            entries.Where(e => e.Kind == kind).Select(e => e.Values[0]).ToList();

        public static IReadOnlyList<string> Stopping(IEnumerable<JournalEntry> entries) =>
            Subjects(entries, JournalRecord.ServiceStopping);

        public static IReadOnlyList<string> Started(IEnumerable<JournalEntry> entries) =>
            Subjects(entries, JournalRecord.ServiceStarted);

        public static IReadOnlyList<string> Written(IEnumerable<JournalEntry> entries) =>
            Subjects(entries, JournalRecord.FileWritten);
    }
}
