using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml;
using System.Xml.Linq;
using CertDeploy.Core.Configuration;
using CertDeploy.Core.Ports;
using CertDeploy.Core.Targets;

namespace CertDeploy.Core.Iis
{
    /// <summary>How an application pool's worker process logs on (processModel identityType).</summary>
    public enum PoolIdentityType
    {
        /// <summary>The pool's own virtual account IIS AppPool\&lt;pool&gt; (the IIS default).</summary>
        ApplicationPoolIdentity,

        /// <summary>LocalSystem (S-1-5-18).</summary>
        LocalSystem,

        /// <summary>NT AUTHORITY\LocalService (S-1-5-19).</summary>
        LocalService,

        /// <summary>NT AUTHORITY\NetworkService (S-1-5-20).</summary>
        NetworkService,

        /// <summary>A named user account (processModel userName).</summary>
        SpecificUser,
    }

    /// <summary>An application pool as applicationHost.config describes it.</summary>
    /// <param name="Name">The pool's name.</param>
    /// <param name="IdentityType">How its worker process logs on.</param>
    /// <param name="UserName">The account for <see cref="PoolIdentityType.SpecificUser"/>; else null.</param>
    /// <param name="Environment">Its environment variables as NAME=value lines, defaults first.</param>
    public sealed record ApplicationPoolConfig(string Name, PoolIdentityType IdentityType,
        string? UserName, IReadOnlyList<string> Environment);

    /// <summary>One application of a site as applicationHost.config describes it.</summary>
    /// <param name="SiteName">The site it belongs to.</param>
    /// <param name="Path">
    /// Its path in the site: "/" for the site's root, "/api/auth" for a nested one.
    /// </param>
    /// <param name="PoolName">The application pool it runs in.</param>
    /// <param name="PhysicalPath">
    /// The physicalPath of its root virtual directory as written (variables not expanded); null
    /// when the application has no root virtual directory.
    /// </param>
    /// <param name="Line">The line of its application element, for messages.</param>
    public sealed record ApplicationConfig(string SiteName, string Path, string PoolName,
        string? PhysicalPath, int Line)
    {
        /// <summary>"Site" for a root application, "Site/api/auth" for a nested one.</summary>
        public string FullName => Path == "/" ? SiteName : SiteName + Path;
    }

    /// <summary>
    /// The parts of IIS's applicationHost.config that CertDeploy needs: the sites with their
    /// applications, and the application pools with their identity and environment.
    /// </summary>
    public sealed class ApplicationHostConfig
    {
        /// <summary>Where IIS keeps it, environment variables not expanded.</summary>
        public const string DefaultPath = @"%windir%\System32\inetsrv\config\applicationHost.config";

        // A 32-bit process on 64-bit Windows sees SysWOW64 under the name System32, and
        // SysWOW64 has no inetsrv\config: the real folder is reachable only as Sysnative there.
        // A 64-bit process has no Sysnative folder, so trying it first is right for both.
        private const string SysnativePath = @"%windir%\Sysnative\inetsrv\config\applicationHost.config";

        private const string DefaultPool = "DefaultAppPool";

        private readonly Dictionary<string, ApplicationPoolConfig> _pools;
        private readonly Dictionary<string, List<string>> _locationEnvironments;

        private ApplicationHostConfig(string filePath, IReadOnlyList<ApplicationConfig> applications,
            Dictionary<string, ApplicationPoolConfig> pools,
            Dictionary<string, List<string>> locationEnvironments)
        {
            FilePath = filePath;
            Applications = applications;
            _pools = pools;
            _locationEnvironments = locationEnvironments;
        }

        /// <summary>The file read.</summary>
        public string FilePath { get; }

        /// <summary>Every application of every site, in the order of the file.</summary>
        public IReadOnlyList<ApplicationConfig> Applications { get; }

        /// <summary>Every application pool, by name (case-insensitive, as IIS compares them).</summary>
        public IReadOnlyCollection<ApplicationPoolConfig> Pools => _pools.Values;

