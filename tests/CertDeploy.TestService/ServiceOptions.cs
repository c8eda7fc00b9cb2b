using System;
using System.Collections.Generic;
using System.Globalization;

namespace CertDeploy.TestService
{
    /// <summary>
    /// What one instance is told on its command line (the arguments after the exe in ImagePath):
    /// --start-delay MS, --stop-delay MS, --refuse THUMBPRINT (repeatable), --fail-after-start
    /// THUMBPRINT (repeatable: starts with it, then stops itself a second later).
    /// </summary>
    internal sealed class ServiceOptions
    {
        public TimeSpan StartDelay { get; private set; }

        public TimeSpan StopDelay { get; private set; }

        public IReadOnlyCollection<string> Refused => _refused;

        public IReadOnlyCollection<string> FailsAfterStartWith => _failsAfterStart;

        private readonly HashSet<string> _refused = new(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> _failsAfterStart = new(StringComparer.OrdinalIgnoreCase);

        public static ServiceOptions Parse(IReadOnlyList<string> args)
        {
            var options = new ServiceOptions();

            for (var i = 0; i < args.Count; i++)
            {
                var name = args[i];
                if (i + 1 >= args.Count)
                {
                    throw new ArgumentException($"Argument {name} needs a value.");
                }

                var value = args[++i];
                switch (name)
                {
                    case "--start-delay":
                        options.StartDelay = Milliseconds(name, value);
                        break;
                    case "--stop-delay":
                        options.StopDelay = Milliseconds(name, value);
                        break;
                    case "--refuse":
                        options._refused.Add(value);
                        break;
                    case "--fail-after-start":
                        options._failsAfterStart.Add(value);
                        break;
                    default:
                        throw new ArgumentException($"Unknown argument {name}; expected "
                            + "--start-delay, --stop-delay, --refuse or --fail-after-start.");
                }
            }

            return options;
        }

        private static TimeSpan Milliseconds(string name, string value)
        {
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
            {
                throw new ArgumentException($"Argument {name} needs milliseconds, not '{value}'.");
            }

            return TimeSpan.FromMilliseconds(ms);
        }
    }
}
