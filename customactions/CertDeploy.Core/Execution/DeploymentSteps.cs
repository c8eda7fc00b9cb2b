using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.IO;
using System.Linq;
using CertDeploy.Core.Configuration;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Planning;
using CertDeploy.Core.Ports;
using CertDeploy.Core.Targets;

namespace CertDeploy.Core.Execution
{
    /// <summary>
    /// The deferred, rollback and commit actions of a run. Each method is one installer action
    /// and may run in a fresh process: everything it needs is in the plan and in the journal in
    /// the plan's backup folder. Every change is journalled durably before it is made; every
    /// rollback undoes only what the journal records.
    /// </summary>
    public sealed class DeploymentSteps
    {
        /// <summary>
        /// Backup folders of earlier runs older than this are deleted by <see cref="Commit"/>. They
        /// are left over when rollback and commit actions did not run (rollback disabled by policy).
        /// </summary>
        public const int StaleBackupDays = 30;

        private readonly MachinePorts _machine;
        private readonly ILog _log;

        /// <summary>Creates the steps for one process.</summary>
        public DeploymentSteps(MachinePorts machine, ILog log)
        {
            _machine = machine ?? throw new ArgumentNullException(nameof(machine));
            _log = log ?? throw new ArgumentNullException(nameof(log));
        }

        /// <summary>
        /// Writes the two thumbprints into every file of the plan. Each file is read again now (an
        /// upgrade may have replaced it since planning); a file that already holds both values is
        /// left untouched; otherwise its bytes are saved to the backup folder and journalled
        /// before it is replaced atomically.
        /// </summary>
        /// <exception cref="CertDeployException">A file is missing, unreadable or has no CertSettings.</exception>
        public void Write(DeploymentPlan plan)
        {
            _log.Info("Setting the certificate thumbprints in {Count} configuration files (run {RunId}).",
                plan.FileChanges.Count, plan.RunId);
            foreach (var warning in plan.Warnings)
            {
                _log.Warn("{Warning}", warning);
            }

            var journal = Journal.Open(_machine, plan.BackupFolder);

            for (var index = 0; index < plan.FileChanges.Count; index++)
            {
                WriteFile(plan, journal, plan.FileChanges[index], index);
            }
        }

        /// <summary>
        /// Puts back, byte for byte, every file whose backup this run's journal records, including
        /// one whose write may or may not have happened. Does nothing when the write step never ran.
        /// </summary>
        public void WriteRollback(DeploymentPlan plan)
        {
            var entries = Journal.Read(_machine.Files, plan.BackupFolder, _log);
            var backups = entries.Where(e => e.Kind == JournalRecord.FileBackup).Reverse().ToList();
            if (backups.Count == 0)
            {
                _log.Info("No configuration file was changed by run {RunId}; nothing to restore.", plan.RunId);
                return;
            }

            var failures = new List<CertDeployException>();
            foreach (var backup in backups)
            {
                var path = backup.Values[0];
                try
                {
                    RestoreFile(plan, path, backup.Values[1]);
                }
                catch (CertDeployException e)
                {
                    _log.Error("{Problem}", e.Message);
                    failures.Add(e);
                }
            }

            ThrowIfAny(failures);
        }

        /// <summary>
        /// Grants each target service's account read access to the key files of the plan. The
        /// account is read again now (a repair may have changed it); an account that can already
        /// read the key gets nothing; before each grant the key's whole security descriptor is
        /// journalled.
        /// </summary>
        /// <exception cref="CertDeployException">A service has gone or its account cannot be resolved.</exception>
        public void Grant(DeploymentPlan plan)
        {
            _log.Info("Granting the service accounts read access to {Count} private keys (run {RunId}).",
                plan.KeyGrants.Select(g => g.KeyFilePath).Distinct(StringComparer.OrdinalIgnoreCase).Count(),
                plan.RunId);

            var needed = CurrentGrants(plan);
            if (needed.Count == 0)
            {
                return;
            }

            var journal = Journal.Open(_machine, plan.BackupFolder);
            foreach (var grant in needed)
            {
                ApplyGrant(journal, grant);
            }
        }

