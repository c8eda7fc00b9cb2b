using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Installer;
using CertDeploy.Core.Ports;

namespace CertDeploy.Core.Configuration
{
    /// <summary>
    /// Works out which configuration files of an application hold the thumbprints it will use,
    /// following the layering of .NET configuration: appsettings.json, then
    /// appsettings.{Environment}.json, then environment variables (which a file edit cannot beat).
    /// </summary>
    public static class ConfigLayers
    {
        /// <summary>The base file every application has.</summary>
        public const string BaseFileName = "appsettings.json";

        /// <summary>The environment name .NET uses when none is set.</summary>
        public const string DefaultEnvironment = "Production";

        private const string AspNetCoreEnvironment = "ASPNETCORE_ENVIRONMENT";
        private const string DotNetEnvironment = "DOTNET_ENVIRONMENT";

        private static readonly string[] OverrideVariables =
        {
            "CertSettings__SigningThumbprint",
            "CertSettings:SigningThumbprint",
            "CertSettings__EncryptionThumbprint",
            "CertSettings:EncryptionThumbprint",
        };

        /// <summary>
        /// The files to update in an application folder, and every problem found on the way:
        /// a missing or malformed file, a file without CertSettings, a thumbprint overridden by an
        /// environment variable. Never throws for what it finds in the files.
        /// </summary>
        /// <param name="applicationFolder">The folder the application runs from.</param>
        /// <param name="owner">Names the application in messages, e.g. "service KPRService1".</param>
        /// <param name="serviceEnvironment">The application's own environment entries
        /// ("NAME=value"), e.g. the service's Environment registry value.</param>
        /// <param name="machine">The machine-wide environment variables.</param>
        /// <param name="files">The file system.</param>
        public static ConfigLayout Resolve(string applicationFolder, string owner,
            IReadOnlyList<string> serviceEnvironment, IMachineEnvironment machine, IFileSystem files)
        {
            var findings = new List<Finding>();
            var serviceVariables = ParseEnvironment(serviceEnvironment);
            var environmentNames = EnvironmentNames(serviceVariables, machine);
            ReportOverrides(owner, serviceEnvironment, machine, findings);
            var toUpdate = new List<string>(2);

            var listing = files.ListFiles(applicationFolder);
            var basePath = FindFile(listing, BaseFileName);
            if (basePath == null)
            {
                findings.Add(files.DirectoryExists(applicationFolder)
                    ? Finding.Error("AppSettingsMissing",
                        $"There is no {BaseFileName} in {applicationFolder}, the application folder "
                        + $"of {owner}. Check the path to its executable, or leave it out of "
                        + $"{PropertyNames.ServicePatterns}.")
                    : Finding.Error("ApplicationFolderMissing",
                        $"The application folder {applicationFolder} of {owner} does not exist. "
                        + "Check the path to its executable."));
                return new ConfigLayout(environmentNames, toUpdate, findings);
            }

            var baseValues = TryRead(basePath, owner, files, findings);
            if (baseValues?.HasCertSettings == true)
            {
                toUpdate.Add(basePath);
            }

            var allRead = baseValues != null;
            var environmentFiles = new List<string>();
            var withCertSettings = new List<(string Name, string Path)>();
            foreach (var name in environmentNames)
            {
                if (!IsUsableInFileName(name))
                {
                    findings.Add(Finding.Error("EnvironmentNameInvalid",
                        $"The environment name '{name}' of {owner} cannot be part of a file "
                        + "name, so its environment-specific settings file cannot be found. Correct "
                        + $"{AspNetCoreEnvironment} or {DotNetEnvironment}."));
                    continue;
                }

                var path = FindFile(listing, $"appsettings.{name}.json");
                if (path == null)
                {
                    continue;
                }

                environmentFiles.Add(path);
                var values = TryRead(path, owner, files, findings);
                allRead &= values != null;
                if (values?.HasCertSettings == true)
                {
                    toUpdate.Add(path);
                    withCertSettings.Add((name, path));
                }
            }

            if (withCertSettings.Count > 1)
            {
                findings.Add(SeveralEnvironments(owner, serviceVariables, machine, withCertSettings));
            }

            if (allRead && toUpdate.Count == 0)
            {
                var alsoEnvironment = environmentFiles.Count == 0
                    ? ""
                    : $", and neither has {string.Join(" nor ", environmentFiles)}";
                findings.Add(Finding.Error("CertSettingsMissing",
                    $"{basePath} of {owner} has no top-level CertSettings section (neither a "
                    + $"\"CertSettings\" object nor \"CertSettings:...\" keys){alsoEnvironment}: "
                    + "the application does not read its certificates from there. Add "
                    + "\"CertSettings\": { \"SigningThumbprint\": \"...\", \"EncryptionThumbprint\": \"...\" }, "
                    + $"or leave it out of {PropertyNames.ServicePatterns}."));
            }

            return new ConfigLayout(environmentNames, toUpdate, findings);
        }