        /// <summary>The pool of this name, or null.</summary>
        public ApplicationPoolConfig? FindPool(string name) =>
            _pools.TryGetValue(name, out var pool) ? pool : null;

        /// <summary>
        /// The ASP.NET Core module's environment variables that applicationHost.config sets for
        /// this application in a &lt;location path="Site/path"&gt; element (what appcmd writes with
        /// /commit:apphost), as NAME=value lines; empty when it sets none.
        /// </summary>
        public IReadOnlyList<string> LocationEnvironment(ApplicationConfig application) =>
            _locationEnvironments.TryGetValue(application.FullName, out var entries)
                ? entries
                : new List<string>();

        /// <summary>
        /// The applicationHost.config of this machine, or null when there is none (IIS is not
        /// installed).
        /// </summary>
        public static string? Locate(IMachineEnvironment environment, IFileSystem files)
        {
            if (environment == null)
            {
                throw new ArgumentNullException(nameof(environment));
            }

            if (files == null)
            {
                throw new ArgumentNullException(nameof(files));
            }

            foreach (var candidate in new[] { SysnativePath, DefaultPath })
            {
                var path = WindowsPath.Normalize(environment.ExpandVariables(candidate));
                if (WindowsPath.IsRooted(path) && files.FileExists(path))
                {
                    return path;
                }
            }

            return null;
        }

        /// <summary>Reads and parses the file.</summary>
        /// <exception cref="ConfigFileException">
        /// The file cannot be read or is not well-formed XML (with line and column), or it lacks
        /// what IIS requires (a site, application or pool without a name).
        /// </exception>
        public static ApplicationHostConfig Load(string filePath, IFileSystem files)
        {
            if (files == null)
            {
                throw new ArgumentNullException(nameof(files));
            }

            byte[] content;
            try
            {
                content = files.ReadAllBytes(filePath);
            }
            catch (IOException e)
            {
                throw new ConfigFileException(filePath, null, null,
                    $"Cannot read the IIS configuration {filePath}: {e.Message}. Nothing was changed.");
            }
            catch (UnauthorizedAccessException e)
            {
                throw new ConfigFileException(filePath, null, null,
                    $"Cannot read the IIS configuration {filePath}: access denied ({e.Message}). "
                    + "Run the installation as an administrator. Nothing was changed.");
            }

            return Parse(filePath, content);
        }

        /// <summary>Parses the content of an applicationHost.config.</summary>
        /// <exception cref="ConfigFileException">See <see cref="Load"/>.</exception>
        public static ApplicationHostConfig Parse(string filePath, byte[] content)
        {
            if (content == null)
            {
                throw new ArgumentNullException(nameof(content));
            }

            var document = XmlDocuments.Load(filePath, content, "IIS configuration");
            var host = document.Root?.Element("system.applicationHost");
            var pools = ReadPools(filePath, host?.Element("applicationPools"));
            var applications = ReadSites(filePath, host?.Element("sites"));
            var locations = ReadLocations(document.Root);

            return new ApplicationHostConfig(filePath, applications, pools, locations);
        }

        private static Dictionary<string, ApplicationPoolConfig> ReadPools(string filePath, XElement? section)
        {
            var pools = new Dictionary<string, ApplicationPoolConfig>(StringComparer.OrdinalIgnoreCase);
            if (section == null)
            {
                return pools;
            }

            var defaults = section.Element("applicationPoolDefaults");
            var defaultModel = defaults?.Element("processModel");
            var defaultIdentity = (string?)defaultModel?.Attribute("identityType");
            var defaultUser = (string?)defaultModel?.Attribute("userName");
            var defaultEnvironment = EnvironmentList.Apply(new List<string>(),
                defaults?.Element("environmentVariables"));

            foreach (var add in section.Elements("add"))
            {
                var name = Required(filePath, add, "name", "an application pool");
                var model = add.Element("processModel");
                var identityText = (string?)model?.Attribute("identityType") ?? defaultIdentity;
                var identity = ParseIdentity(filePath, model ?? add, name, identityText);
                var user = (string?)model?.Attribute("userName") ?? defaultUser;
                var environment = EnvironmentList.Apply(defaultEnvironment.ToList(),
                    add.Element("environmentVariables"));

                if (pools.TryGetValue(name, out var earlier))
                {
                    throw Duplicate(filePath, add, $"application pool {name}", earlier.Name);
                }

                pools[name] = new ApplicationPoolConfig(name, identity,
                    identity == PoolIdentityType.SpecificUser ? user : null, environment);
            }

            return pools;
        }

