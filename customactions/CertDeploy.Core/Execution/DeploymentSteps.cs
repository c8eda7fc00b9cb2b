using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.IO;
using System.Linq;
using CertDeploy.Core.Configuration;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Iis;
using CertDeploy.Core.Keys;
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
        /// are left over when a run was rolled back (the journal is kept for the administrator) or
        /// when the machine stopped before the rollback or commit actions ran.
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
        /// before it is replaced atomically. Each application folder of the plan is then looked at
        /// again: a settings file with CertSettings that the upgrade added since planning (such as
        /// appsettings.Production.json) is written the same way.
        /// </summary>
        /// <exception cref="CertDeployException">
        /// A file is missing, unreadable or has no CertSettings; a folder's settings are now in a
        /// state that planning would have refused (named in the message); a target has gone.
        /// </exception>
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

            var next = plan.FileChanges.Count;
            foreach (var added in FilesAddedSincePlanning(plan))
            {
                _log.Warn("{File} of {Target} was added after the changes were planned (by the upgrade) and "
                    + "holds CertSettings; it gets the new thumbprints too.", added.Path,
                    ServiceRestart.Describe(added.Owner));
                WriteFile(plan, journal, added, next++);
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
        /// Grants the account of every target of the plan (services and IIS application pools)
        /// read access to the key files of the plan. Each account is read again now (a repair may
        /// have moved a service from LocalSystem to an account of its own, which was planned no
        /// grant); an account that can already read the key gets nothing; before each grant the
        /// key's whole security descriptor is journalled.
        /// </summary>
        /// <exception cref="CertDeployException">
        /// A target has gone, its account cannot be resolved, or it is a group that must not get access.
        /// </exception>
        public void Grant(DeploymentPlan plan)
        {
            _log.Info("Granting the service accounts read access to {Count} private keys (run {RunId}).",
                plan.KeyFiles.Select(k => k.Path).Distinct(StringComparer.OrdinalIgnoreCase).Count(),
                plan.RunId);
            if (plan.KeyFiles.Count == 0)
            {
                return;
            }

            EnsureKeyFilesAreTheStores(plan);

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

        // Access is granted as SYSTEM on the paths the plan names: each must be the key file the
        // store keeps for that certificate now, so that a plan altered on its way through
        // CustomActionData cannot open another file to the service accounts.
        private void EnsureKeyFilesAreTheStores(DeploymentPlan plan)
        {
            foreach (var key in plan.KeyFiles)
            {
                var actual = _machine.Store.Find(key.Thumbprint)?.Key.FilePath;
                if (!string.Equals(actual, key.Path, StringComparison.OrdinalIgnoreCase))
                {
                    throw new CertDeployException($"The plan names {key.Path} as the private key file of "
                        + $"certificate {key.Thumbprint}, but LocalMachine\\My keeps its key "
                        + (actual == null ? "in no file" : "in " + actual)
                        + ". No access was granted. Run the installation again so that the plan is made anew.");
                }
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
        /// this run changed (nothing, when restart is turned off), and every running target that
        /// depends on one of them, directly or through other targets (Windows does not stop a
        /// service while a service that needs it runs). Independent services restart in parallel; a
        /// service is stopped before, and started after, the services it depends on. A paused or
        /// starting or stopping service is not restarted, with a warning that it may still use the
        /// old certificates.
        /// Each started service must still be running after the plan's settle time. An IIS
        /// application pool that is started is recycled (journalled first), must be started again
        /// and still be started after the settle time (a pool that rapid-fail protection stopped is
        /// a failed restart); a stopped pool is left stopped.
        /// </summary>
        /// <param name="plan">The plan.</param>
        /// <param name="progress">
        /// Told "Restarting service NAME" or "Recycling IIS application pool NAME" before each;
        /// calls are serialised.
        /// </param>
        /// <exception cref="CertDeployException">
        /// A service did not stop or start, or stopped again.
        /// </exception>
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
            var pools = new List<ServiceRestart>();
            foreach (var candidate in candidates)
            {
                if (candidate.Kind == RestartKind.ApplicationPool)
                {
                    var poolState = _machine.Pools.GetState(candidate.PoolName!);
                    if (poolState == ApplicationPoolState.Started)
                    {
                        pools.Add(candidate);
                    }
                    else if (poolState == ApplicationPoolState.Starting || poolState == ApplicationPoolState.Stopping)
                    {
                        _log.Warn("IIS application pool {Pool} is {State}, so it is not recycled: if it runs, it "
                            + "still uses the OLD certificates until it is recycled. Recycle it in IIS Manager "
                            + "once it has settled.", candidate.PoolName, poolState);
                    }
                    else
                    {
                        _log.Info("IIS application pool {Pool} is {State} and is left so; it uses the new "
                            + "configuration when it is next started.", candidate.PoolName, poolState);
                    }

                    continue;
                }

                var state = _machine.Services.GetState(candidate.ServiceName);
                if (state == ServiceState.Running)
                {
                    running.Add(candidate);
                }
                else if (state == ServiceState.Stopped)
                {
                    _log.Info("Service {Service} is {State} and is left so; it uses the new configuration "
                        + "when it is next started.", candidate.ServiceName, state);
                }
                else
                {
                    WarnNotRestarted(candidate.ServiceName, state);
                }
            }

            running.AddRange(RunningDependents(plan, running));

            if (running.Count == 0 && pools.Count == 0)
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

            // A pool depends on no service: each is a group of its own, recycled beside the services.
            var groups = ServiceOrder.Groups(running)
                .Concat(pools.Select(p => (IReadOnlyList<ServiceRestart>)new[] { p }))
                .ToList();
            ServiceOrder.RunGroupsInParallel(groups, group =>
            {
                if (group[0].Kind == RestartKind.ApplicationPool)
                {
                    RecyclePool(plan, journal, group[0].PoolName!, report);
                }
                else
                {
                    RestartGroup(plan, journal, group, report);
                }
            });
        }

        /// <summary>
        /// Runs last in a rollback, after files and key access are restored: every service this
        /// run stopped is made to run again, and one that was started with the new configuration
        /// is restarted so that it reads the restored one. Every IIS application pool this run
        /// recycled is recycled again (or started, if it stopped) and must stay started. Other
        /// services and pools are not touched.
        /// </summary>
        public void RestartRollback(DeploymentPlan plan)
        {
            var entries = Journal.Read(_machine.Files, plan.BackupFolder, _log);
            var stopped = entries
                .Where(e => e.Kind == JournalRecord.ServiceStopping)
                .Select(e => e.Values[0])
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToList();
            var recycled = entries
                .Where(e => e.Kind == JournalRecord.PoolRecycling)
                .Select(e => e.Values[0])
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToList();
            if (stopped.Count == 0 && recycled.Count == 0)
            {
                _log.Info("No service was stopped and no application pool recycled by run {RunId}; none is "
                    + "restarted.", plan.RunId);
                return;
            }

            var failures = new List<CertDeployException>();
            foreach (var pool in recycled)
            {
                Attempt(failures, () => RecyclePoolBack(plan, pool));
            }

            if (stopped.Count > 0)
            {
                RestartServicesBack(plan, stopped, failures);
            }

            ThrowIfAny(failures);
        }

        // Paused is left alone on purpose: an administrator paused the service, and stopping and
        // starting it would resume its work; the warning tells what it still uses.
        private void WarnNotRestarted(string service, ServiceState state)
        {
            var what = state == ServiceState.Paused
                ? "it keeps the OLD certificates in memory and goes on with them when it is continued"
                : state == ServiceState.StartPending
                    ? "it may have read the OLD certificates before they were changed"
                    : "if it does not stop, it keeps running with the OLD certificates";
            _log.Warn("Service {Service} is {State} and was not restarted: " + what + ". Restart it (stop, "
                + "then start) in services.msc so that it uses the new certificates.", service, state);
        }

        // Windows refuses to stop a service while a service that depends on it runs. A running
        // target that depends on a restarted one is restarted too, even when its own files and
        // key access are current: stopped before it and started after it.
        private List<ServiceRestart> RunningDependents(DeploymentPlan plan, List<ServiceRestart> restarting)
        {
            var names = new HashSet<string>(restarting.Select(r => r.ServiceName), StringComparer.OrdinalIgnoreCase);
            var added = new List<ServiceRestart>();
            var passedOver = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            bool found;

            do
            {
                found = false;
                foreach (var target in plan.Restarts)
                {
                    if (target.Kind != RestartKind.Service || names.Contains(target.ServiceName)
                        || passedOver.Contains(target.ServiceName))
                    {
                        continue;
                    }

                    var dependency = target.DependsOn.FirstOrDefault(names.Contains);
                    if (dependency == null)
                    {
                        continue;
                    }

                    var state = _machine.Services.GetState(target.ServiceName);
                    if (state != ServiceState.Running)
                    {
                        passedOver.Add(target.ServiceName);
                        continue;
                    }

                    _log.Info("Service {Service} depends on service {Dependency}, which is restarted: it is "
                        + "stopped before and started after it.", target.ServiceName, dependency);
                    names.Add(target.ServiceName);
                    added.Add(target);
                    found = true;
                }
            }
            while (found);

            return added;
        }

        private void RestartServicesBack(DeploymentPlan plan, List<string> stopped,
            List<CertDeployException> failures)
        {

            var order = ServiceOrder.DependenciesFirst(stopped.Select(name =>
                plan.Restarts.FirstOrDefault(r => string.Equals(r.ServiceName, name,
                    StringComparison.OrdinalIgnoreCase)) ?? new ServiceRestart(name, new List<string>())).ToList());

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
        }

        /// <summary>
        /// Deletes this run's backups once the installation is committed, and backup folders of
        /// earlier runs older than <see cref="StaleBackupDays"/> days. A folder that cannot be
        /// deleted does not keep the others: every failure is reported at the end.
        /// </summary>
        public void Commit(DeploymentPlan plan)
        {
            var failures = new List<Finding>();
            DeleteBackups($"Deleting the backup folder {plan.BackupFolder}", plan.BackupFolder, failures,
                () => _log.Info("Deleted the backups of run {RunId} in {Folder}.", plan.RunId, plan.BackupFolder));

            SweepOldBackups(plan, failures);
            if (failures.Count > 0)
            {
                throw new CertDeployException(failures);
            }
        }

        private void DeleteBackups(string what, string folder, List<Finding> failures, Action done)
        {
            try
            {
                Guarded(what, () => _machine.Files.DeleteDirectory(folder));
                done();
            }
            catch (CertDeployException failure)
            {
                failures.AddRange(failure.Findings);
            }
        }

        private void SweepOldBackups(DeploymentPlan plan, List<Finding> failures)
        {
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

                DeleteBackups($"Deleting the old backup folder {folder}", folder, failures,
                    () => _log.Info("Deleted the backups of an earlier run in {Folder}, started {Start}: "
                        + "older than {Days} days.", folder, start.ToString("u", CultureInfo.InvariantCulture),
                        StaleBackupDays));
            }
        }

        private void WriteFile(DeploymentPlan plan, Journal journal, FileChange change, int index)
        {
            var path = change.Path;
            if (!_machine.Files.FileExists(path))
            {
                throw new CertDeployException($"The configuration file {path} of "
                    + $"{ServiceRestart.Describe(change.Owner)} no longer exists; it was there when the "
                    + "changes were planned. Check the service's installation and run CertDeploy again.");
            }

            var original = Guarded($"Reading {path}", () => _machine.Files.ReadAllBytes(path));
            var updated = AppSettingsEditor.SetThumbprints(path, original, plan.SigningThumbprint,
                plan.EncryptionThumbprint);
            if (updated == null)
            {
                journal.Append(JournalRecord.FileUnchanged, path);
                _log.Info("{File} ({Target}) already has signing thumbprint {Signing} and encryption "
                    + "thumbprint {Encryption}; not rewritten.", path, ServiceRestart.Describe(change.Owner),
                    plan.SigningThumbprint,
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
            journal.Append(JournalRecord.FileWritten, path, change.Owner);

            _log.Info("Wrote {File} ({Target}): SigningThumbprint {OldSigning} -> {NewSigning}, "
                + "EncryptionThumbprint {OldEncryption} -> {NewEncryption}.", path,
                ServiceRestart.Describe(change.Owner),
                before.SigningThumbprint ?? "(not set)", plan.SigningThumbprint,
                before.EncryptionThumbprint ?? "(not set)", plan.EncryptionThumbprint);
        }

        // .NET reads appsettings.{Environment}.json when it exists: one that the upgrade's
        // InstallFiles put there after Prepare would otherwise override the new thumbprints.
        private List<FileChange> FilesAddedSincePlanning(DeploymentPlan plan)
        {
            var planned = new HashSet<string>(plan.FileChanges.Select(f => WindowsPath.Normalize(f.Path)),
                StringComparer.OrdinalIgnoreCase);
            var folders = plan.FileChanges
                .Select(f => (Folder: WindowsPath.GetDirectoryName(f.Path), f.Owner))
                .Where(f => f.Folder != null)
                .Distinct()
                .ToList();
            var added = new List<FileChange>();
            var errors = new List<Finding>();

            foreach (var (folder, owner) in folders)
            {
                var environment = CurrentEnvironment(owner, folder!);
                var layout = Guarded($"Reading the settings files in {folder}", () => ConfigLayers.Resolve(
                    folder!, ServiceRestart.Describe(owner), environment, _machine.Environment, _machine.Files));
                errors.AddRange(layout.Findings.Where(f => f.IsError));

                foreach (var path in layout.FilesToUpdate)
                {
                    if (planned.Add(WindowsPath.Normalize(path)))
                    {
                        added.Add(new FileChange(path, owner, null, plan.SigningThumbprint, null,
                            plan.EncryptionThumbprint));
                    }
                }
            }

            if (errors.Count > 0)
            {
                _log.Error("The settings files changed after the changes were planned, and are now in a state "
                    + "that CertDeploy refuses: {Problems}", string.Join(" ", errors.Select(e => e.Message)));
                throw new CertDeployException(errors);
            }

            return added;
        }

        private IReadOnlyList<string> CurrentEnvironment(string owner, string folder)
        {
            if (TargetNames.TryGetPool(owner, out var pool))
            {
                var path = ApplicationHostConfig.Locate(_machine.Environment, _machine.Files)
                    ?? throw new CertDeployException($"Application pool {pool}: IIS is no longer installed; it "
                        + "was when the changes were planned. Run CertDeploy again so that the plan is made anew.");
                var config = Guarded($"Reading {path}", () => ApplicationHostConfig.Load(path, _machine.Files));
                var found = config.FindPool(pool) ?? throw new CertDeployException($"Application pool {pool} "
                    + $"no longer exists in {path}; it did when the changes were planned. Run CertDeploy again "
                    + "so that the plan is made anew.");
                var web = Guarded($"Reading the web.config in {folder}",
                    () => WebConfig.EnvironmentVariables(folder, _machine.Files));
                return found.Environment.Concat(web).ToList();
            }

            var service = _machine.Services.Describe(owner) ?? throw new CertDeployException(
                $"Service {owner} no longer exists; it did when the changes were planned. "
                + "Run CertDeploy again so that the plan is made anew.");
            return service.Environment;
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
            var targets = plan.Restarts
                .Select(r => r.ServiceName)
                .Concat(plan.KeyGrants.Select(g => g.ServiceName))
                .Distinct(StringComparer.OrdinalIgnoreCase);

            foreach (var name in targets)
            {
                var account = CurrentAccount(name);
                ReportAccountChange(plan, name, account);

                if (!account.NeedsGrant)
                {
                    _log.Verbose("{Target} runs as {Account} ({Sid}), which can read machine keys already; no "
                        + "access granted.", ServiceRestart.Describe(name), account.AccountName, account.Sid);
                    continue;
                }

                foreach (var key in plan.KeyFiles)
                {
                    KeyGrantPolicy.EnsureGrantable(key.Path, account.Sid);
                    var same = pending.FirstOrDefault(p =>
                        string.Equals(p.KeyFile, key.Path, StringComparison.OrdinalIgnoreCase)
                        && string.Equals(p.Sid, account.Sid, StringComparison.OrdinalIgnoreCase));
                    if (same != null)
                    {
                        same.Services.Add(name);
                    }
                    else
                    {
                        pending.Add(new PendingGrant(key.Path, key.Thumbprint, account.AccountName, account.Sid,
                            name));
                    }
                }
            }

            return pending.Where(p => !HasRead(p)).ToList();
        }

        private void ReportAccountChange(DeploymentPlan plan, string name, AccountSid account)
        {
            var planned = plan.KeyGrants.FirstOrDefault(g =>
                string.Equals(g.ServiceName, name, StringComparison.OrdinalIgnoreCase));
            if (planned != null && !string.Equals(planned.Sid, account.Sid, StringComparison.OrdinalIgnoreCase))
            {
                _log.Warn("Service {Service} now runs as {Account} ({Sid}); when the changes were planned it "
                    + "ran as {PlannedAccount} ({PlannedSid}). Access is granted to the account it runs as now.",
                    name, account.AccountName, account.Sid, planned.AccountName, planned.Sid);
            }
            else if (planned == null && account.NeedsGrant)
            {
                _log.Warn("Service {Service} now runs as {Account} ({Sid}); when the changes were planned it "
                    + "ran as an account that can read machine keys without a grant. Access is granted to the "
                    + "account it runs as now.", name, account.AccountName, account.Sid);
            }
        }

        private AccountSid CurrentAccount(string targetName)
        {
            if (TargetNames.TryGetPool(targetName, out var pool))
            {
                return Guarded($"Reading the identity of IIS application pool {pool}", () =>
                    IisDiscovery.CurrentPoolAccount(pool, _machine.Accounts, _machine.Environment,
                        _machine.Files));
            }

            var info = _machine.Services.Describe(targetName) ?? throw new CertDeployException(
                $"Service {targetName} no longer exists; it did when the changes were planned. "
                + "Run CertDeploy again so that the plan is made anew.");
            return ServiceAccounts.Resolve(targetName, info.ObjectName, _machine.Accounts);
        }

        private void RecyclePool(DeploymentPlan plan, Journal journal, string pool, Action<string> progress)
        {
            progress("Recycling IIS application pool " + pool);
            journal.Append(JournalRecord.PoolRecycling, pool);
            _machine.Pools.Recycle(pool);
            _log.Info("Recycled IIS application pool {Pool}.", pool);

            var state = _machine.Pools.WaitWhilePending(pool, plan.ServiceTimeout);
            if (state == ApplicationPoolState.Started)
            {
                _machine.Clock.Sleep(plan.SettleTime);
                state = _machine.Pools.GetState(pool);
            }

            if (state != ApplicationPoolState.Started)
            {
                throw new CertDeployException($"IIS application pool {pool} was recycled with the new "
                    + $"certificates but is {state} {Seconds(plan.SettleTime)} seconds later. IIS stops a pool "
                    + "whose worker process fails repeatedly (rapid-fail protection): check the Windows event "
                    + "log (System, source WAS, and Application) for why; the installation is rolled back.");
            }

            journal.Append(JournalRecord.PoolRecycled, pool);
        }

        private void RecyclePoolBack(DeploymentPlan plan, string pool)
        {
            var state = _machine.Pools.WaitWhilePending(pool, plan.ServiceTimeout);
            if (state == ApplicationPoolState.Started)
            {
                _machine.Pools.Recycle(pool);
                _log.Info("Recycled IIS application pool {Pool} so that it reads its restored configuration.",
                    pool);
            }
            else
            {
                _machine.Pools.Start(pool);
                _log.Info("Started IIS application pool {Pool} again with its restored configuration; it was "
                    + "{State}.", pool, state);
            }

            state = _machine.Pools.WaitWhilePending(pool, plan.ServiceTimeout);
            if (state == ApplicationPoolState.Started)
            {
                _machine.Clock.Sleep(plan.SettleTime);
                state = _machine.Pools.GetState(pool);
            }

            if (state != ApplicationPoolState.Started)
            {
                throw new CertDeployException($"IIS application pool {pool} is {state} after the rollback "
                    + "recycled it with its restored configuration. Start it in IIS Manager and check the "
                    + "Windows event log (System, source WAS, and Application) for why it stops.");
            }
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
                + "{Account} ({Sid}) for {Targets}.", grant.KeyFile, grant.Thumbprint, grant.Account,
                grant.Sid, string.Join(", ", grant.Services.Select(ServiceRestart.Describe)));
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
                    changed.UnionWith(entry.Values.Skip(1));
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
