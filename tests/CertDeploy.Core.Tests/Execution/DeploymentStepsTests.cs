using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Execution;
using CertDeploy.Core.Planning;
using CertDeploy.Core.Ports;
using CertDeploy.Core.Tests.Doubles;
using CertDeploy.Core.Tests.ScriptModel;
using Xunit;

namespace CertDeploy.Core.Tests.Execution;

public class DeploymentStepsTests
{
    private static readonly string NewS = ScenarioMachine.NewSigning;
    private static readonly string NewE = ScenarioMachine.NewEncryption;
    private static readonly string OldS = ScenarioMachine.OldSigning;
    private static readonly string OldE = ScenarioMachine.OldEncryption;

    [Fact]
    public void Write_EachFile_LogsFileOldAndNewValuesAndRestrictsBackupFolder()
    {
        using var machine = new ScenarioMachine();
        var plan = machine.Plan();
        var steps = new DeploymentSteps(machine.Ports, machine.Log);

        steps.Write(plan);

        var path = machine.ConfigFiles[1].Path;
        Assert.Contains($"Wrote {path} (service KPRService1): SigningThumbprint {OldS} -> {NewS}, "
            + $"EncryptionThumbprint {OldE} -> {NewE}.", machine.Log.At(LogLevel.Information));
        Assert.Contains("The signing and encryption certificates have different organisation numbers.",
            machine.Log.At(LogLevel.Warning));
        Assert.Equal(new[] { plan.BackupFolder }, machine.Guard.RestrictedFolders);
        var calls = machine.Faults.Calls.ToList();
        Assert.True(calls.IndexOf("Files.CreateDirectory " + plan.BackupFolder)
            < calls.IndexOf("BackupGuard.Restrict " + plan.BackupFolder));
    }

    [Fact]
    public void Write_FileReplacedAfterPlanning_UpdatesTheFileAsItIsNowAndBacksThatUp()
    {
        using var machine = new ScenarioMachine();
        var plan = machine.Plan();
        var path = machine.ConfigFiles[0].Path;
        var replaced = "{\"CertSettings\":{\"SigningThumbprint\":\"AA\",\"EncryptionThumbprint\":\"BB\"},\"New\":1}";
        File.WriteAllText(path, replaced);
        var steps = new DeploymentSteps(machine.Ports, machine.Log);

        steps.Write(plan);
        Assert.Equal($"{{\"CertSettings\":{{\"SigningThumbprint\":\"{NewS}\",\"EncryptionThumbprint\":\"{NewE}\"}},"
            + "\"New\":1}", File.ReadAllText(path));
        steps.WriteRollback(plan);

        Assert.Equal(replaced, File.ReadAllText(path));
        Assert.Contains($"Wrote {path} (service KPRBase): SigningThumbprint AA -> {NewS}, "
            + $"EncryptionThumbprint BB -> {NewE}.", machine.Log.At(LogLevel.Information));
    }

    [Fact]
    public void Write_FileGoneSincePlanning_ThrowsNamingFileAndService()
    {
        using var machine = new ScenarioMachine();
        var plan = machine.Plan();
        var path = machine.ConfigFiles[3].Path;
        File.Delete(path);

        var error = Assert.Throws<CertDeployException>(
            () => new DeploymentSteps(machine.Ports, machine.Log).Write(plan));

        Assert.Equal($"The configuration file {path} of service KPRService2 no longer exists; it was there when "
            + "the changes were planned. Check the service's installation and run CertDeploy again.", error.Message);
    }

    [Fact]
    public void WriteRollback_StepNeverRan_DoesNothing()
    {
        using var machine = new ScenarioMachine();
        var plan = machine.Plan();
        var before = machine.Snapshot();
        machine.Faults.Reset();

        new DeploymentSteps(machine.Ports, machine.Log).WriteRollback(plan);

        Assert.Empty(machine.Faults.Calls);
        Assert.Empty(machine.Differences(before));
        Assert.Contains($"No configuration file was changed by run {plan.RunId}; nothing to restore.",
            machine.Log.At(LogLevel.Information));
    }

