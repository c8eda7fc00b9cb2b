using System;
using System.Collections.Generic;
using System.Linq;
using CertDeploy.Core.Certificates;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Thumbprints;

namespace CertDeploy.Core.Installer
{
    /// <summary>Where the chosen thumbprint of a role came from, for the log.</summary>
    public enum SelectionSource
    {
        /// <summary>A property: the command line or the dialog.</summary>
        Explicit,

        /// <summary>The value remembered in the registry at the last successful run.</summary>
        Remembered,

        /// <summary>What every target is configured with today.</summary>
        CurrentConfiguration,
    }

    /// <summary>The thumbprint chosen for one role and why.</summary>
    /// <param name="Thumbprint">40 upper-case hex digits.</param>
    /// <param name="Source">Where it came from.</param>
    public sealed record RoleSelection(string Thumbprint, SelectionSource Source);

    /// <summary>
    /// Chooses the thumbprint for a role: an explicit property wins, then the remembered value,
    /// then the value all targets are configured with today when they agree. Otherwise there
    /// is no selection, and the error lists the ranked candidates of the store.
    /// </summary>
    public static class SelectionResolver
    {
        /// <summary>
        /// Resolves one role; adds an error finding and returns null when nothing can be chosen.
        /// </summary>
        /// <param name="role">Signing or encryption.</param>
        /// <param name="explicitProperty">The property's name, for messages.</param>
        /// <param name="explicitValue">The property's value, or null.</param>
        /// <param name="rememberedValue">The remembered value, or null.</param>
        /// <param name="configuredValues">The value found in each target file (null where absent).</param>
        /// <param name="candidates">Ranks the store's candidates for the role; called only for the error,
        /// since reading every certificate of a large store is the costly part of a run.</param>
        /// <param name="now">The time, for describing candidates.</param>
        /// <param name="findings">Where problems are added.</param>
        /// <param name="log">The log.</param>
        public static RoleSelection? Resolve(
            CertificateRole role,
            string explicitProperty,
            string? explicitValue,
            string? rememberedValue,
            IReadOnlyList<string?> configuredValues,
            Func<IReadOnlyList<CertificateFacts>> candidates,
            DateTimeOffset now,
            ICollection<Finding> findings,
            ILog log)
        {
            var roleName = role == CertificateRole.Signing ? "signing" : "encryption";

            if (explicitValue != null)
            {
                if (Thumbprint.TryNormalize(explicitValue, explicitProperty, out var given, out var error))
                {
                    return new RoleSelection(given, SelectionSource.Explicit);
                }

                findings.Add(Finding.Error("BadThumbprint", error));
                return null;
            }

            if (rememberedValue != null)
            {
                if (Thumbprint.TryNormalize(rememberedValue, "the remembered " + roleName + " thumbprint",
                    out var remembered, out var error))
                {
                    return new RoleSelection(remembered, SelectionSource.Remembered);
                }

                log.Warn("Ignoring the remembered {Role} thumbprint: {Error}", roleName, error);
            }

            var agreed = Agreed(configuredValues);
            if (agreed != null)
            {
                return new RoleSelection(agreed, SelectionSource.CurrentConfiguration);
            }

            var configured = Distinct(configuredValues);
            var why = configured.Count > 1
                ? $"the services are configured with different {roleName} thumbprints today " +
                  $"({string.Join(", ", configured)})"
                : $"no service is configured with a valid {roleName} thumbprint today";
            findings.Add(Finding.Error("NoSelection",
                $"No {roleName} certificate was chosen: {explicitProperty} is not set, no earlier choice " +
                $"is remembered, and {why}. Set {explicitProperty} to one of the candidates listed in the log."));
            log.Error("Candidates for the {Role} certificate in LocalMachine\\My:\n{List}",
                roleName, CandidateRanking.Describe(candidates(), role, now));
            return null;
        }

        /// <summary>
        /// The thumbprint every value holds when all of them are valid thumbprints of the same
        /// certificate (in any pasted form); null when there are none, or any differs or is invalid.
        /// </summary>
        internal static string? Agreed(IEnumerable<string?> values)
        {
            var normalized = values
                .Select(v => Thumbprint.TryNormalize(v, "", out var thumbprint, out _) ? thumbprint : null)
                .ToList();

            return normalized.Count > 0 && normalized.All(v => v != null && v == normalized[0])
                ? normalized[0]
                : null;
        }

        private static List<string> Distinct(IReadOnlyList<string?> values)
        {
            var result = new List<string>();
            foreach (var value in values)
            {
                if (value != null && Thumbprint.TryNormalize(value, "configured", out var normalized, out _)
                    && !result.Contains(normalized))
                {
                    result.Add(normalized);
                }
            }

            return result;
        }
    }
}
