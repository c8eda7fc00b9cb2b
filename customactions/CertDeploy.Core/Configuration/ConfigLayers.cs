using System;
using System.Collections.Generic;
using System.IO;
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
            var environmentName = ResolveEnvironmentName(owner, serviceVariables, machine, findings);
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
                return new ConfigLayout(environmentName, toUpdate, findings);
            }

            var baseValues = TryRead(basePath, owner, files, findings);
            string? environmentPath = null;
            CertSettingsValues? environmentValues = null;
            if (IsUsableInFileName(environmentName))
            {
                environmentPath = FindFile(listing, $"appsettings.{environmentName}.json");
                environmentValues = environmentPath == null ? null : TryRead(environmentPath, owner, files, findings);
            }
            else
            {
                findings.Add(Finding.Error("EnvironmentNameInvalid",
                    $"The environment name '{environmentName}' of {owner} cannot be part of a file "
                    + "name, so its environment-specific settings file cannot be found. Correct "
                    + $"{AspNetCoreEnvironment} or {DotNetEnvironment}."));
            }

            if (baseValues?.HasCertSettings == true)
            {
                toUpdate.Add(basePath);
            }

            if (environmentValues?.HasCertSettings == true)
            {
                toUpdate.Add(environmentPath!);
            }

            var allRead = baseValues != null && (environmentPath == null || environmentValues != null);
            if (allRead && toUpdate.Count == 0)
            {
                var alsoEnvironment = environmentPath == null ? "" : $", and neither has {environmentPath}";
                findings.Add(Finding.Error("CertSettingsMissing",
                    $"{basePath} of {owner} has no top-level CertSettings section{alsoEnvironment}: "
                    + "the application does not read its certificates from there. Add "
                    + "\"CertSettings\": { \"SigningThumbprint\": \"...\", \"EncryptionThumbprint\": \"...\" }, "
                    + $"or leave it out of {PropertyNames.ServicePatterns}."));
            }

            return new ConfigLayout(environmentName, toUpdate, findings);
        }

        /// <summary>
        /// The environment name the application runs under. The service's own entries come
        /// first: the SCM merges the service's Environment value over the machine's variables,
        /// so a name set in both places takes the service's value.
        /// </summary>
        private static string ResolveEnvironmentName(string owner, Dictionary<string, string> serviceVariables,
            IMachineEnvironment machine, List<Finding> findings)
        {
            var aspNetCore = Lookup(AspNetCoreEnvironment, serviceVariables, machine);
            var dotNet = Lookup(DotNetEnvironment, serviceVariables, machine);

            // An ASP.NET Core host (WebApplication, or ConfigureWebHostDefaults) adds the
            // ASPNETCORE_ variables to its host configuration after the DOTNET_ ones, so
            // ASPNETCORE_ENVIRONMENT wins when both are set. A host without ASP.NET Core (a
            // plain worker service) reads DOTNET_ENVIRONMENT only: that case gets a warning.
            if (aspNetCore != null && dotNet != null
                && !string.Equals(aspNetCore, dotNet, StringComparison.OrdinalIgnoreCase))
            {
                findings.Add(Finding.Warning("EnvironmentNamesDiffer",
                    $"{owner} has {AspNetCoreEnvironment}={aspNetCore} and {DotNetEnvironment}={dotNet}. "
                    + $"CertDeploy uses '{aspNetCore}', as an ASP.NET Core host does; a worker "
                    + $"service without ASP.NET Core would use '{dotNet}'. Remove the one that "
                    + "does not apply."));
            }

            return aspNetCore ?? dotNet ?? DefaultEnvironment;
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
