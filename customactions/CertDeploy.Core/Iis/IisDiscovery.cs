using System;
using System.Collections.Generic;
using System.Linq;
using CertDeploy.Core.Configuration;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Installer;
using CertDeploy.Core.Ports;
using CertDeploy.Core.Targets;

namespace CertDeploy.Core.Iis
{
    /// <summary>Finds the IIS applications to configure on this machine.</summary>
    public static class IisDiscovery
    {
        /// <summary>
        /// Reads applicationHost.config, keeps the applications that match one of
        /// <paramref name="patterns"/> (see <see cref="IisPatterns"/>), and resolves each one's
        /// folder, pool identity and environment. Every problem becomes a finding naming the site,
        /// application and path, and the other applications are still resolved. A machine without
        /// IIS gives no target and no finding (a warning when <paramref name="patternsGiven"/>).
        /// </summary>
        /// <param name="patterns">The IIS application patterns.</param>
        /// <param name="patternsGiven">
        /// Whether the administrator gave the patterns (CERTDEPLOY_IIS_APPS): then a pattern that
        /// matches nothing is a warning. The default patterns are also the services' ones, and
        /// most servers run these applications as services, so those go to the log only.
        /// </param>
        /// <param name="accounts">Translates pool users to SIDs.</param>
        /// <param name="environment">Expands %SystemDrive% and the like in paths.</param>
        /// <param name="files">Reads applicationHost.config and web.config.</param>
        /// <param name="log">
        /// Gets each target at Information, each passed-over application at Verbose.
        /// </param>
        public static IisDiscoveryResult Discover(IReadOnlyList<string> patterns, bool patternsGiven,
            IAccountLookup accounts, IMachineEnvironment environment, IFileSystem files, ILog log)
        {
            if (patterns == null)
            {
                throw new ArgumentNullException(nameof(patterns));
            }

            if (log == null)
            {
                throw new ArgumentNullException(nameof(log));
            }

            var findings = new List<Finding>();
            var targets = new List<IisTarget>();
            var patternList = string.Join(";", patterns);

            var path = ApplicationHostConfig.Locate(environment, files);
            if (path == null)
            {
                log.Verbose("IIS is not installed ({Path} does not exist); no IIS application is configured",
                    ApplicationHostConfig.DefaultPath);
                if (patternsGiven)
                {
                    findings.Add(Finding.Warning("IisNotInstalled",
                        $"{PropertyNames.IisApplications} names IIS applications ({patternList}), "
                        + "but IIS is not installed on this machine: there is no "
                        + $"{environment.ExpandVariables(ApplicationHostConfig.DefaultPath)}."));
                }

                return new IisDiscoveryResult(targets, findings, false);
            }

            ApplicationHostConfig config;
            try
            {
                config = ApplicationHostConfig.Load(path, files);
            }
            catch (ConfigFileException e)
            {
                findings.Add(Finding.Error("IisConfigMalformed", e.Message));
                return new IisDiscoveryResult(targets, findings, true);
            }

            log.Verbose("Looking for IIS applications matching {Patterns} in {Config}", patternList, path);
            var unmatched = new List<string>(patterns);

            foreach (var application in config.Applications)
            {
                var matching = patterns.Where(p => IisPatterns.Matches(p, application)).ToList();
                if (matching.Count == 0)
                {
                    log.Verbose("IIS application {Application} (application pool {Pool}) matches none of "
                        + "{Patterns}; passed over", application.FullName, application.PoolName, patternList);
                    continue;
                }

                unmatched.RemoveAll(p => matching.Contains(p));
                var target = Resolve(config, application, accounts, environment, files, findings);
                if (target != null)
                {
                    log.Info("IIS application {Application} in {Folder} runs in application pool {Pool} as "
                        + "{Account} ({Sid})", application.FullName, target.ApplicationFolder,
                        application.PoolName, target.Account.AccountName, target.Account.Sid);
                    targets.Add(target);
                }
            }

            foreach (var pattern in unmatched)
            {
                if (patternsGiven)
                {
                    findings.Add(Finding.Warning("IisPatternUnmatched",
                        $"IIS application pattern \"{pattern}\" matches no application in {path}."));
                }
                else
                {
                    log.Verbose("Pattern {Pattern} matches no IIS application", pattern);
                }
            }

            return new IisDiscoveryResult(targets, findings, true);
        }

