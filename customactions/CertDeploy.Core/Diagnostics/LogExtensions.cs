using System;
using System.Globalization;
using System.Text;

namespace CertDeploy.Core.Diagnostics
{
    /// <summary>Shorthands for <see cref="ILog"/> and the one place templates are rendered.</summary>
    public static class LogExtensions
    {
        /// <summary>Writes a Verbose line.</summary>
        public static void Verbose(this ILog log, string template, params object?[] values) =>
            log.Write(LogLevel.Verbose, template, values);

        /// <summary>Writes an Information line.</summary>
        public static void Info(this ILog log, string template, params object?[] values) =>
            log.Write(LogLevel.Information, template, values);

        /// <summary>Writes a Warning line.</summary>
        public static void Warn(this ILog log, string template, params object?[] values) =>
            log.Write(LogLevel.Warning, template, values);

        /// <summary>Writes an Error line.</summary>
        public static void Error(this ILog log, string template, params object?[] values) =>
            log.Write(LogLevel.Error, template, values);

        /// <summary>
        /// Fills the holes of a template with the values in order. A hole without a value stays
        /// as written; values are formatted with the invariant culture.
        /// </summary>
        public static string Render(string template, object?[] values)
        {
            var text = new StringBuilder(template.Length + 32);
            var next = 0;
            var i = 0;

            while (i < template.Length)
            {
                var open = template.IndexOf('{', i);
                var close = open < 0 ? -1 : template.IndexOf('}', open + 1);
                if (open < 0 || close < 0 || next >= values.Length)
                {
                    text.Append(template, i, template.Length - i);
                    break;
                }

                text.Append(template, i, open - i);
                text.Append(Convert.ToString(values[next++], CultureInfo.InvariantCulture) ?? "");
                i = close + 1;
            }

            return text.ToString();
        }
    }
}
