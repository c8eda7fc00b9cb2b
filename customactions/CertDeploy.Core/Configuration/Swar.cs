namespace CertDeploy.Core.Configuration
{
    /// <summary>
    /// Tests eight bytes at once ("SIMD within a register") for the bytes that end a run in the
    /// scanner, so that long strings, comments and indentation are skipped a word at a time.
    /// Each test may only be true when the word holds such a byte: then the caller goes byte by byte.
    /// </summary>
    internal static class Swar
    {
        public const ulong Spaces = 0x2020202020202020UL;

        private const ulong Ones = 0x0101010101010101UL;
        private const ulong Highs = 0x8080808080808080UL;

        /// <summary>A quote, a backslash, a control character or a non-ASCII byte.</summary>
        public static bool HasStringStop(ulong word) =>
            ((word & Highs) | HasLessThan(word, 0x20) | HasByte(word, (byte)'"') | HasByte(word, (byte)'\\')) != 0;

        /// <summary>A line break or a non-ASCII byte.</summary>
        public static bool HasLineCommentStop(ulong word) =>
            ((word & Highs) | HasByte(word, (byte)'\n') | HasByte(word, (byte)'\r')) != 0;

        /// <summary>A '*' or a non-ASCII byte.</summary>
        public static bool HasBlockCommentStop(ulong word) =>
            ((word & Highs) | HasByte(word, (byte)'*')) != 0;

        // Non-zero exactly when some byte of the word is zero.
        private static ulong HasZero(ulong word) => (word - Ones) & ~word & Highs;

        private static ulong HasByte(ulong word, byte value) => HasZero(word ^ (Ones * value));

        // Non-zero when some byte is below the limit (limit at most 128); exact for ASCII bytes,
        // and a word with a non-ASCII byte is a stop anyway.
        private static ulong HasLessThan(ulong word, byte limit) => (word - (Ones * limit)) & ~word & Highs;
    }
}
