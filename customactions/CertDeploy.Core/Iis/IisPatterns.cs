using System;
using System.Collections.Generic;
using System.Linq;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Installer;
using CertDeploy.Core.Targets;

namespace CertDeploy.Core.Iis
{
    /// <summary>
    /// The patterns that choose the IIS applications CertDeploy configures, from the property
    /// CERTDEPLOY_IIS_APPS or, by default, the same patterns as for services.
    /// </summary>
    /// <remarks>
    /// A pattern without '/' matches an application when it matches the application's pool name,
    /// the last part of its path ("Authentication" for /api/Authentication), or, for the root
    /// application of a site, the site's name. A pattern with '/' matches the site name and path
    /// together: "Default Web Site/Authentication". '*' and '?' work as in service patterns; case
    /// is ignored. A site's other applications are not chosen by the site's name, so that a
    /// pattern never takes in every application of "Default Web Site".
    /// </remarks>
    public static class IisPatterns
    {
        /// <summary>The service patterns' default (see <see cref="ServicePatterns.Default"/>).</summary>
        public static IReadOnlyList<string> Default => ServicePatterns.Default;

        /// <summary>
        /// Reads a semicolon-separated list: items trimmed, empty ones ignored; null, blank or
        /// empty gives <see cref="Default"/>.
        /// </summary>
        /// <exception cref="CertDeployException">
        /// An item holds '\' or an invisible character, or consists of wildcards and '/' only;
        /// every bad item is reported.
        /// </exception>
        public static IReadOnlyList<string> Parse(string? semicolonSeparated) =>
            PatternList.Parse(semicolonSeparated, Default, Problem, "IisPatternInvalid");

        private static string? Problem(string item)
        {
            if (item.IndexOf('\\') >= 0)
            {
                return $"IIS application pattern \"{item}\" in {PropertyNames.IisApplications} "
                    + "contains \"\\\". Give a pool, site or application name, or site and "
                    + "application path joined by '/', for example Default Web Site/Authentication.";
            }

            var hidden = VisibleText.FirstHidden(item);
            if (hidden != null)
            {
                return $"IIS application pattern \"{VisibleText.Render(item)}\" in "
                    + $"{PropertyNames.IisApplications} holds {hidden}, which no pool, site or "
                    + "application name contains (it comes with copy and paste). Type the pattern "
                    + "again.";
            }

            if (item.All(c => c == '*' || c == '?' || c == '/') && item.Any(c => c != '/'))
            {
                var what = item.IndexOf('*') >= 0
                    ? "every application in IIS"
                    : "applications by the length of their names alone";
                return $"IIS application pattern \"{item}\" in {PropertyNames.IisApplications} "
                    + $"matches {what}. Name the applications to configure, for example "
                    + "Authentication.";
            }

            return null;
        }

        /// <summary>Whether the pattern chooses the application (see the remarks of this class).</summary>
        public static bool Matches(string pattern, ApplicationConfig application)
        {
            if (pattern == null)
            {
                throw new ArgumentNullException(nameof(pattern));
            }

            if (application == null)
            {
                throw new ArgumentNullException(nameof(application));
            }

            if (pattern.IndexOf('/') >= 0)
            {
                return ServicePatterns.Matches(pattern.TrimEnd('/'), application.FullName);
            }

            var lastPart = application.Path.TrimEnd('/');
            lastPart = lastPart.Substring(lastPart.LastIndexOf('/') + 1);

            return ServicePatterns.Matches(pattern, application.PoolName)
                || (lastPart.Length > 0 && ServicePatterns.Matches(pattern, lastPart))
                || (application.Path == "/" && ServicePatterns.Matches(pattern, application.SiteName));
        }
    }
}