        private static PoolIdentityType ParseIdentity(string filePath, XElement element, string pool,
            string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return PoolIdentityType.ApplicationPoolIdentity;
            }

            // IIS stores the enumeration by name and also accepts its number.
            switch (text!.Trim())
            {
                case "0":
                case var s when s.Equals("LocalSystem", StringComparison.OrdinalIgnoreCase):
                    return PoolIdentityType.LocalSystem;
                case "1":
                case var s when s.Equals("LocalService", StringComparison.OrdinalIgnoreCase):
                    return PoolIdentityType.LocalService;
                case "2":
                case var s when s.Equals("NetworkService", StringComparison.OrdinalIgnoreCase):
                    return PoolIdentityType.NetworkService;
                case "3":
                case var s when s.Equals("SpecificUser", StringComparison.OrdinalIgnoreCase):
                    return PoolIdentityType.SpecificUser;
                case "4":
                case var s when s.Equals("ApplicationPoolIdentity", StringComparison.OrdinalIgnoreCase):
                    return PoolIdentityType.ApplicationPoolIdentity;
                default:
                    var (line, column) = XmlDocuments.Position(element);
                    throw new ConfigFileException(filePath, line, column,
                        $"{filePath} line {line}, column {column}: application pool {pool} has "
                        + $"identityType \"{text}\", which IIS does not know. Set its identity in "
                        + "IIS Manager (Application Pools, Advanced Settings, Identity). Nothing "
                        + "was changed.");
            }
        }

        private static List<ApplicationConfig> ReadSites(string filePath, XElement? section)
        {
            var applications = new List<ApplicationConfig>();
            if (section == null)
            {
                return applications;
            }

            var serverDefaultPool = (string?)section.Element("applicationDefaults")?.Attribute("applicationPool");

            var siteNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var site in section.Elements("site"))
            {
                var siteName = Required(filePath, site, "name", "a site");
                if (siteNames.TryGetValue(siteName, out var earlier))
                {
                    throw Duplicate(filePath, site, $"site {siteName}", earlier);
                }

                siteNames[siteName] = siteName;
                var siteDefaultPool = (string?)site.Element("applicationDefaults")?.Attribute("applicationPool");

                foreach (var application in site.Elements("application"))
                {
                    var path = Required(filePath, application, "path", $"an application of site {siteName}");
                    var pool = NonEmpty((string?)application.Attribute("applicationPool"))
                        ?? NonEmpty(siteDefaultPool) ?? NonEmpty(serverDefaultPool) ?? DefaultPool;
                    var root = application.Elements("virtualDirectory")
                        .FirstOrDefault(v => (string?)v.Attribute("path") == "/");
                    var physicalPath = NonEmpty((string?)root?.Attribute("physicalPath"));

                    applications.Add(new ApplicationConfig(siteName, path, pool, physicalPath,
                        XmlDocuments.Position(application).Line));
                }
            }