        /// <summary>Writes back every security descriptor this run saved, newest first.</summary>
        public void GrantRollback(DeploymentPlan plan)
        {
            var saved = Journal.Read(_machine.Files, plan.BackupFolder, _log)
                .Where(e => e.Kind == JournalRecord.DescriptorSaved)
                .Reverse()
                .ToList();
            if (saved.Count == 0)
            {
                _log.Info("No key access was changed by run {RunId}; nothing to restore.", plan.RunId);
                return;
            }

            var failures = new List<CertDeployException>();
            foreach (var entry in saved)
            {
                var keyFile = entry.Values[0];
                try
                {
                    Guarded($"Restoring the security descriptor of the private key {keyFile}",
                        () => _machine.Keys.WriteDescriptor(keyFile, entry.Values[1]));
                    _log.Info("Restored the security descriptor of the private key {KeyFile}: {Sddl}",
                        keyFile, entry.Values[1]);
                }
                catch (CertDeployException e)
                {
                    _log.Error("{Problem}", e.Message);
                    failures.Add(e);
                }
            }

            ThrowIfAny(failures);
        }

        /// <summary>
        /// Restarts the services of the plan that are running now and whose files or key access
        /// this run changed (nothing, when restart is turned off). Independent services restart in
        /// parallel; a service is stopped before, and started after, the services it depends on.
        /// Each started service must still be running after the plan's settle time.
        /// </summary>
        /// <param name="plan">The plan.</param>
        /// <param name="progress">Told "Restarting service NAME" before each service; calls are serialised.</param>
        /// <exception cref="CertDeployException">A service did not stop or start, or stopped again.</exception>
        public void Restart(DeploymentPlan plan, Action<string>? progress)
        {
            var changed = ChangedServices(plan);
            var candidates = plan.Restarts.Where(r => changed.Contains(r.ServiceName)).ToList();
            if (candidates.Count == 0)
            {
                _log.Info("No service needs a restart: run {RunId} changed no configuration file and no key access.",
                    plan.RunId);
                return;
            }

            if (!plan.RestartEnabled)
            {
                _log.Warn("Restart is turned off: {Services} keep their old configuration until they are "
                    + "restarted.", string.Join(", ", candidates.Select(c => c.ServiceName)));
                return;
            }

            var running = new List<ServiceRestart>();
            foreach (var candidate in candidates)
            {
                var state = _machine.Services.GetState(candidate.ServiceName);
                if (state == ServiceState.Running)
                {
                    running.Add(candidate);
                }
                else
                {
                    _log.Info("Service {Service} is {State} and is left so; it uses the new configuration "
                        + "when it is next started.", candidate.ServiceName, state);
                }
            }

            if (running.Count == 0)
            {
                return;
            }

            var journal = Journal.Open(_machine, plan.BackupFolder);
            var gate = new object();
            Action<string> report = text =>
            {
                lock (gate)
                {
                    progress?.Invoke(text);
                }
            };

            ServiceOrder.RunGroupsInParallel(ServiceOrder.Groups(running),
                group => RestartGroup(plan, journal, group, report));
        }

        /// <summary>
        /// Runs last in a rollback, after files and key access are restored: every service this
        /// run stopped is made to run again, and one that was started with the new configuration
        /// is restarted so that it reads the restored one. Other services are not touched.
        /// </summary>
        public void RestartRollback(DeploymentPlan plan)
        {
            var stopped = Journal.Read(_machine.Files, plan.BackupFolder, _log)
                .Where(e => e.Kind == JournalRecord.ServiceStopping)
                .Select(e => e.Values[0])
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToList();
            if (stopped.Count == 0)
            {
                _log.Info("No service was stopped by run {RunId}; none is restarted.", plan.RunId);
                return;
            }

            var order = ServiceOrder.DependenciesFirst(stopped.Select(name =>
                plan.Restarts.FirstOrDefault(r => string.Equals(r.ServiceName, name,
                    StringComparison.OrdinalIgnoreCase)) ?? new ServiceRestart(name, new List<string>())).ToList());
            var failures = new List<CertDeployException>();

            foreach (var service in Enumerable.Reverse(order))
            {
                Attempt(failures, () =>
                {
                    if (_machine.Services.GetState(service.ServiceName) == ServiceState.Running)
                    {
                        _machine.Services.Stop(service.ServiceName, plan.ServiceTimeout);
                        _log.Info("Stopped service {Service} to restart it with its restored configuration.",
                            service.ServiceName);
                    }
                });
            }

            foreach (var service in order)
            {
                Attempt(failures, () =>
                {
                    _machine.Services.Start(service.ServiceName, plan.ServiceTimeout);
                    _log.Info("Started service {Service} again with its restored configuration.",
                        service.ServiceName);
                });
            }

            _machine.Clock.Sleep(plan.SettleTime);
            foreach (var service in order)
            {
                var state = _machine.Services.GetState(service.ServiceName);
                if (state != ServiceState.Running)
                {
                    var problem = new CertDeployException($"Service {service.ServiceName} is {state} after the "
                        + "rollback restarted it with its restored configuration. Start it in services.msc and "
                        + "check the Windows event log (System and Application) for why it stops.");
                    _log.Error("{Problem}", problem.Message);
                    failures.Add(problem);
                }
            }

            ThrowIfAny(failures);
        }

