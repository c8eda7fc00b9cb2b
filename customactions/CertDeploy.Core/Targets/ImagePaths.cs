using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Ports;

namespace CertDeploy.Core.Targets
{
    /// <summary>
    /// Finds a service's application folder from its ImagePath, the command line the service
    /// control manager starts it with.
    /// </summary>
    public static class ImagePaths
    {
        // Options of the dotnet host that take a value ("dotnet exec --depsfile x.json app.dll").
        private static readonly string[] DotnetOptionsWithValue =
        {
            "--additionalprobingpath",
            "--additional-deps",
            "--depsfile",
            "--runtimeconfig",
            "--fx-version",
            "--roll-forward",
            "--roll-forward-on-no-candidate-fx",
        };

        private static readonly StringComparer IgnoreCase = StringComparer.OrdinalIgnoreCase;

        private static readonly Regex UnexpandedVariable =
            new Regex("%[A-Za-z_][A-Za-z0-9_().-]*%", RegexOptions.CultureInvariant);

        /// <summary>
        /// The folder of the program a service runs: the folder of its .exe, or, when the service
        /// runs as "dotnet.exe app.dll" (a framework-dependent .NET application), the folder of
        /// the .dll. Accepts ImagePath quoted or unquoted, with arguments, with %VARIABLES%
        /// (expanded with <paramref name="environment"/>) and with the "\??\" prefix. The file
        /// that gives the folder must exist in <paramref name="files"/>.
        /// </summary>
        /// <param name="serviceName">The service, named in messages.</param>
        /// <param name="imagePath">The registry value ImagePath as stored.</param>
        /// <param name="environment">Expands %NAME% references.</param>
        /// <param name="files">Tells which candidate programs exist.</param>
        /// <returns>The folder, rooted, with the path's separators ('\' for Windows).</returns>
        /// <exception cref="CertDeployException">
        /// The program cannot be found; the message names the service and the ImagePath and says
        /// what was wrong.
        /// </exception>
        public static string ApplicationFolder(string serviceName, string imagePath,
            IMachineEnvironment environment, IFileSystem files)
        {
            if (environment == null)
            {
                throw new ArgumentNullException(nameof(environment));
            }

            if (files == null)
            {
                throw new ArgumentNullException(nameof(files));
            }

            var fail = new Func<string, CertDeployException>(reason => new CertDeployException(
                $"Service {serviceName}: cannot find the program in ImagePath \"{imagePath}\": "
                + reason));

            var expanded = environment.ExpandVariables(imagePath ?? "");
            var commandLine = StripDevicePrefix(expanded.Trim());
            if (commandLine.Length == 0)
            {
                throw fail("the value is empty. Set the service's ImagePath to the full path of "
                    + "its program.");
            }

            var (program, arguments) = commandLine[0] == '"'
                ? Quoted(commandLine, files, fail)
                : Unquoted(commandLine, files, fail);

            if (IsDotnetHost(program))
            {
                var dll = ApplicationDll(arguments, fail);
                CheckRootedAndPresent(dll, files, fail);
                return WindowsPath.GetDirectoryName(dll)!;
            }

            return WindowsPath.GetDirectoryName(program)!;
        }

        private static (string Program, string Arguments) Quoted(string commandLine,
            IFileSystem files, Func<string, CertDeployException> fail)
        {
            var close = commandLine.IndexOf('"', 1);
            if (close < 0)
            {
                throw fail("the closing quote is missing. Enclose the program's path in a pair of "
                    + "double quotes.");
            }

            var program = WindowsPath.Normalize(
                WithExeExtension(StripDevicePrefix(commandLine.Substring(1, close - 1).Trim())));
            var arguments = commandLine.Substring(close + 1);

            // The host's own location does not matter, only the .dll after it does.
            if (!IsDotnetHost(program))
            {
                CheckRootedAndPresent(program, files, fail);
            }

            return (program, arguments);
        }

