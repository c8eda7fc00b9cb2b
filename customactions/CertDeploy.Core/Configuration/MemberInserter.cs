using System.Collections.Generic;
using System.Text;

namespace CertDeploy.Core.Configuration
{
    /// <summary>
    /// Plans the insertion of missing properties at the end of the CertSettings object in the
    /// file's own style: the indentation of the last property (or of the section plus one unit),
    /// the newline found where the text goes, the separator between key and value of the last
    /// property, and a trailing comma after the new last property when the old one had one.
    /// A section written on one line gets the new properties on that line.
    /// </summary>
    internal sealed class MemberInserter
    {
        private const string DefaultIndentUnit = "  ";

        private readonly ScannedDocument _document;
        private readonly JsonObjectInfo _section;
        private readonly byte[] _bytes;

        public MemberInserter(ScannedDocument document, JsonObjectInfo section)
        {
            _document = document;
            _section = section;
            _bytes = document.Bytes;
        }

        public void Plan(List<KeyValuePair<string, string>> missing, List<AppSettingsEditor.Edit> edits)
        {
            if (_section.Members.Count == 0)
            {
                PlanIntoEmpty(missing, edits);
            }
            else
            {
                PlanAfterLast(missing, edits);
            }
        }

        private void PlanAfterLast(List<KeyValuePair<string, string>> missing, List<AppSettingsEditor.Edit> edits)
        {
            var last = _section.Members[_section.Members.Count - 1];
            var trailingComma = last.CommaAt >= 0;
            var anchor = trailingComma ? last.CommaAt + 1 : last.ValueEnd;
            var separator = SeparatorOf(last);

            if (!trailingComma)
            {
                edits.Add(Insert(last.ValueEnd, ","));
            }

            var lineEnd = SkipTriviaOnLine(anchor);
            var text = new StringBuilder();
            if (lineEnd < _bytes.Length && (_bytes[lineEnd] == (byte)'\n' || _bytes[lineEnd] == (byte)'\r'))
            {
                var newline = NewlineAt(lineEnd);
                var indent = LineIndent(last.KeyStart, requireFirstOnLine: true)
                    ?? SectionIndent() + IndentUnit();
                for (var i = 0; i < missing.Count; i++)
                {
                    text.Append(newline).Append(indent).Append(Member(missing[i], separator));
                    AppendCommaIfNeeded(text, i, missing.Count, trailingComma);
                }

                edits.Add(Insert(lineEnd, text.ToString()));
                return;
            }

            for (var i = 0; i < missing.Count; i++)
            {
                text.Append(' ').Append(Member(missing[i], separator));
                AppendCommaIfNeeded(text, i, missing.Count, trailingComma);
            }

            edits.Add(Insert(anchor, text.ToString()));
        }

        private void PlanIntoEmpty(List<KeyValuePair<string, string>> missing, List<AppSettingsEditor.Edit> edits)
        {
            var interiorStart = _section.Open + 1;
            var interiorLength = _section.Close - interiorStart;
            var newline = FirstNewline();
            var sectionIndent = SectionIndent();
            var inner = sectionIndent + IndentUnit();
            var text = new StringBuilder();

            if (IsWhitespace(interiorStart, _section.Close))
            {
                if (newline == null)
                {
                    AppendInline(text, missing);
                    text.Append(' ');
                }
                else
                {
                    for (var i = 0; i < missing.Count; i++)
                    {
                        text.Append(newline).Append(inner).Append(Member(missing[i], ": "));
                        AppendCommaIfNeeded(text, i, missing.Count, trailingComma: false);
                    }

                    text.Append(newline).Append(sectionIndent);
                }

                edits.Add(new AppSettingsEditor.Edit(interiorStart, interiorLength, Encode(text.ToString())));
                return;
            }

            // Comments inside the empty section stay; the new properties go after them.
            var closeIndent = LineIndent(_section.Close, requireFirstOnLine: true);
            if (newline != null && closeIndent != null)
            {
                for (var i = 0; i < missing.Count; i++)
                {
                    text.Append(inner).Append(Member(missing[i], ": "));
                    AppendCommaIfNeeded(text, i, missing.Count, trailingComma: false);
                    text.Append(newline);
                }

                edits.Add(Insert(_section.Close - closeIndent.Length, text.ToString()));
                return;
            }

            AppendInline(text, missing);
            text.Append(' ');
            edits.Add(Insert(_section.Close, text.ToString()));
        }