        /// <summary>
        /// Deletes this run's backups once the installation is committed, and backup folders of
        /// earlier runs older than <see cref="StaleBackupDays"/> days.
        /// </summary>
        public void Commit(DeploymentPlan plan)
        {
            Guarded($"Deleting the backup folder {plan.BackupFolder}",
                () => _machine.Files.DeleteDirectory(plan.BackupFolder));
            _log.Info("Deleted the backups of run {RunId} in {Folder}.", plan.RunId, plan.BackupFolder);

            var parent = Path.GetDirectoryName(plan.BackupFolder.TrimEnd('\\', '/'));
            if (string.IsNullOrEmpty(parent))
            {
                return;
            }

            var limit = _machine.Clock.UtcNow.AddDays(-StaleBackupDays);
            foreach (var folder in _machine.Files.ListDirectories(parent!))
            {
                var name = Path.GetFileName(folder);
                if (name == plan.RunId || !RunIds.TryGetStart(name, out var start) || start >= limit)
                {
                    continue;
                }

                Guarded($"Deleting the old backup folder {folder}", () => _machine.Files.DeleteDirectory(folder));
                _log.Info("Deleted the backups of an earlier run in {Folder}, started {Start}: older than "
                    + "{Days} days.", folder, start.ToString("u", CultureInfo.InvariantCulture), StaleBackupDays);
            }
        }

        private void WriteFile(DeploymentPlan plan, Journal journal, FileChange change, int index)
        {
            var path = change.Path;
            if (!_machine.Files.FileExists(path))
            {
                throw new CertDeployException($"The configuration file {path} of service {change.Owner} no "
                    + "longer exists; it was there when the changes were planned. Check the service's "
                    + "installation and run CertDeploy again.");
            }

            var original = Guarded($"Reading {path}", () => _machine.Files.ReadAllBytes(path));
            var updated = AppSettingsEditor.SetThumbprints(path, original, plan.SigningThumbprint,
                plan.EncryptionThumbprint);
            if (updated == null)
            {
                journal.Append(JournalRecord.FileUnchanged, path);
                _log.Info("{File} (service {Service}) already has signing thumbprint {Signing} and encryption "
                    + "thumbprint {Encryption}; not rewritten.", path, change.Owner, plan.SigningThumbprint,
                    plan.EncryptionThumbprint);
                return;
            }

            var before = AppSettingsEditor.Read(path, original);
            var backupName = "file-" + index.ToString("D3", CultureInfo.InvariantCulture) + ".bak";
            var backupPath = Path.Combine(plan.BackupFolder, backupName);

            Guarded($"Saving a backup of {path} to {backupPath}",
                () => _machine.Files.WriteAllBytesAtomic(backupPath, original));
            journal.Append(JournalRecord.FileBackup, path, backupName);

            Guarded($"Writing {path}", () => _machine.Files.WriteAllBytesAtomic(path, updated));
            journal.Append(JournalRecord.FileWritten, path);

            _log.Info("Wrote {File} (service {Service}): SigningThumbprint {OldSigning} -> {NewSigning}, "
                + "EncryptionThumbprint {OldEncryption} -> {NewEncryption}.", path, change.Owner,
                before.SigningThumbprint ?? "(not set)", plan.SigningThumbprint,
                before.EncryptionThumbprint ?? "(not set)", plan.EncryptionThumbprint);
        }

