using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;
using CertDeploy.Core.Configuration;
using CertDeploy.Core.Ports;
using CertDeploy.Core.Targets;

namespace CertDeploy.Core.Iis
{
    /// <summary>The environment variables an ASP.NET Core application gets from its web.config.</summary>
    public static class WebConfig
    {
        /// <summary>The file name IIS reads in an application's folder.</summary>
        public const string FileName = "web.config";

        /// <summary>
        /// The entries of system.webServer/aspNetCore/environmentVariables (also inside a location
        /// element for the application itself, path "" or ".") of the web.config in
        /// <paramref name="applicationFolder"/>, as NAME=value lines in file order; empty when
        /// there is no web.config or it sets none.
        /// </summary>
        /// <exception cref="ConfigFileException">The web.config is not well-formed XML.</exception>
        public static IReadOnlyList<string> EnvironmentVariables(string applicationFolder, IFileSystem files)
        {
            if (files == null)
            {
                throw new ArgumentNullException(nameof(files));
            }

            var path = WindowsPath.Combine(applicationFolder, FileName);
            var existing = files.ListFiles(applicationFolder)
                .FirstOrDefault(f => string.Equals(WindowsPath.GetFileName(f), FileName,
                    StringComparison.OrdinalIgnoreCase));
            if (existing == null)
            {
                return new List<string>();
            }

            var document = XmlDocuments.Load(path, files.ReadAllBytes(existing), "web.config");
            var entries = new List<string>();

            // Published web.config files from older tooling carry a default namespace on
            // <configuration>, which IIS and the ASP.NET Core module ignore: match local names.
            foreach (var aspNetCore in document.Descendants().Where(e => e.Name.LocalName == "aspNetCore"
                && e.Parent?.Name.LocalName == "system.webServer" && AppliesToTheApplication(e.Parent)))
            {
                var variables = aspNetCore.Elements().Where(e => e.Name.LocalName == "environmentVariables")
                    .Elements().Where(e => e.Name.LocalName == "environmentVariable");
                foreach (var variable in variables)
                {
                    var name = ((string?)variable.Attribute("name"))?.Trim();
                    if (string.IsNullOrEmpty(name))
                    {
                        continue;
                    }

                    entries.RemoveAll(e => e.StartsWith(name + "=", StringComparison.OrdinalIgnoreCase));
                    entries.Add(name + "=" + ((string?)variable.Attribute("value") ?? ""));
                }
            }

            return entries;
        }

        // A <location path="admin"> applies to requests below /admin only; the module starts the
        // process with what applies to the application itself: no location, or path "" or ".".
        private static bool AppliesToTheApplication(XElement systemWebServer)
        {
            var location = systemWebServer.Ancestors().FirstOrDefault(a => a.Name.LocalName == "location");
            var path = ((string?)location?.Attribute("path"))?.Trim();
            return location == null || string.IsNullOrEmpty(path) || path == ".";
        }
    }
}
