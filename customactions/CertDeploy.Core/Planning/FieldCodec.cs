using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace CertDeploy.Core.Planning
{
    /// <summary>
    /// Turns lists of text fields into one line of plain characters and back, exactly. Used for
    /// the plan (which travels as CustomActionData) and for the journal.
    /// </summary>
    /// <remarks>
    /// Only letters, digits and a few punctuation marks pass as they are; every other UTF-16 code
    /// unit becomes %XXXX. So the text never holds ';' or '=' (CustomActionData separators), '['
    /// ']' '{' '}' (which Windows Installer formats when a value is copied through a property), line
    /// breaks, quotes or non-ASCII, and even unpaired surrogates come back as they went in.
    /// Fields are separated by ',', records by '|'; a lone '~' stands for null.
    /// </remarks>
    internal static class FieldCodec
    {
        internal const char FieldSeparator = ',';
        internal const char RecordSeparator = '|';
        private const char Escape = '%';
        private const string Null = "~";

        internal static string Join(IEnumerable<string?> fields)
        {
            var text = new StringBuilder();
            var first = true;

            foreach (var field in fields)
            {
                if (!first)
                {
                    text.Append(FieldSeparator);
                }

                first = false;
                Append(text, field);
            }

            return text.ToString();
        }

        internal static void Append(StringBuilder text, string? field)
        {
            if (field == null)
            {
                text.Append(Null);
                return;
            }

            foreach (var c in field)
            {
                if (IsPlain(c))
                {
                    text.Append(c);
                }
                else
                {
                    text.Append(Escape).Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                }
            }
        }

        /// <summary>Splits one record into its decoded fields; the error says what is wrong.</summary>
        internal static bool TrySplit(string record, out List<string?> fields, out string error)
        {
            fields = new List<string?>();
            error = "";

            foreach (var raw in record.Split(FieldSeparator))
            {
                if (!TryDecode(raw, out var field, out error))
                {
                    return false;
                }

                fields.Add(field);
            }

            return true;
        }

        private static bool TryDecode(string raw, out string? field, out string error)
        {
            field = null;
            error = "";
            if (raw == Null)
            {
                return true;
            }

            var text = new StringBuilder(raw.Length);
            for (var i = 0; i < raw.Length; i++)
            {
                var c = raw[i];
                if (c == Escape)
                {
                    if (i + 4 >= raw.Length)
                    {
                        error = $"the escape at position {i + 1} of \"{Shorten(raw)}\" is cut off";
                        return false;
                    }

                    var hex = raw.Substring(i + 1, 4);
                    if (!IsHex(hex))
                    {
                        error = $"\"%{hex}\" in \"{Shorten(raw)}\" is not an escape of four hexadecimal digits";
                        return false;
                    }

                    text.Append((char)int.Parse(hex, NumberStyles.AllowHexSpecifier,
                        CultureInfo.InvariantCulture));
                    i += 4;
                }
                else if (IsPlain(c))
                {
                    text.Append(c);
                }
                else
                {
                    error = $"the character U+{(int)c:X4} in \"{Shorten(raw)}\" should have been escaped";
                    return false;
                }
            }

            field = text.ToString();
            return true;
        }

        private static bool IsHex(string text)
        {
            foreach (var c in text)
            {
                if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f')))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsPlain(char c) =>
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == ' ' || c == '.' || c == '-' || c == '_' || c == ':' || c == '\\' || c == '/'
            || c == '(' || c == ')' || c == '+' || c == '@' || c == '#' || c == '$' || c == '!'
            || c == '&' || c == '*' || c == '^';

        private static string Shorten(string raw) => raw.Length <= 40 ? raw : raw.Substring(0, 40) + "...";
    }
}