        /// <summary>
        /// The account of an application pool as applicationHost.config says now, for the grant
        /// step, which reads the account again at execution time.
        /// </summary>
        /// <exception cref="CertDeployException">
        /// IIS or the pool is gone, the file cannot be read, or the account cannot be resolved.
        /// </exception>
        public static AccountSid CurrentPoolAccount(string poolName, IAccountLookup accounts,
            IMachineEnvironment environment, IFileSystem files)
        {
            var path = ApplicationHostConfig.Locate(environment, files) ?? throw new CertDeployException(
                $"Application pool {poolName}: IIS is no longer installed (there is no "
                + $"{environment.ExpandVariables(ApplicationHostConfig.DefaultPath)}); it was when the "
                + "changes were planned. Run CertDeploy again so that the plan is made anew.");
            var pool = ApplicationHostConfig.Load(path, files).FindPool(poolName) ?? throw new CertDeployException(
                $"Application pool {poolName} no longer exists in {path}; it did when the changes were "
                + "planned. Run CertDeploy again so that the plan is made anew.");

            return IisAccounts.Resolve(pool, accounts);
        }

        private static IisTarget? Resolve(ApplicationHostConfig config, ApplicationConfig application,
            IAccountLookup accounts, IMachineEnvironment environment, IFileSystem files, List<Finding> findings)
        {
            var name = $"IIS application {application.FullName} (site {application.SiteName}, "
                + $"path {application.Path})";
            var folder = Folder(config, application, name, environment, files, findings);

            var pool = config.FindPool(application.PoolName);
            AccountSid? account = null;
            if (pool == null)
            {
                findings.Add(Finding.Error("IisPoolMissing",
                    $"{name} runs in application pool {application.PoolName}, which {config.FilePath} "
                    + "does not define. Choose an existing pool for it in IIS Manager."));
            }
            else
            {
                try
                {
                    account = IisAccounts.Resolve(pool, accounts);
                }
                catch (CertDeployException e) when (!findings.Any(f => f.Message == e.Message))
                {
                    findings.Add(Finding.Error("IisPoolAccount", e.Message));
                }
                catch (CertDeployException)
                {
                    // Reported already for another application of the same pool.
                }
            }

            IReadOnlyList<string>? webEnvironment = null;
            if (folder != null)
            {
                try
                {
                    webEnvironment = WebConfig.EnvironmentVariables(folder, files);
                }
                catch (ConfigFileException e)
                {
                    findings.Add(Finding.Error("WebConfigMalformed", $"{name}: {e.Message}"));
                }
            }

            if (folder == null || account == null || webEnvironment == null)
            {
                return null;
            }

            // The module's settings merge from applicationHost.config into web.config: a name the
            // web.config sets again wins, and the pool's own variables come before both.
            var variables = pool!.Environment.Concat(config.LocationEnvironment(application))
                .Concat(webEnvironment).ToList();
            return new IisTarget(application, folder, account, variables);
        }

        private static string? Folder(ApplicationHostConfig config, ApplicationConfig application, string name,
            IMachineEnvironment environment, IFileSystem files, List<Finding> findings)
        {
            if (application.PhysicalPath == null)
            {
                findings.Add(Finding.Error("IisPhysicalPathMissing",
                    $"{name} has no root virtual directory with a physical path in {config.FilePath} "
                    + $"(line {application.Line}). Set its physical path in IIS Manager."));
                return null;
            }

            var expanded = environment.ExpandVariables(application.PhysicalPath);
            if (!WindowsPath.IsRooted(expanded))
            {
                findings.Add(Finding.Error("IisPhysicalPathInvalid",
                    $"{name} has the physical path \"{application.PhysicalPath}\", which is not a full "
                    + $"path once expanded (\"{expanded}\"). Set a full path in IIS Manager, or define "
                    + "the variable it uses for the whole machine."));
                return null;
            }

            var folder = WindowsPath.Normalize(expanded);
            if (!files.DirectoryExists(folder))
            {
                findings.Add(Finding.Error("IisPhysicalPathMissing",
                    $"{name} has the physical path {application.PhysicalPath}, and the folder {folder} "
                    + "does not exist. Correct the physical path in IIS Manager, or leave the "
                    + $"application out of {PropertyNames.IisApplications}."));
                return null;
            }

            return folder;
        }
    }
}