        // An unquoted path with spaces is ambiguous: "C:\Program Files\KPR\KPR.exe -x" could be
        // C:\Program.exe with arguments. The service control manager hands ImagePath to
        // CreateProcess, which tries each prefix ending at a space (adding ".exe" where the name
        // has no extension) and runs the first that exists. The same search here finds the same
        // program Windows starts.
        private static (string Program, string Arguments) Unquoted(string commandLine,
            IFileSystem files, Func<string, CertDeployException> fail)
        {
            var ends = Enumerable.Range(1, commandLine.Length - 1)
                .Where(i => IsBlank(commandLine[i]) && !IsBlank(commandLine[i - 1]))
                .Concat(new[] { commandLine.Length })
                .ToList();

            var firstCandidate = commandLine.Substring(0, ends[0]);
            if (!WindowsPath.IsRooted(firstCandidate))
            {
                if (IsDotnetHost(firstCandidate))
                {
                    return (firstCandidate, commandLine.Substring(ends[0]));
                }

                throw NotRooted(firstCandidate, fail);
            }

            var tried = new List<string>();
            foreach (var end in ends)
            {
                var prefix = commandLine.Substring(0, end);
                var candidate = WindowsPath.Normalize(WithExeExtension(prefix));

                // As in Quoted: the dotnet host need not exist here, its .dll is checked.
                if (files.FileExists(candidate) || IsDotnetHost(candidate))
                {
                    return (candidate, commandLine.Substring(end));
                }

                tried.Add(candidate);
            }

            throw MissingVariable(commandLine, fail) ?? fail(tried.Count == 1
                ? $"{tried[0]} does not exist. Check that the service is installed there."
                : $"none of {string.Join(", ", tried)} exists. Check that the service is installed "
                    + "there; a path with spaces should be enclosed in double quotes.");
        }

        private static string ApplicationDll(string arguments,
            Func<string, CertDeployException> fail)
        {
            var list = CommandLine.SplitArguments(arguments);
            var i = 0;

            while (i < list.Count)
            {
                var argument = list[i];
                if (string.Equals(argument, "exec", StringComparison.OrdinalIgnoreCase))
                {
                    i++;
                }
                else if (DotnetOptionsWithValue.Contains(argument, IgnoreCase))
                {
                    i += 2;
                }
                else if (argument.StartsWith("-", StringComparison.Ordinal))
                {
                    i++;
                }
                else
                {
                    break;
                }
            }

            if (i >= list.Count)
            {
                throw fail("dotnet.exe is started without the service's .dll. Put the full path "
                    + "of the service's .dll after dotnet.exe.");
            }

            var dll = WindowsPath.Normalize(StripDevicePrefix(list[i]));
            if (!dll.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            {
                throw fail($"dotnet.exe is started with \"{dll}\" where the service's .dll should "
                    + "be. Put the full path of the .dll after dotnet.exe, in double quotes if it "
                    + "contains spaces.");
            }

            return dll;
        }

        private static void CheckRootedAndPresent(string path, IFileSystem files,
            Func<string, CertDeployException> fail)
        {
            if (!WindowsPath.IsRooted(path))
            {
                throw NotRooted(path, fail);
            }

            if (!files.FileExists(path))
            {
                throw MissingVariable(path, fail)
                    ?? fail($"{path} does not exist. Check that the service is installed there.");
            }
        }

        private static CertDeployException? MissingVariable(string path,
            Func<string, CertDeployException> fail)
        {
            var variable = UnexpandedVariable.Match(path);
            return variable.Success
                ? fail($"the variable {variable.Value} is not set on this machine. Set it, or "
                    + "write the full path in the service's ImagePath.")
                : null;
        }

        private static CertDeployException NotRooted(string path,
            Func<string, CertDeployException> fail)
        {
            var missingVariable = MissingVariable(path, fail);
            if (missingVariable != null)
            {
                return missingVariable;
            }

            // A service starts in %SystemRoot%\System32, so a relative path would be looked up
            // there, never in the application's folder.
            return fail($"\"{path}\" is not a full path. Write the full path (for example "
                + "C:\\Program Files\\...) in the service's ImagePath.");
        }

        private static bool IsDotnetHost(string path)
        {
            var name = WindowsPath.GetFileName(path);
            return IgnoreCase.Equals(name, "dotnet.exe") || IgnoreCase.Equals(name, "dotnet");
        }

        private static string WithExeExtension(string path)
        {
            var name = WindowsPath.GetFileName(path);
            return name.Length == 0 || name.IndexOf('.') >= 0 ? path : path + ".exe";
        }

        // "\??\C:\..." is the NT object manager's name for a Win32 path, and "\\?\C:\..." the
        // long-path form; installers write both into ImagePath and Windows accepts them.
        private static string StripDevicePrefix(string path)
        {
            foreach (var prefix in new[] { @"\??\", @"\\?\" })
            {
                if (path.StartsWith(prefix, StringComparison.Ordinal))
                {
                    var rest = path.Substring(prefix.Length);
                    return rest.StartsWith(@"UNC\", StringComparison.OrdinalIgnoreCase)
                        ? @"\\" + rest.Substring(4)
                        : rest;
                }
            }

            return path;
        }

        private static bool IsBlank(char c) => c == ' ' || c == '\t';
    }
}
