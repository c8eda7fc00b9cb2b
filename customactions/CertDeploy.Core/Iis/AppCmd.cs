using System;
using System.Linq;
using System.Text;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Ports;

namespace CertDeploy.Core.Iis
{
    /// <summary>
    /// The command lines given to IIS's appcmd.exe and the reading of its answers, kept here so
    /// that they are tested on every OS; the Windows adapter only runs the program.
    /// </summary>
    public static class AppCmd
    {
        /// <summary>Arguments that print a pool's state: "list apppool NAME /text:state".</summary>
        public static string StateArguments(string poolName) =>
            Join("list", "apppool", poolName, "/text:state");

        /// <summary>Arguments that recycle a pool.</summary>
        public static string RecycleArguments(string poolName) =>
            Join("recycle", "apppool", "/apppool.name:" + poolName);

        /// <summary>Arguments that start a pool.</summary>
        public static string StartArguments(string poolName) =>
            Join("start", "apppool", "/apppool.name:" + poolName);

        /// <summary>The state appcmd printed for "list apppool NAME /text:state".</summary>
        /// <exception cref="CertDeployException">
        /// The output is not one of the states, naming the pool.
        /// </exception>
        public static ApplicationPoolState ParseState(string poolName, string output)
        {
            var text = (output ?? "").Trim();

            switch (text)
            {
                case "Started":
                    return ApplicationPoolState.Started;
                case "Starting":
                    return ApplicationPoolState.Starting;
                case "Stopped":
                    return ApplicationPoolState.Stopped;
                case "Stopping":
                    return ApplicationPoolState.Stopping;
                case "Unknown":
                    return ApplicationPoolState.Unknown;
                default:
                    throw new CertDeployException($"Could not read the state of IIS application pool "
                        + $"{poolName}: appcmd answered \"{text}\". Check that the pool exists in IIS Manager.");
            }
        }

        /// <summary>
        /// Arguments joined into one command line that a program splitting it by the C runtime's
        /// rules (as appcmd does) receives unchanged: each is quoted; inside quotes, backslashes
        /// are literal except before a quote, where each one is doubled, and a quote is \".
        /// </summary>
        public static string Join(params string[] arguments)
        {
            if (arguments == null)
            {
                throw new ArgumentNullException(nameof(arguments));
            }

            return string.Join(" ", arguments.Select(Quote));
        }

        private static string Quote(string argument)
        {
            var text = new StringBuilder("\"");
            var backslashes = 0;

            foreach (var c in argument)
            {
                if (c == '\\')
                {
                    backslashes++;
                    continue;
                }

                text.Append('\\', c == '"' ? (backslashes * 2) + 1 : backslashes);
                backslashes = 0;
                text.Append(c);
            }

            text.Append('\\', backslashes * 2);
            return text.Append('"').ToString();
        }
    }
}