        /// <summary>
        /// Every environment name the application may run under. Which one it is depends on its
        /// host, which cannot be seen from outside: a worker service reads DOTNET_ENVIRONMENT only,
        /// an ASP.NET Core application built with WebApplication reads DOTNET_ENVIRONMENT and else
        /// ASPNETCORE_ENVIRONMENT, one built with the older WebHost reads ASPNETCORE_ENVIRONMENT
        /// only; each falls back to Production. The service's own entries come first: the SCM
        /// merges the service's Environment value over the machine's variables.
        /// </summary>
        private static IReadOnlyList<string> EnvironmentNames(Dictionary<string, string> serviceVariables,
            IMachineEnvironment machine)
        {
            var dotNet = Lookup(DotNetEnvironment, serviceVariables, machine);
            var aspNetCore = Lookup(AspNetCoreEnvironment, serviceVariables, machine);

            var names = new List<string>(2);
            foreach (var name in new[] { dotNet, aspNetCore })
            {
                if (name != null && !names.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    names.Add(name);
                }
            }

            if ((dotNet == null || aspNetCore == null)
                && !names.Contains(DefaultEnvironment, StringComparer.OrdinalIgnoreCase))
            {
                names.Add(DefaultEnvironment);
            }

            return names;
        }

        private static Finding SeveralEnvironments(string owner, Dictionary<string, string> serviceVariables,
            IMachineEnvironment machine, List<(string Name, string Path)> files)
        {
            string Setting(string variable) =>
                $"{variable}={Lookup(variable, serviceVariables, machine) ?? "(not set)"}";

            var names = string.Join(" or ", files.Select(f => $"'{f.Name}'"));
            return Finding.Warning("SeveralEnvironmentFiles",
                $"{owner} has {Setting(DotNetEnvironment)} and {Setting(AspNetCoreEnvironment)}: it "
                + $"runs as {names}, depending on how it is built, and CertDeploy cannot tell which. It "
                + $"updates {string.Join(" and ", files.Select(f => f.Path))}. Set both variables "
                + "to the same name to make this certain.");
        }

        private static void ReportOverrides(string owner, IReadOnlyList<string> serviceEnvironment,
            IMachineEnvironment machine, List<Finding> findings)
        {
            foreach (var entry in serviceEnvironment)
            {
                var (name, value) = SplitEntry(entry);
                if (name != null && IsOverrideVariable(name))
                {
                    findings.Add(OverrideFinding(name, value!,
                        $"in the Environment registry value of {owner}", owner));
                }
            }

            foreach (var name in OverrideVariables)
            {
                var value = machine.GetMachineVariable(name);
                if (value != null)
                {
                    findings.Add(OverrideFinding(name, value, "as a machine environment variable", owner));
                }
            }
        }

        private static Finding OverrideFinding(string name, string value, string where, string owner)
        {
            var key = name.Substring(name.LastIndexOfAny(new[] { '_', ':' }) + 1);
            return Finding.Error("ThumbprintOverriddenByVariable",
                $"The environment variable {name} is set {where} (value \"{value}\"): it overrides "
                + $"{key} from the appsettings files of {owner}, so changing the files would not "
                + "take effect. Remove the variable and run again.");
        }

        private static bool IsOverrideVariable(string name)
        {
            foreach (var candidate in OverrideVariables)
            {
                if (string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        private static CertSettingsValues? TryRead(string path, string owner, IFileSystem files,
            List<Finding> findings)
        {
            try
            {
                return AppSettingsEditor.Read(path, files.ReadAllBytes(path));
            }
            catch (ConfigFileException e)
            {
                findings.Add(Finding.Error("AppSettingsInvalid", $"{owner}: {e.Message}"));
            }
            catch (IOException e)
            {
                findings.Add(Finding.Error("AppSettingsUnreadable",
                    $"{owner}: {path} cannot be read: {e.Message}"));
            }
            catch (UnauthorizedAccessException e)
            {
                findings.Add(Finding.Error("AppSettingsUnreadable",
                    $"{owner}: {path} cannot be read: {e.Message}"));
            }

            return null;
        }

        /// <summary>The listed file with this name, compared without regard to case as on Windows.</summary>
        private static string? FindFile(IReadOnlyList<string> listing, string fileName)
        {
            string? match = null;
            foreach (var path in listing)
            {
                var name = FileNameOf(path);
                if (string.Equals(name, fileName, StringComparison.Ordinal))
                {
                    return path;
                }

                if (match == null && string.Equals(name, fileName, StringComparison.OrdinalIgnoreCase))
                {
                    match = path;
                }
            }

            return match;
        }

        // Windows paths reach the core also where it runs on Linux, so both separators count.
        private static string FileNameOf(string path) =>
            path.Substring(path.LastIndexOfAny(new[] { '\\', '/' }) + 1);

        private static bool IsUsableInFileName(string name)
        {
            foreach (var c in name)
            {
                if (c < ' ' || "\\/:*?\"<>|".IndexOf(c) >= 0)
                {
                    return false;
                }
            }

            return true;
        }

        private static Dictionary<string, string> ParseEnvironment(IReadOnlyList<string> entries)
        {
            var variables = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in entries)
            {
                var (name, value) = SplitEntry(entry);
                if (name != null)
                {
                    variables[name] = value!;
                }
            }

            return variables;
        }

        /// <summary>
        /// NAME=value; an entry without '=' or with an empty name (Windows keeps hidden
        /// "=C:=C:\" entries) is no variable.
        /// </summary>
        private static (string? Name, string? Value) SplitEntry(string entry)
        {
            var equals = entry.IndexOf('=');
            return equals <= 0 ? (null, null) : (entry.Substring(0, equals), entry.Substring(equals + 1));
        }

        /// <summary>A variable as the application sees it; an empty value counts as not set.</summary>
        private static string? Lookup(string name, Dictionary<string, string> serviceVariables,
            IMachineEnvironment machine)
        {
            var value = serviceVariables.TryGetValue(name, out var own) ? own : machine.GetMachineVariable(name);
            return string.IsNullOrEmpty(value) ? null : value;
        }
    }
}
