using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace CertDeploy.Core.Configuration
{
    /// <summary>The kind of a JSON value, as found in the file.</summary>
    internal enum JsonKind
    {
        Object,
        Array,
        String,
        Number,
        True,
        False,
        Null,
    }

    /// <summary>One property of an object whose members were recorded; offsets are byte offsets.</summary>
    internal struct JsonMember
    {
        /// <summary>The opening quote of the key.</summary>
        public int KeyStart;

        /// <summary>Just after the closing quote of the key.</summary>
        public int KeyEnd;

        /// <summary>The first byte of the value.</summary>
        public int ValueStart;

        /// <summary>Just after the last byte of the value.</summary>
        public int ValueEnd;

        public JsonKind ValueKind;

        /// <summary>The comma after the value, or -1 when there is none.</summary>
        public int CommaAt;
    }

    /// <summary>An object whose braces and members were recorded.</summary>
    internal sealed class JsonObjectInfo
    {
        public int Open;

        public int Close;

        public List<JsonMember> Members { get; } = new List<JsonMember>();
    }

    /// <summary>What the scanner keeps of a valid document: where CertSettings is, nothing more.</summary>
    internal sealed class ScannedDocument
    {
        public ScannedDocument(byte[] bytes, int contentStart)
        {
            Bytes = bytes;
            ContentStart = contentStart;
        }

        public byte[] Bytes { get; }

        /// <summary>3 after a UTF-8 byte order mark, else 0.</summary>
        public int ContentStart { get; }

        /// <summary>The top-level CertSettings property, if the root object has one.</summary>
        public JsonMember? CertSettings { get; set; }

        /// <summary>The CertSettings object with its members, when CertSettings is an object.</summary>
        public JsonObjectInfo? CertSettingsObject { get; set; }
    }

    /// <summary>
    /// Validates a whole JSON-with-comments document the way .NET configuration reads it (// and
    /// /* */ comments, trailing commas, an object at the root, no duplicate keys, at most 64
    /// levels) while working on the UTF-8 bytes, so that every position is an exact byte offset
    /// and nothing is decoded that need not be. Errors are <see cref="ConfigFileException"/>s.
    /// </summary>
    internal sealed class JsonScanner
    {
        // JsonDocument's default MaxDepth, which Microsoft.Extensions.Configuration.Json uses.
        internal const int MaxDepth = 64;

        private const string CertSettingsName = "CertSettings";

        private readonly byte[] _bytes;
        private readonly string _path;
        private readonly int _contentStart;
        private readonly KeyTable?[] _keyTables = new KeyTable?[MaxDepth + 1];
        private readonly ScannedDocument _document;
        private int _pos;
        private bool _sawComment;

        private JsonScanner(string path, byte[] bytes, int contentStart)
        {
            _path = path;
            _bytes = bytes;
            _contentStart = contentStart;
            _pos = contentStart;
            _document = new ScannedDocument(bytes, contentStart);
        }

        /// <summary>Validates the document and finds its CertSettings section.</summary>
        public static ScannedDocument Scan(string path, byte[] content)
        {
            if (content.Length >= 2 && ((content[0] == 0xFF && content[1] == 0xFE)
                || (content[0] == 0xFE && content[1] == 0xFF)))
            {
                throw new ConfigFileException(path, null, null,
                    $"{path} is saved as UTF-16 (it starts with a UTF-16 byte order mark); "
                    + "CertDeploy reads and writes UTF-8 only. Save the file as UTF-8 and run again.");
            }

            var hasBom = content.Length >= 3 && content[0] == 0xEF && content[1] == 0xBB
                && content[2] == 0xBF;
            var scanner = new JsonScanner(path, content, hasBom ? 3 : 0);
            scanner.ScanDocument();
            return scanner._document;
        }

        private void ScanDocument()
        {
            SkipTrivia();
            if (_pos >= _bytes.Length)
            {
                var what = _sawComment ? "holds only comments" : "is empty";
                throw new ConfigFileException(_path, null, null,
                    $"{_path} {what}: expected a JSON object such as "
                    + "{ \"CertSettings\": { ... } }.");
            }

            var first = _bytes[_pos];
            if (first != (byte)'{')
            {
                var kind = DescribeValueStart(first);
                if (kind == null)
                {
                    throw Unexpected(_pos, "'{' to open the root object");
                }

                throw Error(_pos, $"The root of {_path} is {kind} {At(_pos, withPath: false)}: "
                    + ".NET configuration needs an object ({ ... }) at the top.");
            }

            var rootOpen = _pos;
            ScanObject(1, null, isRoot: true);
            var rootClose = _pos - 1;

            SkipTrivia();
            if (_pos < _bytes.Length)
            {
                throw Error(_pos, $"{UnexpectedText(_pos)} {At(_pos)} after the end of the root "
                    + $"object (opened {At(rootOpen, withPath: false)}, closed "
                    + $"{At(rootClose, withPath: false)}): only whitespace and comments may "
                    + "follow it.");
            }
        }

        private void ScanObject(int depth, JsonObjectInfo? record, bool isRoot)
        {
            var open = _pos;
            if (depth > MaxDepth)
            {
                throw TooDeep(open);
            }

            _pos++;
            var keys = _keyTables[depth] ??= new KeyTable(this);
            keys.Reset();
            if (record != null)
            {
                record.Open = open;
            }

            SkipTrivia();
            var afterComma = false;
            while (true)
            {
                if (_pos >= _bytes.Length)
                {
                    throw UnexpectedEnd(afterComma || keys.Count == 0
                        ? "a property name or '}'"
                        : "',' or '}'", "object", open);
                }

                var c = _bytes[_pos];
                if (c == (byte)'}')
                {
                    if (record != null)
                    {
                        record.Close = _pos;
                    }

                    _pos++;
                    return;
                }

                if (c != (byte)'"')
                {
                    throw Unexpected(_pos, "a property name in double quotes or '}'");
                }

                var keyStart = _pos;
                var keySimple = ScanString();
                var keyEnd = _pos;
                keys.AddOrThrow(keyStart, keyEnd, keySimple);

                SkipTrivia();
                if (_pos >= _bytes.Length)
                {
                    throw UnexpectedEnd($"':' after the property name {KeyText(keyStart, keyEnd)}",
                        "object", open);
                }

                if (_bytes[_pos] != (byte)':')
                {
                    throw Unexpected(_pos, $"':' after the property name {KeyText(keyStart, keyEnd)}");
                }

                _pos++;
                SkipTrivia();
                var isCertSettings = isRoot && KeyEquals(keyStart, keyEnd, keySimple, CertSettingsName);
                JsonObjectInfo? child = isCertSettings ? new JsonObjectInfo() : null;
                var valueStart = _pos;
                var kind = ScanValue(depth, child, keyStart, keyEnd, open);
                var valueEnd = _pos;

                SkipTrivia();
                if (_pos >= _bytes.Length)
                {
                    throw UnexpectedEnd($"',' or '}}' after the value of {KeyText(keyStart, keyEnd)}",
                        "object", open);
                }

                var commaAt = -1;
                c = _bytes[_pos];
                if (c == (byte)',')
                {
                    commaAt = _pos;
                    _pos++;
                    SkipTrivia();
                    afterComma = true;
                }
                else if (c != (byte)'}')
                {
                    throw Unexpected(_pos, $"',' or '}}' after the value of {KeyText(keyStart, keyEnd)}");
                }
                else
                {
                    afterComma = false;
                }

                var member = new JsonMember
                {
                    KeyStart = keyStart,
                    KeyEnd = keyEnd,
                    ValueStart = valueStart,
                    ValueEnd = valueEnd,
                    ValueKind = kind,
                    CommaAt = commaAt,
                };
                record?.Members.Add(member);
                if (isCertSettings)
                {
                    _document.CertSettings = member;
                    _document.CertSettingsObject = kind == JsonKind.Object ? child : null;
                }
            }
        }

        private void ScanArray(int depth)
        {
            var open = _pos;
            if (depth > MaxDepth)
            {
                throw TooDeep(open);
            }

            _pos++;
            SkipTrivia();
            var itemCount = 0;
            while (true)
            {
                if (_pos >= _bytes.Length)
                {
                    throw UnexpectedEnd(itemCount == 0 ? "a value or ']'" : "',' or ']'", "array", open);
                }

                if (_bytes[_pos] == (byte)']')
                {
                    _pos++;
                    return;
                }

                ScanValue(depth, null, -1, -1, open);
                itemCount++;

                SkipTrivia();
                if (_pos >= _bytes.Length)
                {
                    throw UnexpectedEnd("',' or ']' after an array item", "array", open);
                }

                var c = _bytes[_pos];
                if (c == (byte)',')
                {
                    _pos++;
                    SkipTrivia();
                }
                else if (c != (byte)']')
                {
                    throw Unexpected(_pos, "',' or ']' after an array item");
                }
            }
        }

        /// <summary>Scans the value of a property (key offsets given) or of an array item (-1).</summary>
        private JsonKind ScanValue(int depth, JsonObjectInfo? record, int keyStart, int keyEnd,
            int containerOpen)
        {
            var expected = new ValueExpectation(this, keyStart, keyEnd);
            if (_pos >= _bytes.Length)
            {
                throw UnexpectedEnd(expected.Text, _bytes[containerOpen] == (byte)'{' ? "object" : "array",
                    containerOpen);
            }

            switch (_bytes[_pos])
            {
                case (byte)'{':
                    ScanObject(depth + 1, record, isRoot: false);
                    return JsonKind.Object;
                case (byte)'[':
                    ScanArray(depth + 1);
                    return JsonKind.Array;
                case (byte)'"':
                    ScanString();
                    return JsonKind.String;
                case (byte)'t':
                    ScanLiteral("true", expected);
                    return JsonKind.True;
                case (byte)'f':
                    ScanLiteral("false", expected);
                    return JsonKind.False;
                case (byte)'n':
                    ScanLiteral("null", expected);
                    return JsonKind.Null;
                default:
                    var c = _bytes[_pos];
                    if (c == (byte)'-' || (c >= (byte)'0' && c <= (byte)'9'))
                    {
                        ScanNumber();
                        return JsonKind.Number;
                    }

                    throw Unexpected(_pos, expected.Text);
            }
        }

        /// <summary>Scans a string token; returns whether it is plain ASCII without escapes.</summary>
        private bool ScanString()
        {
            var start = _pos;
            var bytes = _bytes;
            var length = bytes.Length;
            var pos = _pos + 1;
            var simple = true;

            while (true)
            {
                while (pos + 8 <= length && !Swar.HasStringStop(System.BitConverter.ToUInt64(bytes, pos)))
                {
                    pos += 8;
                }

                byte b = 0;
                while (pos < length && (b = bytes[pos]) >= 0x20 && b < 0x80 && b != (byte)'"'
                    && b != (byte)'\\')
                {
                    pos++;
                }

                if (pos >= length)
                {
                    throw Error(start, $"Unterminated string starting {At(start)}: the file ends "
                        + "before the closing '\"'.");
                }

                if (b == (byte)'"')
                {
                    _pos = pos + 1;
                    return simple;
                }

                simple = false;
                if (b == (byte)'\\')
                {
                    pos = ScanEscape(pos);
                }
                else if (b == (byte)'\n' || b == (byte)'\r')
                {
                    throw Error(start, $"Unterminated string starting {At(start)}: the line ends "
                        + "before the closing '\"'.");
                }
                else if (b < 0x20)
                {
                    throw Error(pos, $"Control character U+{b:X4} inside the string {At(pos)}: "
                        + $"write it as the escape \\u{b:X4}.");
                }
                else
                {
                    pos += Utf8SequenceLength(pos);
                }
            }
        }

        private int ScanEscape(int backslash)
        {
            var pos = backslash + 1;
            if (pos >= _bytes.Length)
            {
                throw Error(backslash, $"Unterminated string {At(backslash)}: the file ends in an escape.");
            }

            switch (_bytes[pos])
            {
                case (byte)'"':
                case (byte)'\\':
                case (byte)'/':
                case (byte)'b':
                case (byte)'f':
                case (byte)'n':
                case (byte)'r':
                case (byte)'t':
                    return pos + 1;
                case (byte)'u':
                    for (var i = 1; i <= 4; i++)
                    {
                        if (pos + i >= _bytes.Length || HexValue(_bytes[pos + i]) < 0)
                        {
                            throw InvalidEscape(backslash, pos + i + 1);
                        }
                    }

                    return pos + 5;
                default:
                    throw InvalidEscape(backslash, pos + 1);
            }
        }

        /// <summary>The error for a bad escape, showing it from the backslash to the bad character.</summary>
        private ConfigFileException InvalidEscape(int backslash, int endExclusive)
        {
            var end = System.Math.Min(endExclusive, _bytes.Length);
            while (end > backslash + 1 && (_bytes[end - 1] < 0x20 || _bytes[end - 1] >= 0x80
                || _bytes[end - 1] == (byte)'"'))
            {
                end--;
            }

            var shown = Encoding.ASCII.GetString(_bytes, backslash, end - backslash);
            return Error(backslash, $"Invalid escape '{shown}' {At(backslash)}: expected one of "
                + "\\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\u followed by four hexadecimal digits. "
                + "Write a backslash as \\\\.");
        }

        private void ScanNumber()
        {
            var start = _pos;
            var pos = _pos;
            if (_bytes[pos] == (byte)'-')
            {
                pos++;
            }

            if (!IsDigitAt(pos))
            {
                throw Error(start, $"Invalid number {At(start)}: expected a digit after '-'.");
            }

            if (_bytes[pos] == (byte)'0' && IsDigitAt(pos + 1))
            {
                throw Error(start, $"Invalid number {At(start)}: a number may not start with 0 "
                    + "followed by more digits; write it without leading zeros or as a string.");
            }

            while (IsDigitAt(pos))
            {
                pos++;
            }

            if (pos < _bytes.Length && _bytes[pos] == (byte)'.')
            {
                pos++;
                if (!IsDigitAt(pos))
                {
                    throw Error(start, $"Invalid number {At(start)}: expected a digit after '.'.");
                }

                while (IsDigitAt(pos))
                {
                    pos++;
                }
            }

            if (pos < _bytes.Length && (_bytes[pos] == (byte)'e' || _bytes[pos] == (byte)'E'))
            {
                pos++;
                if (pos < _bytes.Length && (_bytes[pos] == (byte)'+' || _bytes[pos] == (byte)'-'))
                {
                    pos++;
                }

                if (!IsDigitAt(pos))
                {
                    throw Error(start, $"Invalid number {At(start)}: expected a digit in the exponent.");
                }

                while (IsDigitAt(pos))
                {
                    pos++;
                }
            }

            _pos = pos;
        }

        private void ScanLiteral(string literal, ValueExpectation expected)
        {
            var end = _pos;
            while (end < _bytes.Length && IsWordByte(_bytes[end]))
            {
                end++;
            }

            if (end - _pos != literal.Length)
            {
                throw Unexpected(_pos, expected.Text);
            }

            for (var i = 0; i < literal.Length; i++)
            {
                if (_bytes[_pos + i] != (byte)literal[i])
                {
                    throw Unexpected(_pos, expected.Text);
                }
            }

            _pos = end;
        }

        /// <summary>Skips whitespace and comments.</summary>
        private void SkipTrivia()
        {
            var bytes = _bytes;
            var length = bytes.Length;
            var pos = _pos;

            while (pos < length)
            {
                var b = bytes[pos];
                if (b == (byte)' ' || b == (byte)'\n' || b == (byte)'\r' || b == (byte)'\t')
                {
                    pos++;
                    while (pos + 8 <= length && System.BitConverter.ToUInt64(bytes, pos) == Swar.Spaces)
                    {
                        pos += 8;
                    }

                    continue;
                }

                if (b != (byte)'/')
                {
                    break;
                }

                var next = pos + 1 < length ? bytes[pos + 1] : (byte)0;
                if (next == (byte)'/')
                {
                    _sawComment = true;
                    pos += 2;
                    var wordCheckedUpTo = pos;
                    while (pos < length && (b = bytes[pos]) != (byte)'\n' && b != (byte)'\r')
                    {
                        if (pos >= wordCheckedUpTo && pos + 8 <= length)
                        {
                            wordCheckedUpTo = pos + 8;
                            if (!Swar.HasLineCommentStop(System.BitConverter.ToUInt64(bytes, pos)))
                            {
                                pos += 8;
                                continue;
                            }
                        }

                        pos += b < 0x80 ? 1 : Utf8SequenceLength(pos);
                    }
                }
                else if (next == (byte)'*')
                {
                    _sawComment = true;
                    var commentStart = pos;
                    pos += 2;
                    var wordCheckedUpTo = pos;
                    while (true)
                    {
                        if (pos >= length)
                        {
                            throw Error(commentStart, $"Unterminated comment starting "
                                + $"{At(commentStart)}: the closing '*/' is missing.");
                        }

                        if (pos >= wordCheckedUpTo && pos + 8 <= length)
                        {
                            wordCheckedUpTo = pos + 8;
                            if (!Swar.HasBlockCommentStop(System.BitConverter.ToUInt64(bytes, pos)))
                            {
                                pos += 8;
                                continue;
                            }
                        }

                        b = bytes[pos];
                        if (b == (byte)'*' && pos + 1 < length && bytes[pos + 1] == (byte)'/')
                        {
                            pos += 2;
                            break;
                        }

                        pos += b < 0x80 ? 1 : Utf8SequenceLength(pos);
                    }
                }
                else
                {
                    _pos = pos;
                    throw Error(pos, $"Unexpected '/' {At(pos)}: a comment starts with // or /*.");
                }
            }

            _pos = pos;
        }

        /// <summary>
        /// The length of the UTF-8 sequence at a lead byte of 0x80 or more; throws naming the
        /// file when the bytes are not well-formed UTF-8 (overlong forms and surrogates included).
        /// </summary>
        private int Utf8SequenceLength(int pos)
        {
            var length = Utf8.SequenceLength(_bytes, pos);
            if (length > 0)
            {
                return length;
            }

            throw Error(pos, $"{_path} is not valid UTF-8: the byte 0x{_bytes[pos]:X2} at line "
                + $"{Position(pos).Line}, column {Position(pos).Column} (byte offset {pos}) does not "
                + "start or continue a UTF-8 character. Save the file as UTF-8 and run again.");
        }

        private bool IsDigitAt(int pos) =>
            pos < _bytes.Length && _bytes[pos] >= (byte)'0' && _bytes[pos] <= (byte)'9';

        private static bool IsWordByte(byte b) =>
            (b >= (byte)'a' && b <= (byte)'z') || (b >= (byte)'A' && b <= (byte)'Z')
            || (b >= (byte)'0' && b <= (byte)'9') || b == (byte)'_';

        internal static int HexValue(byte b)
        {
            if (b >= (byte)'0' && b <= (byte)'9')
            {
                return b - '0';
            }

            if (b >= (byte)'a' && b <= (byte)'f')
            {
                return b - 'a' + 10;
            }

            if (b >= (byte)'A' && b <= (byte)'F')
            {
                return b - 'A' + 10;
            }

            return -1;
        }

        private static string? DescribeValueStart(byte b) => b switch
        {
            (byte)'[' => "an array",
            (byte)'"' => "a string",
            (byte)'t' or (byte)'f' => "a boolean",
            (byte)'n' => "null",
            (byte)'-' => "a number",
            >= (byte)'0' and <= (byte)'9' => "a number",
            _ => null,
        };

        // ---- keys ----

        /// <summary>Whether a key token equals a name, ignoring case as .NET configuration does.</summary>
        internal bool KeyEquals(int keyStart, int keyEnd, bool simple, string name) =>
            KeyEquals(_bytes, keyStart, keyEnd, simple, name);

        internal static bool KeyEquals(byte[] bytes, int keyStart, int keyEnd, bool simple, string name)
        {
            if (!simple)
            {
                return string.Equals(DecodeString(bytes, keyStart, keyEnd), name,
                    System.StringComparison.OrdinalIgnoreCase);
            }

            var length = keyEnd - keyStart - 2;
            if (length != name.Length)
            {
                return false;
            }

            for (var i = 0; i < length; i++)
            {
                if (FoldAscii(bytes[keyStart + 1 + i]) != FoldAscii((byte)name[i]))
                {
                    return false;
                }
            }

            return true;
        }

        private static int FoldAscii(byte b) => b >= (byte)'a' && b <= (byte)'z' ? b - 32 : b;

        /// <summary>A case-insensitive hash that is equal for keys that .NET treats as equal.</summary>
        private int KeyHash(int keyStart, int keyEnd, bool simple)
        {
            unchecked
            {
                var hash = (int)2166136261;
                if (simple)
                {
                    for (var i = keyStart + 1; i < keyEnd - 1; i++)
                    {
                        hash = (hash ^ FoldAscii(_bytes[i])) * 16777619;
                    }

                    return hash;
                }

                foreach (var c in DecodeString(_bytes, keyStart, keyEnd))
                {
                    hash = (hash ^ char.ToUpperInvariant(c)) * 16777619;
                }

                return hash;
            }
        }

        private bool KeysEqual(int startA, int endA, bool simpleA, int startB, int endB, bool simpleB)
        {
            if (simpleA && simpleB)
            {
                if (endA - startA != endB - startB)
                {
                    return false;
                }

                for (var i = 1; i < endA - startA - 1; i++)
                {
                    if (FoldAscii(_bytes[startA + i]) != FoldAscii(_bytes[startB + i]))
                    {
                        return false;
                    }
                }

                return true;
            }

            return string.Equals(DecodeString(_bytes, startA, endA), DecodeString(_bytes, startB, endB),
                System.StringComparison.OrdinalIgnoreCase);
        }

        private string KeyText(int keyStart, int keyEnd) =>
            "\"" + DecodeString(_bytes, keyStart, keyEnd) + "\"";

        /// <summary>Decodes a string token (quotes included in the range) to its value.</summary>
        internal static string DecodeString(byte[] bytes, int tokenStart, int tokenEnd)
        {
            var first = tokenStart + 1;
            var end = tokenEnd - 1;
            var backslash = System.Array.IndexOf(bytes, (byte)'\\', first, end - first);
            if (backslash < 0)
            {
                return Encoding.UTF8.GetString(bytes, first, end - first);
            }

            var text = new StringBuilder(end - first);
            var runStart = first;
            var pos = backslash;
            while (pos < end)
            {
                if (bytes[pos] != (byte)'\\')
                {
                    pos++;
                    continue;
                }

                text.Append(Encoding.UTF8.GetString(bytes, runStart, pos - runStart));
                var escaped = bytes[pos + 1];
                pos += 2;
                switch (escaped)
                {
                    case (byte)'b': text.Append('\b'); break;
                    case (byte)'f': text.Append('\f'); break;
                    case (byte)'n': text.Append('\n'); break;
                    case (byte)'r': text.Append('\r'); break;
                    case (byte)'t': text.Append('\t'); break;
                    case (byte)'u':
                        var code = 0;
                        for (var i = 0; i < 4; i++)
                        {
                            code = (code << 4) | HexValue(bytes[pos + i]);
                        }

                        text.Append((char)code);
                        pos += 4;
                        break;
                    default: text.Append((char)escaped); break;
                }

                runStart = pos;
            }

            text.Append(Encoding.UTF8.GetString(bytes, runStart, end - runStart));
            return text.ToString();
        }

        // ---- messages ----

        private ConfigFileException Unexpected(int offset, string expected) =>
            Error(offset, $"{UnexpectedText(offset)} {At(offset)}: expected {expected}.");

        private ConfigFileException UnexpectedEnd(string expected, string container, int open) =>
            Error(_bytes.Length, $"Unexpected end of file {At(_bytes.Length)}: expected {expected} "
                + $"(the {container} opened {At(open, withPath: false)} is not closed).");

        private ConfigFileException TooDeep(int offset) =>
            Error(offset, $"Nesting deeper than {MaxDepth} levels {At(offset)}: .NET configuration "
                + $"reads at most {MaxDepth} levels of objects and arrays.");

        /// <summary>"Unexpected 'x'", "Unexpected word 'foo'" or "Unexpected character U+00A0".</summary>
        private string UnexpectedText(int offset)
        {
            var b = _bytes[offset];
            if (IsWordByte(b))
            {
                var end = offset;
                while (end < _bytes.Length && IsWordByte(_bytes[end]))
                {
                    end++;
                }

                if (end - offset > 1)
                {
                    var word = Encoding.ASCII.GetString(_bytes, offset, System.Math.Min(end - offset, 40));
                    return $"Unexpected word '{word}'";
                }
            }

            if (b < 0x80)
            {
                if (b < 0x20 || b == 0x7F)
                {
                    return $"Unexpected character U+{b:X4}";
                }

                return b == (byte)'\'' ? "Unexpected \"'\"" : $"Unexpected '{(char)b}'";
            }

            var length = Utf8SequenceLength(offset);
            var text = Encoding.UTF8.GetString(_bytes, offset, length);
            var codePoint = char.ConvertToUtf32(text, 0);
            var category = CharUnicodeInfo.GetUnicodeCategory(text, 0);
            var invisible = category == UnicodeCategory.Format || category == UnicodeCategory.SpaceSeparator
                || category == UnicodeCategory.Control || category == UnicodeCategory.LineSeparator
                || category == UnicodeCategory.ParagraphSeparator;
            return invisible
                ? $"Unexpected invisible character U+{codePoint:X4}"
                : $"Unexpected '{text}'";
        }

        private ConfigFileException Error(int offset, string message)
        {
            var position = Position(offset);
            return new ConfigFileException(_path, position.Line, position.Column, message);
        }

        private string At(int offset, bool withPath = true)
        {
            var position = Position(offset);
            return withPath
                ? $"at line {position.Line}, column {position.Column} of {_path}"
                : $"at line {position.Line}, column {position.Column}";
        }

        private TextPosition Position(int offset) => TextPosition.Of(_bytes, _contentStart, offset);

        /// <summary>The keys of the object currently open at one depth, to find duplicates.</summary>
        private sealed class KeyTable
        {
            // Up to this many keys a linear scan of the hashes is faster than a dictionary.
            private const int LinearLimit = 16;

            private readonly JsonScanner _scanner;
            private int[] _hashes = new int[8];
            private int[] _starts = new int[8];
            private int[] _ends = new int[8];
            private bool[] _simple = new bool[8];
            private int[] _nextWithSameHash = new int[8];
            private Dictionary<int, int>? _lastIndexByHash;

            public KeyTable(JsonScanner scanner) => _scanner = scanner;

            public int Count { get; private set; }

            public void Reset()
            {
                if (Count > LinearLimit)
                {
                    _lastIndexByHash!.Clear();
                }

                Count = 0;
            }

            public void AddOrThrow(int start, int end, bool simple)
            {
                var hash = _scanner.KeyHash(start, end, simple);
                var duplicate = Find(hash, start, end, simple);
                if (duplicate >= 0)
                {
                    throw _scanner.Duplicate(_starts[duplicate], _ends[duplicate], start, end);
                }

                if (Count == _hashes.Length)
                {
                    System.Array.Resize(ref _hashes, Count * 2);
                    System.Array.Resize(ref _starts, Count * 2);
                    System.Array.Resize(ref _ends, Count * 2);
                    System.Array.Resize(ref _simple, Count * 2);
                    System.Array.Resize(ref _nextWithSameHash, Count * 2);
                }

                _hashes[Count] = hash;
                _starts[Count] = start;
                _ends[Count] = end;
                _simple[Count] = simple;
                Count++;

                if (Count == LinearLimit + 1)
                {
                    _lastIndexByHash ??= new Dictionary<int, int>();
                    for (var i = 0; i < Count; i++)
                    {
                        Index(i);
                    }
                }
                else if (Count > LinearLimit + 1)
                {
                    Index(Count - 1);
                }
            }

            private void Index(int i)
            {
                _nextWithSameHash[i] = _lastIndexByHash!.TryGetValue(_hashes[i], out var previous) ? previous : -1;
                _lastIndexByHash[_hashes[i]] = i;
            }

            private int Find(int hash, int start, int end, bool simple)
            {
                if (Count <= LinearLimit)
                {
                    for (var i = 0; i < Count; i++)
                    {
                        if (_hashes[i] == hash && _scanner.KeysEqual(_starts[i], _ends[i], _simple[i],
                            start, end, simple))
                        {
                            return i;
                        }
                    }

                    return -1;
                }

                if (!_lastIndexByHash!.TryGetValue(hash, out var index))
                {
                    return -1;
                }

                for (; index >= 0; index = _nextWithSameHash[index])
                {
                    if (_scanner.KeysEqual(_starts[index], _ends[index], _simple[index], start, end, simple))
                    {
                        return index;
                    }
                }

                return -1;
            }
        }

        /// <summary>What a value error says was expected; built only when an error is reported.</summary>
        private readonly struct ValueExpectation
        {
            private readonly JsonScanner _scanner;
            private readonly int _keyStart;
            private readonly int _keyEnd;

            public ValueExpectation(JsonScanner scanner, int keyStart, int keyEnd)
            {
                _scanner = scanner;
                _keyStart = keyStart;
                _keyEnd = keyEnd;
            }

            public string Text => _keyStart < 0
                ? "a value or ']'"
                : $"a value for {_scanner.KeyText(_keyStart, _keyEnd)}";
        }

        private ConfigFileException Duplicate(int firstStart, int firstEnd, int secondStart, int secondEnd)
        {
            var first = KeyText(firstStart, firstEnd);
            var second = KeyText(secondStart, secondEnd);
            var again = first == second ? "again" : $"again as {second}";

            // Stricter than .NET, which merges two same-named objects whose leaves differ: an
            // edit of one of two same-named sections would be a guess at which one counts.
            return Error(secondStart, $"Duplicate key {first} in {_path}: "
                + $"{At(firstStart, withPath: false)} and {again} {At(secondStart, withPath: false)}. "
                + ".NET configuration treats keys without regard to case and refuses duplicates; "
                + "remove one of them.");
        }
    }
}