    [Fact]
    public void WriteRollback_DamagedJournal_RefusesNamingTheJournalAndRestoresNothing()
    {
        using var machine = new ScenarioMachine();
        var plan = machine.Plan();
        var steps = new DeploymentSteps(machine.Ports, machine.Log);
        steps.Write(plan);
        var written = File.ReadAllBytes(machine.ConfigFiles[0].Path);
        var journal = Path.Combine(plan.BackupFolder, "journal.txt");
        var bytes = File.ReadAllBytes(journal);
        bytes[3] = 0xC3;
        File.WriteAllBytes(journal, bytes);

        var error = Assert.Throws<CertDeployException>(() => steps.WriteRollback(plan));

        Assert.Equal($"The journal {journal} is damaged: byte 4 is not plain ASCII. Nothing was undone "
            + $"from it; restore the files from the backups in {plan.BackupFolder} by hand, or keep the "
            + "folder for support.", error.Message);
        Assert.Equal(written, File.ReadAllBytes(machine.ConfigFiles[0].Path));
    }

    [Fact]
    public void Grant_AccountChangedSincePlanning_GrantsTheCurrentAccountAndWarns()
    {
        using var machine = new ScenarioMachine();
        var plan = machine.Plan();
        const string NewSid = "S-1-5-21-1004336348-1177238915-682003330-1777";
        machine.Accounts.SidsByName[@"CONTOSO\svc-kpr-new"] = NewSid;
        machine.Services[ScenarioMachine.Kpr2].ObjectName = @"CONTOSO\svc-kpr-new";

        new DeploymentSteps(machine.Ports, machine.Log).Grant(plan);

        Assert.True(FakeKeyAccess.Allows(machine.Keys.Descriptors[machine.SigningKey], NewSid));
        Assert.False(FakeKeyAccess.Allows(machine.Keys.Descriptors[machine.SigningKey],
            "S-1-5-21-1004336348-1177238915-682003330-1601"));
        Assert.Contains(@"Service KPRService2 now runs as CONTOSO\svc-kpr-new (" + NewSid + @"); when the changes "
            + @"were planned it ran as CONTOSO\svc-kpr (S-1-5-21-1004336348-1177238915-682003330-1601). Access is "
            + "granted to the account it runs as now.", machine.Log.At(LogLevel.Warning));
        Assert.Contains($"Granted read access to the private key {machine.SigningKey} of certificate {NewS} to "
            + @"CONTOSO\svc-kpr-new (" + NewSid + ") for service KPRService2.", machine.Log.At(LogLevel.Information));
    }

    [Fact]
    public void GrantRollback_AfterGrants_PutsBackTheWholeDescriptorIncludingOrphanedEntries()
    {
        using var machine = new ScenarioMachine();
        var plan = machine.Plan();
        var before = machine.Snapshot();
        var steps = new DeploymentSteps(machine.Ports, machine.Log);

        steps.Grant(plan);
        Assert.NotEqual(before.Descriptors[machine.EncryptionKey], machine.Keys.Descriptors[machine.EncryptionKey]);
        steps.GrantRollback(plan);

        Assert.Empty(machine.Differences(before));
        Assert.DoesNotContain(machine.Faults.Calls, c => c.Contains("GrantRead", StringComparison.Ordinal)
            && c.Contains("S-1-5-18", StringComparison.Ordinal));
    }

    [Fact]
    public void Commit_DeletesThisRunsBackupsAndOnlyStaleRunFoldersOfEarlierRuns()
    {
        using var machine = new ScenarioMachine();
        var plan = machine.Plan();
        var steps = new DeploymentSteps(machine.Ports, machine.Log);
        steps.Write(plan);
        var stale = Path.Combine(machine.BackupRoot, RunIds.Create(machine.Clock.UtcNow.AddDays(-31)));
        var recent = Path.Combine(machine.BackupRoot, RunIds.Create(machine.Clock.UtcNow.AddDays(-29)));
        var foreign = Path.Combine(machine.BackupRoot, "Logs");
        foreach (var folder in new[] { stale, recent, foreign })
        {
            Directory.CreateDirectory(folder);
        }

        steps.Commit(plan);

        Assert.False(Directory.Exists(plan.BackupFolder));
        Assert.False(Directory.Exists(stale));
        Assert.True(Directory.Exists(recent));
        Assert.True(Directory.Exists(foreign));
        Assert.Contains(machine.Log.At(LogLevel.Information), l => l.StartsWith(
            $"Deleted the backups of an earlier run in {stale}, started ", StringComparison.Ordinal)
            && l.EndsWith(": older than 30 days.", StringComparison.Ordinal));
    }