        private static void AppendInline(StringBuilder text, List<KeyValuePair<string, string>> missing)
        {
            for (var i = 0; i < missing.Count; i++)
            {
                text.Append(' ').Append(Member(missing[i], ": "));
                AppendCommaIfNeeded(text, i, missing.Count, trailingComma: false);
            }
        }

        private static void AppendCommaIfNeeded(StringBuilder text, int index, int count, bool trailingComma)
        {
            if (index < count - 1 || trailingComma)
            {
                text.Append(',');
            }
        }

        private static string Member(KeyValuePair<string, string> pair, string separator) =>
            AppSettingsEditor.Quote(pair.Key) + separator + AppSettingsEditor.Quote(pair.Value);

        /// <summary>What the last property has between key and value (": ", ":", " : "), if plain.</summary>
        private string SeparatorOf(JsonMember member)
        {
            for (var i = member.KeyEnd; i < member.ValueStart; i++)
            {
                var b = _bytes[i];
                if (b != (byte)' ' && b != (byte)'\t' && b != (byte)':')
                {
                    return ": ";
                }
            }

            return Encoding.ASCII.GetString(_bytes, member.KeyEnd, member.ValueStart - member.KeyEnd);
        }

        /// <summary>Skips spaces, tabs and comments up to the end of the line or the next token.</summary>
        private int SkipTriviaOnLine(int pos)
        {
            while (pos < _bytes.Length)
            {
                var b = _bytes[pos];
                if (b == (byte)' ' || b == (byte)'\t')
                {
                    pos++;
                }
                else if (b == (byte)'/' && _bytes[pos + 1] == (byte)'/')
                {
                    while (pos < _bytes.Length && _bytes[pos] != (byte)'\n' && _bytes[pos] != (byte)'\r')
                    {
                        pos++;
                    }
                }
                else if (b == (byte)'/' && _bytes[pos + 1] == (byte)'*')
                {
                    pos += 2;
                    while (!(_bytes[pos] == (byte)'*' && _bytes[pos + 1] == (byte)'/'))
                    {
                        pos++;
                    }

                    pos += 2;
                }
                else
                {
                    break;
                }
            }

            return pos;
        }

        private string NewlineAt(int pos)
        {
            if (_bytes[pos] == (byte)'\r')
            {
                return pos + 1 < _bytes.Length && _bytes[pos + 1] == (byte)'\n' ? "\r\n" : "\r";
            }

            return "\n";
        }

        private string? FirstNewline()
        {
            for (var i = _document.ContentStart; i < _bytes.Length; i++)
            {
                if (_bytes[i] == (byte)'\n' || _bytes[i] == (byte)'\r')
                {
                    return NewlineAt(i);
                }
            }

            return null;
        }

        /// <summary>
        /// The spaces and tabs that start the line of a position; null when
        /// <paramref name="requireFirstOnLine"/> and something else precedes it on that line.
        /// </summary>
        private string? LineIndent(int pos, bool requireFirstOnLine)
        {
            var start = pos;
            while (start > _document.ContentStart && _bytes[start - 1] != (byte)'\n' && _bytes[start - 1] != (byte)'\r')
            {
                start--;
            }

            var end = start;
            while (end < pos && (_bytes[end] == (byte)' ' || _bytes[end] == (byte)'\t'))
            {
                end++;
            }

            if (requireFirstOnLine && end != pos)
            {
                return null;
            }

            return Encoding.ASCII.GetString(_bytes, start, end - start);
        }

        private string SectionIndent() =>
            LineIndent(_document.CertSettings!.Value.KeyStart, requireFirstOnLine: false)!;

        /// <summary>
        /// One level of indentation: CertSettings is a property of the root object, so its own
        /// indentation is one level, unless it shares its line with something else.
        /// </summary>
        private string IndentUnit()
        {
            var indent = LineIndent(_document.CertSettings!.Value.KeyStart, requireFirstOnLine: true);
            return string.IsNullOrEmpty(indent) ? DefaultIndentUnit : indent!;
        }

        private bool IsWhitespace(int start, int end)
        {
            for (var i = start; i < end; i++)
            {
                var b = _bytes[i];
                if (b != (byte)' ' && b != (byte)'\t' && b != (byte)'\n' && b != (byte)'\r')
                {
                    return false;
                }
            }

            return true;
        }

        private static AppSettingsEditor.Edit Insert(int offset, string text) =>
            new AppSettingsEditor.Edit(offset, 0, Encode(text));

        private static byte[] Encode(string text) => Encoding.UTF8.GetBytes(text);
    }
}
