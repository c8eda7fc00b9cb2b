using System.Collections.Generic;
using System.Text;

namespace CertDeploy.Core.Targets
{
    /// <summary>Splits the arguments of a Windows command line as programs receive them.</summary>
    internal static class CommandLine
    {
        /// <summary>
        /// The arguments of <paramref name="arguments"/> by the rules of the Microsoft C runtime:
        /// spaces and tabs separate, double quotes group, 2n backslashes before a quote give n
        /// backslashes, 2n+1 give n and a literal quote; other backslashes are literal. An
        /// unterminated quote runs to the end, as it does for the program receiving it.
        /// </summary>
        public static IReadOnlyList<string> SplitArguments(string arguments)
        {
            var result = new List<string>();
            var current = new StringBuilder();
            var inQuotes = false;
            var inArgument = false;
            var i = 0;

            while (i < arguments.Length)
            {
                var c = arguments[i];

                if ((c == ' ' || c == '\t') && !inQuotes)
                {
                    if (inArgument)
                    {
                        result.Add(current.ToString());
                        current.Clear();
                        inArgument = false;
                    }

                    i++;
                    continue;
                }

                inArgument = true;

                if (c == '\\')
                {
                    var backslashes = 0;
                    while (i < arguments.Length && arguments[i] == '\\')
                    {
                        backslashes++;
                        i++;
                    }

                    if (i < arguments.Length && arguments[i] == '"')
                    {
                        current.Append('\\', backslashes / 2);
                        if (backslashes % 2 == 1)
                        {
                            current.Append('"');
                            i++;
                        }
                    }
                    else
                    {
                        current.Append('\\', backslashes);
                    }

                    continue;
                }

                if (c == '"')
                {
                    inQuotes = !inQuotes;
                    i++;
                    continue;
                }

                current.Append(c);
                i++;
            }

            if (inArgument)
            {
                result.Add(current.ToString());
            }

            return result;
        }
    }
}
