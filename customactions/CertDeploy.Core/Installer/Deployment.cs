using System;
using System.Collections.Generic;
using System.Linq;
using CertDeploy.Core.Certificates;
using CertDeploy.Core.Configuration;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Execution;
using CertDeploy.Core.Iis;
using CertDeploy.Core.Keys;
using CertDeploy.Core.Planning;
using CertDeploy.Core.Ports;
using CertDeploy.Core.Targets;
using CertDeploy.Core.Thumbprints;

namespace CertDeploy.Core.Installer
{
    /// <summary>The result of <see cref="Deployment.Prepare"/>.</summary>
    /// <param name="Plan">What the deferred actions will do.</param>
    /// <param name="PlanData">The plan as CustomActionData.</param>
    /// <param name="Findings">Warnings found on the way (errors are thrown instead).</param>
    public sealed record PrepareResult(DeploymentPlan Plan, string PlanData, IReadOnlyList<Finding> Findings);

    /// <summary>What the certificate dialog offers.</summary>
    /// <param name="Signing">Entries for the signing list, best first.</param>
    /// <param name="Encryption">Entries for the encryption list, best first.</param>
    /// <param name="PreselectedSigning">The thumbprint to select in the signing list, or null.</param>
    /// <param name="PreselectedEncryption">The thumbprint to select in the encryption list, or null.</param>
    /// <param name="TargetsSummary">One sentence naming the services and IIS application pools that
    /// a run would configure, as far as they can be read before the installation.</param>
    public sealed record DialogChoices(IReadOnlyList<DialogEntry> Signing,
        IReadOnlyList<DialogEntry> Encryption, string? PreselectedSigning, string? PreselectedEncryption,
        string TargetsSummary);

    /// <summary>
    /// The installer's view of CertDeploy: one method per custom action. The entry points read
    /// properties or CustomActionData, call one of these and map the outcome; all decisions are
    /// made here and below.
    /// </summary>
    public sealed class Deployment
    {
        /// <summary>
        /// Where the backups and journals of all runs are kept (environment variables expanded).
        /// </summary>
        public const string BackupRoot = @"%ProgramData%\CertDeploy\Backups";

        /// <summary>How long a restarted service must stay running to count as started.</summary>
        public static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(5);

        private readonly MachinePorts _machine;
        private readonly ILog _log;

        /// <summary>Creates the facade over the machine's ports.</summary>
        public Deployment(MachinePorts machine, ILog log)
        {
            _machine = machine;
            _log = log;
        }

        /// <summary>
        /// Resolves the selection, validates it, finds the targets and plans every change. Changes
        /// nothing on the machine, except importing the PKCS#12 files named by the properties,
        /// which is undone here when the plan cannot be made.
        /// </summary>
        /// <exception cref="CertDeployException">Anything is wrong; every finding is in it.</exception>
        public PrepareResult Prepare(InstallerProperties properties)
        {
            var findings = new List<Finding>();
            var timeout = properties.ServiceTimeout(findings);
            var expiryDays = properties.ExpiryWarningDays(findings);
            var restart = properties.RestartEnabled(findings);
            var patterns = Patterns(properties, findings);

            var targets = Targets(patterns, findings);
            targets.AddRange(IisTargets(properties, targets.Count, findings));
            findings.AddRange(DependencyCycles(targets));
            ThrowIfErrors(findings);

            var imported = Import(properties, findings);
            var planned = false;
            try
            {
                var plan = Plan(properties, targets, timeout, expiryDays, restart, findings);
                ThrowIfErrors(findings);

                planned = true;
                return new PrepareResult(plan, plan.Serialize(), findings.Where(f => !f.IsError).ToList());
            }
            finally
            {
                // Whatever stopped the plan, the certificates imported for it go again.
                if (!planned)
                {
                    RemoveImported(imported);
                }
            }
        }

        /// <summary>
        /// The two lists of the certificate dialog, ranked, with the best candidates (or the
        /// given, remembered or configured ones) preselected. Never fails for one unreadable
        /// certificate: it is logged and left out.
        /// </summary>
        public DialogChoices LoadDialogChoices(InstallerProperties properties)
        {
            var now = _machine.Clock.UtcNow;
            var all = ReadableCertificates();
            var signing = CandidateRanking.Rank(all, CertificateRole.Signing, now);
            var encryption = CandidateRanking.Rank(all, CertificateRole.Encryption, now);

            var configured = CurrentConfiguration(properties);

            return new DialogChoices(
                signing.Select(c => DialogEntries.Format(c, CertificateRole.Signing, now)).ToList(),
                encryption.Select(c => DialogEntries.Format(c, CertificateRole.Encryption, now)).ToList(),
                Preselect(properties[PropertyNames.SigningThumbprint], properties[PropertyNames.RememberedSigning],
                    configured.Signing, signing, CertificateRole.Signing, now),
                Preselect(properties[PropertyNames.EncryptionThumbprint],
                    properties[PropertyNames.RememberedEncryption], configured.Encryption, encryption,
                    CertificateRole.Encryption, now),
                Summarize(configured.Targets));
        }

