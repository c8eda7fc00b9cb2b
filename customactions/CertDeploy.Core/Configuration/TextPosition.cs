namespace CertDeploy.Core.Configuration
{
    /// <summary>A 1-based line and column, the column counted in characters of the decoded text.</summary>
    internal readonly struct TextPosition
    {
        public TextPosition(int line, int column)
        {
            Line = line;
            Column = column;
        }

        public int Line { get; }

        public int Column { get; }

        /// <summary>
        /// The position of a byte offset. Lines end at LF, CRLF or a lone CR, as editors show them;
        /// a column counts UTF-16 characters, as .NET strings and editors do (a character outside
        /// the Basic Multilingual Plane counts two).
        /// </summary>
        public static TextPosition Of(byte[] bytes, int contentStart, int offset)
        {
            var line = 1;
            var lineStart = contentStart;
            var end = System.Math.Min(offset, bytes.Length);

            for (var i = contentStart; i < end; i++)
            {
                var b = bytes[i];
                if (b == (byte)'\n' || (b == (byte)'\r' && (i + 1 >= bytes.Length || bytes[i + 1] != (byte)'\n')))
                {
                    line++;
                    lineStart = i + 1;
                }
            }

            var column = 1;
            for (var i = lineStart; i < end; i++)
            {
                var b = bytes[i];
                if ((b & 0xC0) != 0x80)
                {
                    column += b >= 0xF0 ? 2 : 1;
                }
            }

            return new TextPosition(line, column);
        }
    }
}
