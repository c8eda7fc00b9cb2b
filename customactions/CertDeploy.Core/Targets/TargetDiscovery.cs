using System;
using System.Collections.Generic;
using System.Linq;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Ports;

namespace CertDeploy.Core.Targets
{
    /// <summary>A service CertDeploy configures: where its files are and whom it runs as.</summary>
    /// <param name="Service">The service as the service control manager describes it.</param>
    /// <param name="ApplicationFolder">Its program's folder (see <see cref="ImagePaths"/>).</param>
    /// <param name="Account">The account it runs as, translated to a SID.</param>
    public sealed record ServiceTarget(ServiceInfo Service, string ApplicationFolder,
                                       AccountSid Account);

    /// <summary>The services found, and everything worth telling about the search.</summary>
    /// <param name="Targets">The services that match and could be resolved, by name.</param>
    /// <param name="Findings">
    /// Warnings (a pattern that matches nothing) and errors (a service that cannot be resolved,
    /// no service at all); all of them, not only the first.
    /// </param>
    public sealed record TargetDiscoveryResult(IReadOnlyList<ServiceTarget> Targets,
                                               IReadOnlyList<Finding> Findings);

    /// <summary>Finds the services to configure on this machine.</summary>
    public static class TargetDiscovery
    {
        /// <summary>
        /// Lists the services, keeps those whose name matches one of <paramref name="patterns"/>,
        /// and resolves each one's application folder and account. A service that cannot be
        /// resolved gives an error finding naming it and the others are still resolved, so that
        /// the administrator sees every problem at once.
        /// </summary>
        /// <param name="patterns">Name patterns (see <see cref="ServicePatterns"/>).</param>
        /// <param name="services">The service control manager.</param>
        /// <param name="accounts">Translates account names to SIDs.</param>
        /// <param name="environment">Expands variables in ImagePath.</param>
        /// <param name="files">Tells which programs exist.</param>
        /// <param name="log">
        /// Gets each target at Information and each service passed over at Verbose.
        /// </param>
        public static TargetDiscoveryResult Discover(IReadOnlyList<string> patterns,
            IServiceControl services, IAccountLookup accounts, IMachineEnvironment environment,
            IFileSystem files, ILog log)
        {
            if (patterns == null)
            {
                throw new ArgumentNullException(nameof(patterns));
            }

            if (services == null)
            {
                throw new ArgumentNullException(nameof(services));
            }

            if (log == null)
            {
                throw new ArgumentNullException(nameof(log));
            }

            var patternList = string.Join(";", patterns);
            log.Verbose("Looking for services matching {Patterns}", patternList);

            var targets = new List<ServiceTarget>();
            var findings = new List<Finding>();
            var unmatchedPatterns = new List<string>(patterns);
            var matchedCount = 0;

            foreach (var name in services.ListServiceNames())
            {
                var matching = patterns.Where(p => ServicePatterns.Matches(p, name)).ToList();
                if (matching.Count == 0)
                {
                    log.Verbose("Service {Service} matches none of {Patterns}; passed over",
                        name, patternList);
                    continue;
                }

                matchedCount++;
                unmatchedPatterns.RemoveAll(p => matching.Contains(p));

                var target = Resolve(name, services, accounts, environment, files, log, findings);
                if (target != null)
                {
                    targets.Add(target);
                }
            }

            foreach (var pattern in unmatchedPatterns)
            {
                findings.Add(Finding.Warning("ServicePatternUnmatched",
                    $"Service pattern \"{pattern}\" matches no service on this machine."));
            }

            // Errors above already stop the run; this one is for a search that found nothing
            // to configure and nothing wrong.
            if (targets.Count == 0 && !findings.Any(f => f.IsError))
            {
                var why = matchedCount == 0
                    ? $"no service on this machine matches {patternList}"
                    : $"the services matching {patternList} were removed while CertDeploy looked "
                        + "at them";
                findings.Add(Finding.Error("NoTargetServices",
                    $"No service to configure: {why}. Check that the services are installed, or "
                    + $"give their names in {Installer.PropertyNames.ServicePatterns} (patterns "
                    + "with * and ?, separated by semicolons)."));
            }

            return new TargetDiscoveryResult(targets, findings);
        }

        private static ServiceTarget? Resolve(string name, IServiceControl services,
            IAccountLookup accounts, IMachineEnvironment environment, IFileSystem files, ILog log,
            List<Finding> findings)
        {
            ServiceInfo? service;
            try
            {
                service = services.Describe(name);
            }
            catch (CertDeployException e)
            {
                findings.Add(Finding.Error("ServiceUnreadable",
                    $"Service {name}: cannot read its configuration: {e.Message}"));
                return null;
            }

            if (service == null)
            {
                log.Warn("Service {Service} was removed while CertDeploy looked at it; passed over",
                    name);
                findings.Add(Finding.Warning("ServiceRemoved",
                    $"Service {name} was removed while CertDeploy looked at it; it is not "
                    + "configured."));
                return null;
            }

            string? folder = null;
            try
            {
                folder = ImagePaths.ApplicationFolder(service.Name, service.ImagePath,
                    environment, files);
            }
            catch (CertDeployException e)
            {
                findings.Add(Finding.Error("ServiceImagePath", e.Message));
            }

            AccountSid? account = null;
            try
            {
                account = ServiceAccounts.Resolve(service.Name, service.ObjectName, accounts);
            }
            catch (CertDeployException e)
            {
                findings.Add(Finding.Error("ServiceAccount", e.Message));
            }

            if (folder == null || account == null)
            {
                return null;
            }

            log.Info("Service {Service} ({DisplayName}) in {Folder} runs as {Account} ({Sid})",
                service.Name, service.DisplayName, folder, account.AccountName, account.Sid);
            return new ServiceTarget(service, folder, account);
        }
    }
}