        /// <summary>Checks the dialog's selection; returns every finding (errors block Next).</summary>
        public IReadOnlyList<Finding> ValidateSelection(InstallerProperties properties)
        {
            var findings = new List<Finding>();
            var days = properties.ExpiryWarningDays(findings);
            var signing = properties[PropertyNames.SigningThumbprint];
            var encryption = properties[PropertyNames.EncryptionThumbprint];

            if (signing == null)
            {
                findings.Add(Finding.Error("NoSelection", "Choose a signing certificate."));
            }

            if (encryption == null)
            {
                findings.Add(Finding.Error("NoSelection", "Choose an encryption certificate."));
            }

            if (signing != null && encryption != null)
            {
                findings.AddRange(SelectionValidator.Validate(signing, encryption, _machine.Store,
                    _machine.Clock.UtcNow, days));
            }

            return findings;
        }

        /// <summary>Deferred: backs up and writes the thumbprints.</summary>
        public void Write(string planData) => Steps().Write(DeploymentPlan.Parse(planData));

        /// <summary>Rollback: restores the files this run wrote.</summary>
        public void WriteRollback(string planData) => Steps().WriteRollback(DeploymentPlan.Parse(planData));

        /// <summary>Deferred: grants the service accounts read access to the keys.</summary>
        public void Grant(string planData) => Steps().Grant(DeploymentPlan.Parse(planData));

        /// <summary>Rollback: puts back the saved key security descriptors.</summary>
        public void GrantRollback(string planData) => Steps().GrantRollback(DeploymentPlan.Parse(planData));

        /// <summary>Deferred: restarts the running services that this run changed.</summary>
        public void Restart(string planData, Action<string>? progress) =>
            Steps().Restart(DeploymentPlan.Parse(planData), progress);

        /// <summary>
        /// Rollback, last: restarts what the restart step touched, with the restored configuration.
        /// </summary>
        public void RestartRollback(string planData) => Steps().RestartRollback(DeploymentPlan.Parse(planData));

        /// <summary>Commit: deletes this run's backups.</summary>
        public void Commit(string planData) => Steps().Commit(DeploymentPlan.Parse(planData));

        private DeploymentSteps Steps() => new DeploymentSteps(_machine, _log);

        private static IReadOnlyList<string> Patterns(InstallerProperties properties, List<Finding> findings)
        {
            try
            {
                return ServicePatterns.Parse(properties[PropertyNames.ServicePatterns]);
            }
            catch (CertDeployException e)
            {
                findings.AddRange(e.Findings);
                return Array.Empty<string>();
            }
        }

        private List<PlannedTarget> Targets(IReadOnlyList<string> patterns, List<Finding> findings)
        {
            var planned = new List<PlannedTarget>();
            if (patterns.Count == 0)
            {
                return planned;
            }

            var discovery = TargetDiscovery.Discover(patterns, _machine.Services, _machine.Accounts,
                _machine.Environment, _machine.Files, _log);
            findings.AddRange(discovery.Findings);

            foreach (var target in discovery.Targets)
            {
                planned.Add(PlanTarget(target.Service.Name, "service " + target.Service.Name, target.Account,
                    target.Service.DependsOn, target.ApplicationFolder, target.Service.Environment, findings));
            }

            return planned;
        }

        // The IIS applications of CERTDEPLOY_IIS_APPS (by default the service patterns). When
        // some are found, a search for services that found none is no error.
        private List<PlannedTarget> IisTargets(InstallerProperties properties, int serviceTargets,
            List<Finding> findings)
        {
            var planned = new List<PlannedTarget>();
            var given = properties[PropertyNames.IisApplications];
            IReadOnlyList<string> patterns;
            try
            {
                patterns = IisPatterns.Parse(given);
            }
            catch (CertDeployException e)
            {
                findings.AddRange(e.Findings);
                return planned;
            }

            var discovery = IisDiscovery.Discover(patterns, given != null, _machine.Accounts, _machine.Environment,
                _machine.Files, _log);
            findings.AddRange(discovery.Findings);
            if (discovery.Targets.Count > 0 && serviceTargets == 0)
            {
                findings.RemoveAll(f => f.Code == "NoTargetServices");
            }

            foreach (var target in discovery.Targets)
            {
                planned.Add(PlanTarget(target.TargetName, target.Description, target.Account,
                    Array.Empty<string>(), target.ApplicationFolder, target.Environment, findings));
            }

            return planned;
        }