        private void RestoreFile(DeploymentPlan plan, string path, string backupName)
        {
            var backupPath = Path.Combine(plan.BackupFolder, backupName);
            var saved = Guarded($"Reading the backup {backupPath} of {path}",
                () => _machine.Files.ReadAllBytes(backupPath));

            var current = _machine.Files.FileExists(path)
                ? Guarded($"Reading {path}", () => _machine.Files.ReadAllBytes(path))
                : null;
            if (current != null && current.SequenceEqual(saved))
            {
                _log.Verbose("{File} still has its original content; nothing to restore.", path);
                return;
            }

            Guarded($"Restoring {path} from its backup {backupPath}",
                () => _machine.Files.WriteAllBytesAtomic(path, saved));
            _log.Info("Restored {File} from the backup taken by run {RunId}.", path, plan.RunId);
        }

        private List<PendingGrant> CurrentGrants(DeploymentPlan plan)
        {
            var pending = new List<PendingGrant>();

            foreach (var service in plan.KeyGrants.GroupBy(g => g.ServiceName, StringComparer.OrdinalIgnoreCase))
            {
                var name = service.Key;
                var info = _machine.Services.Describe(name) ?? throw new CertDeployException(
                    $"Service {name} no longer exists; it did when the changes were planned. "
                    + "Run CertDeploy again so that the plan is made anew.");
                var account = ServiceAccounts.Resolve(name, info.ObjectName, _machine.Accounts);

                foreach (var planned in service)
                {
                    if (!string.Equals(planned.Sid, account.Sid, StringComparison.OrdinalIgnoreCase))
                    {
                        _log.Warn("Service {Service} now runs as {Account} ({Sid}); when the changes were "
                            + "planned it ran as {PlannedAccount} ({PlannedSid}). Access is granted to the "
                            + "account it runs as now.", name, account.AccountName, account.Sid,
                            planned.AccountName, planned.Sid);
                    }

                    if (!account.NeedsGrant)
                    {
                        _log.Verbose("Service {Service} runs as {Account} ({Sid}), which can read machine keys "
                            + "already; no access granted on {KeyFile}.", name, account.AccountName, account.Sid,
                            planned.KeyFilePath);
                        continue;
                    }

                    var same = pending.FirstOrDefault(p =>
                        string.Equals(p.KeyFile, planned.KeyFilePath, StringComparison.OrdinalIgnoreCase)
                        && string.Equals(p.Sid, account.Sid, StringComparison.OrdinalIgnoreCase));
                    if (same != null)
                    {
                        same.Services.Add(name);
                    }
                    else
                    {
                        pending.Add(new PendingGrant(planned.KeyFilePath, planned.Thumbprint,
                            account.AccountName, account.Sid, name));
                    }
                }
            }

            return pending.Where(p => !HasRead(p)).ToList();
        }

        private bool HasRead(PendingGrant grant)
        {
            var hasRead = Guarded($"Reading the access to the private key {grant.KeyFile}",
                () => _machine.Keys.HasRead(grant.KeyFile, grant.Sid));
            if (hasRead)
            {
                _log.Info("{Account} ({Sid}) can already read the private key {KeyFile} of certificate "
                    + "{Thumbprint}; no access granted.", grant.Account, grant.Sid, grant.KeyFile, grant.Thumbprint);
            }

            return hasRead;
        }

        private void ApplyGrant(Journal journal, PendingGrant grant)
        {
            var sddl = Guarded($"Reading the security descriptor of the private key {grant.KeyFile}",
                () => _machine.Keys.ReadDescriptor(grant.KeyFile));
            journal.Append(JournalRecord.DescriptorSaved, grant.KeyFile, sddl);

            Guarded($"Granting {grant.Account} ({grant.Sid}) read access to the private key {grant.KeyFile}",
                () => _machine.Keys.GrantRead(grant.KeyFile, grant.Sid));
            journal.Append(JournalRecord.GrantApplied,
                new[] { grant.KeyFile, grant.Sid, grant.Thumbprint, grant.Account }.Concat(grant.Services).ToArray());

            _log.Info("Granted read access to the private key {KeyFile} of certificate {Thumbprint} to "
                + "{Account} ({Sid}) for service {Services}.", grant.KeyFile, grant.Thumbprint, grant.Account,
                grant.Sid, string.Join(", ", grant.Services));
        }