    [Fact]
    public void Commit_ThisRunsFolderCannotBeDeleted_StaleFoldersStillGoAndTheFailureNamesIt()
    {
        using var machine = new ScenarioMachine();
        var plan = machine.Plan();
        new DeploymentSteps(machine.Ports, machine.Log).Write(plan);
        var stale = Path.Combine(machine.BackupRoot, RunIds.Create(machine.Clock.UtcNow.AddDays(-31)));
        Directory.CreateDirectory(stale);

        // A virus scanner holding a backup: the folder cannot be deleted for now.
        var ports = machine.Ports with { Files = new HeldFolder(machine.Ports.Files, plan.BackupFolder) };
        var error = Assert.Throws<CertDeployException>(
            () => new DeploymentSteps(ports, machine.Log).Commit(plan));

        Assert.Equal($"Deleting the backup folder {plan.BackupFolder} failed: held by another process",
            Assert.Single(error.Findings).Message);
        Assert.True(Directory.Exists(plan.BackupFolder));
        Assert.False(Directory.Exists(stale));
    }

    private sealed class HeldFolder(IFileSystem files, string held) : IFileSystem
    {
        public bool FileExists(string path) => files.FileExists(path);

        public bool DirectoryExists(string path) => files.DirectoryExists(path);

        public byte[] ReadAllBytes(string path) => files.ReadAllBytes(path);

        public IReadOnlyList<string> ListDirectories(string path) => files.ListDirectories(path);

        public IReadOnlyList<string> ListFiles(string path) => files.ListFiles(path);

        public void WriteAllBytesAtomic(string path, byte[] content) => files.WriteAllBytesAtomic(path, content);

        public void AppendDurably(string path, byte[] content) => files.AppendDurably(path, content);

        public void CreateDirectory(string path) => files.CreateDirectory(path);

        public void DeleteFile(string path) => files.DeleteFile(path);

        public void DeleteDirectory(string path)
        {
            if (path == held)
            {
                throw new IOException("held by another process");
            }

            files.DeleteDirectory(path);
        }
    }

    [Fact]
    public void Restart_NoJournal_RestartsNothing()
    {
        using var machine = new ScenarioMachine();

        new DeploymentSteps(machine.Ports, machine.Log).Restart(machine.Plan(), null);

        Assert.Empty(machine.Services.History);
    }

    [Fact]
    public void RestartRollback_ServiceWasNotStoppedByThisRun_IsNotTouched()
    {
        using var machine = new ScenarioMachine();
        var plan = machine.Plan();
        var steps = new DeploymentSteps(machine.Ports, machine.Log);
        steps.Write(plan);
        machine.Faults.Armed = true;
        machine.Faults.FailWhenCallStartsWith = "ServiceControl.Stop KPRService2";
        Assert.Throws<InjectedFaultException>(() => steps.Restart(plan, null));
        var touched = machine.Services.History.Count;

        steps.WriteRollback(plan);
        steps.RestartRollback(plan);

        var history = machine.Services.History.Skip(touched).ToList();
        Assert.DoesNotContain(history, h => h.EndsWith("DigiHelse", StringComparison.Ordinal)
            && !machine.Services.History.Take(touched).Contains("Stop DigiHelse"));
        Assert.DoesNotContain(history, h => h.EndsWith("Authentication", StringComparison.Ordinal));
        Assert.Contains("Start KPRService2", history);
    }
}