        private PlannedTarget PlanTarget(string name, string owner, AccountSid account,
            IReadOnlyList<string> dependsOn, string applicationFolder, IReadOnlyList<string> environment,
            List<Finding> findings)
        {
            var layout = ConfigLayers.Resolve(applicationFolder, owner, environment,
                _machine.Environment, _machine.Files);
            findings.AddRange(layout.Findings);

            var files = new List<(string Path, CertSettingsValues Values)>();
            foreach (var path in layout.FilesToUpdate)
            {
                try
                {
                    files.Add((path, AppSettingsEditor.Read(path, _machine.Files.ReadAllBytes(path))));
                }
                catch (CertDeployException e)
                {
                    findings.AddRange(e.Findings);
                }
            }

            return new PlannedTarget(name, account, dependsOn, files);
        }

        private DeploymentPlan Plan(InstallerProperties properties, List<PlannedTarget> targets,
            TimeSpan timeout, int expiryDays, bool restart, List<Finding> findings)
        {
            var now = _machine.Clock.UtcNow;
            var all = new Lazy<List<CertificateFacts>>(ReadableCertificates);
            var files = targets.SelectMany(t => t.Files).ToList();

            var signing = SelectionResolver.Resolve(CertificateRole.Signing, PropertyNames.SigningThumbprint,
                properties[PropertyNames.SigningThumbprint], properties[PropertyNames.RememberedSigning],
                files.Select(f => f.Values.SigningThumbprint).ToList(),
                () => CandidateRanking.Rank(all.Value, CertificateRole.Signing, now), now, findings, _log);
            var encryption = SelectionResolver.Resolve(CertificateRole.Encryption,
                PropertyNames.EncryptionThumbprint, properties[PropertyNames.EncryptionThumbprint],
                properties[PropertyNames.RememberedEncryption],
                files.Select(f => f.Values.EncryptionThumbprint).ToList(),
                () => CandidateRanking.Rank(all.Value, CertificateRole.Encryption, now), now, findings, _log);
            if (signing == null || encryption == null)
            {
                throw new CertDeployException(findings.Where(f => f.IsError));
            }

            _log.Info("Signing certificate {SigningThumbprint} ({SigningSource}); encryption certificate "
                + "{EncryptionThumbprint} ({EncryptionSource})",
                signing.Thumbprint, Describe(signing.Source), encryption.Thumbprint, Describe(encryption.Source));
            var gone = RememberedButGone(signing, "signing")
                .Concat(RememberedButGone(encryption, "encryption"))
                .ToList();
            findings.AddRange(gone.Count > 0
                ? gone
                : SelectionValidator.Validate(signing.Thumbprint, encryption.Thumbprint,
                    _machine.Store, now, expiryDays));
            ThrowIfErrors(findings);

            var runId = RunIds.Create(now);
            var backupRoot = WindowsPath.Normalize(_machine.Environment.ExpandVariables(BackupRoot));
            var backupFolder = WindowsPath.Combine(backupRoot, runId);

            var thumbprints = new[] { signing.Thumbprint, encryption.Thumbprint };
            return new DeploymentPlan(runId, backupFolder, signing.Thumbprint, encryption.Thumbprint,
                FileChanges(targets, signing.Thumbprint, encryption.Thumbprint),
                KeyGrants(targets, thumbprints, findings),
                Restarts(targets), restart, timeout, SettleTime,
                findings.Where(f => !f.IsError).Select(f => f.Message).ToList(),
                KeyFiles(thumbprints));
        }

        // Every key kept in a file, also when no target needs a grant today: the grant step reads
        // the accounts again and may find one that does.
        private List<KeyFile> KeyFiles(IEnumerable<string> thumbprints) =>
            thumbprints.Distinct(StringComparer.Ordinal)
                .Select(t => (Thumbprint: t, Key: _machine.Store.Find(t)?.Key))
                .Where(k => k.Key?.FilePath != null
                    && (k.Key.Kind == KeyStorageKind.CapiFile || k.Key.Kind == KeyStorageKind.CngFile))
                .Select(k => new KeyFile(k.Thumbprint, k.Key!.FilePath!))
                .ToList();