            return applications;
        }

        // IIS itself refuses a second pool or site whose name differs only in case; which of the
        // two it would use is unknown, so neither is guessed.
        private static ConfigFileException Duplicate(string filePath, XElement element, string what,
            string earlier)
        {
            var (line, column) = XmlDocuments.Position(element);
            return new ConfigFileException(filePath, line, column,
                $"{filePath} line {line}, column {column}: {what} is defined a second time (the "
                + $"first is {earlier}); IIS does not accept two names that differ only in case. "
                + "Remove one of them in IIS Manager. Nothing was changed.");
        }

        // <location path="Site/path"> elements at the top level; the last setting of a name wins,
        // as in the module's merged configuration.
        private static Dictionary<string, List<string>> ReadLocations(XElement? root)
        {
            var locations = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
            if (root == null)
            {
                return locations;
            }

            foreach (var location in root.Elements("location"))
            {
                var path = ((string?)location.Attribute("path"))?.Trim().Trim('/');
                var collection = location.Element("system.webServer")?.Element("aspNetCore")
                    ?.Element("environmentVariables");
                if (string.IsNullOrEmpty(path) || collection == null)
                {
                    continue;
                }

                var entries = locations.TryGetValue(path!, out var found) ? found : new List<string>();
                locations[path!] = EnvironmentList.Apply(entries, collection);
            }

            return locations;
        }

        private static string Required(string filePath, XElement element, string attribute, string what)
        {
            var value = NonEmpty((string?)element.Attribute(attribute));
            if (value != null)
            {
                return value;
            }

            var (line, column) = XmlDocuments.Position(element);
            throw new ConfigFileException(filePath, line, column,
                $"{filePath} line {line}, column {column}: {what} has no {attribute}, which IIS "
                + "requires. The file may have been edited by hand; check it in IIS Manager. "
                + "Nothing was changed.");
        }

        private static string? NonEmpty(string? value) =>
            string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
    }

    /// <summary>Loads configuration XML with line numbers and turns parse errors into findings.</summary>
    internal static class XmlDocuments
    {
        public static XDocument Load(string filePath, byte[] content, string what)
        {
            var settings = new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                IgnoreComments = true,
            };

            try
            {
                using var stream = new MemoryStream(content, writable: false);
                using var reader = XmlReader.Create(stream, settings);
                return XDocument.Load(reader, LoadOptions.SetLineInfo);
            }
            catch (XmlException e)
            {
                // The runtime reports a refused document type definition without a position.
                var known = e.LineNumber > 0;
                var where = known ? $" at line {e.LineNumber}, column {e.LinePosition}" : "";
                var reason = known
                    ? Reason(e)
                    : "it holds a document type definition (<!DOCTYPE>), which IIS never writes and "
                        + "CertDeploy does not read";
                throw new ConfigFileException(filePath, known ? e.LineNumber : (int?)null,
                    known ? e.LinePosition : (int?)null,
                    $"The {what} {filePath} is not valid XML{where}: {reason}. Correct the file (IIS "
                    + "itself cannot read it either). Nothing was changed.");
            }
        }

        public static (int Line, int Column) Position(XObject node)
        {
            var info = (IXmlLineInfo)node;
            return info.HasLineInfo() ? (info.LineNumber, info.LinePosition) : (0, 0);
        }

        // XmlException's message repeats the position in the runtime's words; the first
        // sentence is the reason.
        private static string Reason(XmlException e)
        {
            var message = e.Message;
            var cut = message.IndexOf(" Line ", StringComparison.Ordinal);
            return (cut > 0 ? message.Substring(0, cut) : message).TrimEnd('.', ' ');
        }
    }

    /// <summary>Applies an environmentVariables collection (add, remove, clear) to a list.</summary>
    internal static class EnvironmentList
    {
        public static List<string> Apply(List<string> entries, XElement? collection)
        {
            if (collection == null)
            {
                return entries;
            }

            foreach (var item in collection.Elements())
            {
                var name = ((string?)item.Attribute("name"))?.Trim();
                switch (item.Name.LocalName)
                {
                    case "clear":
                        entries.Clear();
                        break;
                    case "remove" when !string.IsNullOrEmpty(name):
                        entries.RemoveAll(e => SameName(e, name!));
                        break;
                    // Pools write <add>, the ASP.NET Core module <environmentVariable>.
                    case "add" when !string.IsNullOrEmpty(name):
                    case "environmentVariable" when !string.IsNullOrEmpty(name):
                        entries.RemoveAll(e => SameName(e, name!));
                        entries.Add(name + "=" + ((string?)item.Attribute("value") ?? ""));
                        break;
                }
            }

            return entries;
        }

        private static bool SameName(string entry, string name) =>
            entry.StartsWith(name + "=", StringComparison.OrdinalIgnoreCase);
    }
}