        private HashSet<string> ChangedServices(DeploymentPlan plan)
        {
            var changed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

            foreach (var entry in Journal.Read(_machine.Files, plan.BackupFolder, _log))
            {
                if (entry.Kind == JournalRecord.FileWritten)
                {
                    changed.UnionWith(plan.FileChanges
                        .Where(f => string.Equals(f.Path, entry.Values[0], StringComparison.OrdinalIgnoreCase))
                        .Select(f => f.Owner));
                }
                else if (entry.Kind == JournalRecord.GrantApplied)
                {
                    changed.UnionWith(entry.Values.Skip(4));
                }
            }

            return changed;
        }

        private void RestartGroup(DeploymentPlan plan, Journal journal, IReadOnlyList<ServiceRestart> group,
            Action<string> progress)
        {
            foreach (var service in Enumerable.Reverse(group))
            {
                progress("Restarting service " + service.ServiceName);
                journal.Append(JournalRecord.ServiceStopping, service.ServiceName);
                var stopping = _machine.Clock.UtcNow;
                _machine.Services.Stop(service.ServiceName, plan.ServiceTimeout);
                _log.Info("Stopped service {Service} in {Seconds} s.", service.ServiceName,
                    Seconds(_machine.Clock.UtcNow - stopping));
            }

            foreach (var service in group)
            {
                var starting = _machine.Clock.UtcNow;
                _machine.Services.Start(service.ServiceName, plan.ServiceTimeout);
                journal.Append(JournalRecord.ServiceStarted, service.ServiceName);
                _log.Info("Started service {Service} with the new configuration in {Seconds} s.",
                    service.ServiceName, Seconds(_machine.Clock.UtcNow - starting));
            }

            _machine.Clock.Sleep(plan.SettleTime);
            foreach (var service in group)
            {
                var state = _machine.Services.GetState(service.ServiceName);
                if (state != ServiceState.Running)
                {
                    throw new CertDeployException($"Service {service.ServiceName} was started with the new "
                        + $"certificates but is {state} {Seconds(plan.SettleTime)} seconds later. Check the "
                        + "Windows event log (Application) for why it stops; the installation is rolled back.");
                }
            }
        }

        private void Attempt(List<CertDeployException> failures, Action action)
        {
            try
            {
                action();
            }
            catch (CertDeployException e)
            {
                _log.Error("{Problem}", e.Message);
                failures.Add(e);
            }
        }

        private static string Seconds(TimeSpan value) =>
            value.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);

        private static void ThrowIfAny(List<CertDeployException> failures)
        {
            if (failures.Count == 1)
            {
                throw failures[0];
            }

            if (failures.Count > 1)
            {
                throw new CertDeployException(failures.SelectMany(f => f.Findings));
            }
        }

        private static void Guarded(string what, Action action) => Guarded(what, () =>
        {
            action();
            return true;
        });

        // The Windows adapters report file and ACL errors as these types; they are turned into
        // messages that name the file, keeping the system's error as the inner exception.
        private static T Guarded<T>(string what, Func<T> action)
        {
            try
            {
                return action();
            }
            catch (IOException e)
            {
                throw new CertDeployException($"{what} failed: {e.Message}", e);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new CertDeployException($"{what} failed: access denied ({e.Message}).", e);
            }
            catch (Win32Exception e)
            {
                throw new CertDeployException($"{what} failed: {e.Message} (error {e.NativeErrorCode}).", e);
            }
        }

        private sealed class PendingGrant
        {
            public PendingGrant(string keyFile, string thumbprint, string account, string sid, string service)
            {
                KeyFile = keyFile;
                Thumbprint = thumbprint;
                Account = account;
                Sid = sid;
                Services = new List<string> { service };
            }

            public string KeyFile { get; }

            public string Thumbprint { get; }

            public string Account { get; }

            public string Sid { get; }

            public List<string> Services { get; }
        }
    }
}