        // The service control manager cannot start services that depend on each other in a
        // circle, so the restart step could never finish: refused before anything changes.
        private static IEnumerable<Finding> DependencyCycles(List<PlannedTarget> targets) =>
            ServiceOrder.FindCycles(Restarts(targets)).Select(cycle => Finding.Error("ServiceDependencyCycle",
                $"The services {string.Join(" -> ", cycle)} depend on each other in a circle, so Windows "
                + "cannot start them in any order and CertDeploy cannot restart them. Correct their "
                + "dependencies (the \"Dependencies\" tab in services.msc shows them; sc.exe config NAME "
                + $"depend= changes them), or leave one of them out of {PropertyNames.ServicePatterns}."));

        private static List<FileChange> FileChanges(List<PlannedTarget> targets, string signing, string encryption) =>
            targets.SelectMany(t => t.Files.Select(f => new FileChange(f.Path, t.Name,
                    f.Values.SigningThumbprint, signing, f.Values.EncryptionThumbprint, encryption)))
                .ToList();

        private List<KeyGrant> KeyGrants(List<PlannedTarget> targets, IEnumerable<string> thumbprints,
            List<Finding> findings)
        {
            var grants = new List<KeyGrant>();

            foreach (var thumbprint in thumbprints.Distinct(StringComparer.Ordinal))
            {
                var key = _machine.Store.Find(thumbprint)?.Key;
                if (key?.FilePath == null
                    || (key.Kind != KeyStorageKind.CapiFile && key.Kind != KeyStorageKind.CngFile))
                {
                    // Hardware keys were reported by the validation; they have no file to grant on.
                    continue;
                }

                // Several IIS applications of one pool are one account and one restart.
                foreach (var target in targets.Where(t => t.Account.NeedsGrant)
                    .GroupBy(t => t.Name, StringComparer.OrdinalIgnoreCase).Select(g => g.First()))
                {
                    var account = target.Account;
                    try
                    {
                        KeyGrantPolicy.EnsureGrantable(key.FilePath, account.Sid);
                        grants.Add(new KeyGrant(key.FilePath, thumbprint, target.Name,
                            account.AccountName, account.Sid));
                    }
                    catch (CertDeployException e)
                    {
                        findings.AddRange(e.Findings);
                    }
                }
            }

            ThrowIfErrors(findings);
            return grants;
        }

        private static List<ServiceRestart> Restarts(List<PlannedTarget> targets)
        {
            var names = new HashSet<string>(targets.Select(t => t.Name), StringComparer.OrdinalIgnoreCase);

            return targets
                .GroupBy(t => t.Name, StringComparer.OrdinalIgnoreCase)
                .Select(g => g.First())
                .Select(t => TargetNames.TryGetPool(t.Name, out var pool)
                    ? ServiceRestart.ForApplicationPool(pool)
                    : new ServiceRestart(t.Name, t.DependsOn.Where(names.Contains).ToList()))
                .ToList();
        }

        private List<string> Import(InstallerProperties properties, List<Finding> findings)
        {
            var imported = new List<string>();
            var files = properties.Pkcs12Files();
            if (files.Count == 0)
            {
                return imported;
            }

            var password = properties.Raw(PropertyNames.Pkcs12Password) ?? "";
            var failed = false;
            try
            {
                foreach (var file in files)
                {
                    try
                    {
                        var added = _machine.Store.Import(file, password);
                        imported.AddRange(added);
                        _log.Info("Imported {File} into LocalMachine\\My: {Count} new certificate(s) "
                            + "{Thumbprints}", file, added.Count, string.Join(", ", added));
                    }
                    catch (CertDeployException e)
                    {
                        // The other files are still tried, so that one run names every bad file.
                        findings.AddRange(e.Findings);
                        failed = true;
                    }
                }
            }
            catch
            {
                RemoveImported(imported);
                throw;
            }

            if (failed)
            {
                RemoveImported(imported);
                ThrowIfErrors(findings);
            }

            return imported;
        }

        private void RemoveImported(List<string> imported)
        {
            foreach (var thumbprint in imported)
            {
                try
                {
                    _machine.Store.Remove(thumbprint);
                    _log.Info("Removed certificate {Thumbprint} that this run imported, since the run cannot go on",
                        thumbprint);
                }
                catch (CertDeployException e)
                {
                    _log.Error("Could not remove certificate {Thumbprint} that this run imported: {Error}. "
                        + "Remove it in certlm.msc (Personal) if it is not wanted.", thumbprint, e.Message);
                }
            }
        }

        private List<CertificateFacts> ReadableCertificates()
        {
            var result = new List<CertificateFacts>();

            foreach (var entry in _machine.Store.List())
            {
                try
                {
                    result.Add(CertificateFacts.FromStore(entry));
                }
                catch (CertificateReadException e)
                {
                    _log.Warn("Leaving out a certificate of LocalMachine\\My that cannot be read: {Error}", e.Message);
                }
            }

            return result;
        }

        private (string? Signing, string? Encryption, IReadOnlyList<string>? Targets) CurrentConfiguration(
            InstallerProperties properties)
        {
            // The dialog only proposes: a machine where the targets cannot be read yet (not elevated,
            // a service still being installed) must still show the lists.
            try
            {
                var findings = new List<Finding>();
                var targets = Targets(Patterns(properties, findings), findings);
                targets.AddRange(IisTargets(properties, targets.Count, findings));
                var files = targets.SelectMany(t => t.Files).ToList();
                return (SelectionResolver.Agreed(files.Select(f => f.Values.SigningThumbprint)),
                    SelectionResolver.Agreed(files.Select(f => f.Values.EncryptionThumbprint)),
                    targets.Select(t => t.Name).ToList());
            }
            catch (CertDeployException e)
            {
                _log.Verbose("The current configuration could not be read to preselect certificates: {Error}",
                    e.Message);
                return (null, null, null);
            }
        }

        private static string Summarize(IReadOnlyList<string>? targets)
        {
            if (targets == null || targets.Count == 0)
            {
                return "No service or IIS application to configure was found yet; the installation "
                    + "looks again before it changes anything.";
            }

            var names = targets
                .Select(t => TargetNames.TryGetPool(t, out var pool) ? "IIS application pool " + pool : t)
                .Distinct(StringComparer.OrdinalIgnoreCase);
            return "To configure: " + string.Join(", ", names) + ".";
        }

        private static string? Preselect(string? given, string? remembered, string? configured,
            IReadOnlyList<CertificateFacts> ranked, CertificateRole role, DateTimeOffset now)
        {
            // A thumbprint given on the command line is shown as given, usable or not, so that the
            // check names its problem. A remembered or configured one is only a suggestion: at a
            // renewal it is the old certificate, expired or without its key by now.
            if (Thumbprint.TryNormalize(given, "", out var explicitChoice, out _)
                && ranked.Any(c => c.Thumbprint == explicitChoice))
            {
                return explicitChoice;
            }

            foreach (var candidate in new[] { remembered, configured })
            {
                if (Thumbprint.TryNormalize(candidate, "", out var thumbprint, out _)
                    && ranked.Any(c => c.Thumbprint == thumbprint && CandidateRanking.IsUsable(c, role, now)))
                {
                    return thumbprint;
                }
            }

            return ranked.FirstOrDefault(c => CandidateRanking.IsUsable(c, role, now))?.Thumbprint;
        }

        // A remembered certificate that has left the store: the administrator must choose again,
        // so the other checks of the selection would only add noise.
        private IEnumerable<Finding> RememberedButGone(RoleSelection selection, string role)
        {
            if (selection.Source != SelectionSource.Remembered
                || _machine.Store.Find(selection.Thumbprint) != null)
            {
                yield break;
            }

            yield return Finding.Error(CertificateFindingCodes.CertificateNotFound,
                $"The {role} certificate {selection.Thumbprint}, remembered from the last successful "
                + @"run in HKLM\SOFTWARE\CertDeploy, is no longer in LocalMachine\My. Choose the "
                + $"certificates for this run with {PropertyNames.SigningThumbprint} and "
                + $"{PropertyNames.EncryptionThumbprint} (or in the dialog), or import the remembered "
                + "certificate into Local Computer > Personal again.");
        }

        private static string Describe(SelectionSource source) => source switch
        {
            SelectionSource.Explicit => "given",
            SelectionSource.Remembered => "remembered from the last successful run",
            _ => "what the services are configured with today",
        };

        private static void ThrowIfErrors(List<Finding> findings)
        {
            if (findings.Any(f => f.IsError))
            {
                throw new CertDeployException(findings.Where(f => f.IsError));
            }
        }

        private sealed class PlannedTarget
        {
            public PlannedTarget(string name, AccountSid account, IReadOnlyList<string> dependsOn,
                List<(string Path, CertSettingsValues Values)> files)
            {
                Name = name;
                Account = account;
                DependsOn = dependsOn;
                Files = files;
            }

            /// <summary>The service name, or IIS AppPool\pool for an IIS application.</summary>
            public string Name { get; }

            public AccountSid Account { get; }

            public IReadOnlyList<string> DependsOn { get; }

            public List<(string Path, CertSettingsValues Values)> Files { get; }
        }
    }
}
