using System.Globalization;
using System.Text;
using CertDeploy.Core.Diagnostics;

namespace CertDeploy.Core.Thumbprints
{
    /// <summary>
    /// Turns a certificate thumbprint as people paste it (from the certificate dialog, a mail or
    /// a web page) into the form the store and appsettings.json use: 40 upper-case hexadecimal
    /// digits. Anything that cannot be read that way is refused with a message that says which
    /// character, at which position, or how many digits there were.
    /// </summary>
    public static class Thumbprint
    {
        /// <summary>The number of hexadecimal digits of a SHA-1 thumbprint.</summary>
        public const int Length = 40;

        private const int Sha256Length = 64;

        // Pairs of quotes that may surround a pasted value: straight ones from scripts, curly ones
        // and guillemets from word processors and mail (Norwegian text uses « »).
        private static readonly string[] QuotePairs = { "\"\"", "''", "\u201C\u201D", "\u2018\u2019", "\u00AB\u00BB" };

        /// <summary>
        /// Normalises a pasted thumbprint to 40 upper-case hexadecimal digits.
        /// </summary>
        /// <param name="input">The value as given; may be null.</param>
        /// <param name="what">Names the source in the message, such as
        /// "CERTDEPLOY_SIGNING_THUMBPRINT".</param>
        /// <returns>The 40 upper-case hexadecimal digits.</returns>
        /// <exception cref="CertDeployException">The value is empty, holds a character that is
        /// neither a hexadecimal digit nor an accepted separator, or has another number of
        /// digits than 40.</exception>
        public static string Normalize(string? input, string what)
        {
            if (!TryNormalize(input, what, out var normalized, out var error))
            {
                throw new CertDeployException(error);
            }

            return normalized;
        }

        /// <summary>
        /// Normalises a pasted thumbprint to 40 upper-case hexadecimal digits, or says why it
        /// cannot. Accepted around and between the digits: invisible format characters (such as
        /// U+200E), spaces (also no-break spaces), colons and hyphens; around the value:
        /// whitespace including line breaks and tabs, and one pair of quotes.
        /// </summary>
        /// <param name="input">The value as given; may be null.</param>
        /// <param name="what">Names the source in the message.</param>
        /// <param name="normalized">The 40 upper-case digits, or "" when refused.</param>
        /// <param name="error">Why the value was refused, naming <paramref name="what"/>, or "".</param>
        /// <returns>Whether the value is a thumbprint.</returns>
        public static bool TryNormalize(string? input, string what, out string normalized,
            out string error)
        {
            normalized = "";
            error = "";

            if (string.IsNullOrEmpty(input))
            {
                error = what + " is empty.";
                return false;
            }

            var text = input!;
            var start = SkipIgnorable(text, 0, forward: true);
            var end = SkipIgnorable(text, text.Length - 1, forward: false);
            if (start > end)
            {
                error = what + " is empty: it holds only spaces, line breaks or invisible characters.";
                return false;
            }

            if (IsQuotePair(text[start], text[end]) && end > start)
            {
                start = SkipIgnorable(text, start + 1, forward: true);
                end = SkipIgnorable(text, end - 1, forward: false);
                if (start > end)
                {
                    error = what + " is empty: there is nothing between the quotes.";
                    return false;
                }
            }

            return ReadDigits(text, start, end, what, out normalized, out error);
        }

        private static bool ReadDigits(string text, int start, int end, string what,
            out string normalized, out string error)
        {
            normalized = "";
            error = "";
            var digits = new StringBuilder(Length);
            var invisibleBefore = CountInvisible(text, 0, start);

            for (var i = start; i <= end; i += CharCount(text, i))
            {
                var c = text[i];
                if (IsHexDigit(c))
                {
                    digits.Append(char.ToUpperInvariant(c));
                }
                else if (IsInvisible(text, i))
                {
                    invisibleBefore++;
                }
                else if (!IsSeparator(c))
                {
                    error = BadCharacter(text, i, what, invisibleBefore);
                    return false;
                }
            }

            if (digits.Length != Length)
            {
                error = string.Format(CultureInfo.InvariantCulture,
                    "{0} has {1} hexadecimal digits; a thumbprint has {2}.", what, digits.Length, Length);
                if (digits.Length == Sha256Length)
                {
                    error += " 64 digits are a SHA-256 hash: copy the Thumbprint field (SHA-1) instead.";
                }

                return false;
            }

            normalized = digits.ToString();
            return true;
        }

        private static string BadCharacter(string text, int index, string what, int invisibleBefore)
        {
            var codePoint = CodePointAt(text, index);
            var position = CodePointPosition(text, index);
            var shown = IsPrintable(text, index)
                ? string.Format(CultureInfo.InvariantCulture, "'{0}' (U+{1:X4})",
                    text.Substring(index, CharCount(text, index)), codePoint)
                : string.Format(CultureInfo.InvariantCulture, "U+{0:X4}", codePoint);
            var message = string.Format(CultureInfo.InvariantCulture,
                "{0}: character {1} at position {2} is not a hexadecimal digit.", what, shown, position);

            if (invisibleBefore > 0)
            {
                // The administrator cannot see these, so the position would look off by their number.
                message = message.Substring(0, message.Length - 1) + string.Format(
                    CultureInfo.InvariantCulture, " (counting {0} invisible character{1} before it).",
                    invisibleBefore, invisibleBefore == 1 ? "" : "s");
            }

            return message;
        }

        // Returns the index of the first (or, backwards, the last) character at or beyond index
        // that is neither whitespace nor invisible; past the end (or -1) when there is none.
        private static int SkipIgnorable(string text, int index, bool forward)
        {
            while (index >= 0 && index < text.Length)
            {
                var first = !forward && index > 0 && char.IsLowSurrogate(text[index])
                    && char.IsHighSurrogate(text[index - 1]) ? index - 1 : index;
                if (!char.IsWhiteSpace(text[first]) && !IsInvisible(text, first))
                {
                    return first;
                }

                index = forward ? index + CharCount(text, index) : first - 1;
            }

            return index;
        }

        private static int CountInvisible(string text, int from, int to)
        {
            var count = 0;
            for (var i = from; i < to; i += CharCount(text, i))
            {
                if (IsInvisible(text, i))
                {
                    count++;
                }
            }

            return count;
        }

        // Invisible format characters (Unicode category Cf) are dropped wherever they are. The one
        // that matters most is U+200E LEFT-TO-RIGHT MARK: the certificate dialog of Windows up to
        // Windows 10 1703 and Server 2016 puts it in front of the thumbprint it copies, and it
        // survives every paste without being seen. Bidirectional marks and embeddings (U+200F,
        // U+202A-U+202E, U+2066-U+2069), zero-width spaces (U+200B) and byte order marks (U+FEFF)
        // arrive the same way from mail and web pages.
        private static bool IsInvisible(string text, int index) =>
            CharUnicodeInfo.GetUnicodeCategory(text, index) == UnicodeCategory.Format;

        private static bool IsSeparator(char c) =>
            c == ':' || c == '-' || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.SpaceSeparator;

        private static bool IsHexDigit(char c) =>
            (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');

        private static bool IsQuotePair(char open, char close)
        {
            foreach (var pair in QuotePairs)
            {
                if (pair[0] == open && pair[1] == close)
                {
                    return true;
                }
            }

            return false;
        }

        // Characters that would be invisible or ambiguous in a message are shown only by code point.
        private static bool IsPrintable(string text, int index)
        {
            switch (CharUnicodeInfo.GetUnicodeCategory(text, index))
            {
                case UnicodeCategory.Control:
                case UnicodeCategory.Format:
                case UnicodeCategory.Surrogate:
                case UnicodeCategory.PrivateUse:
                case UnicodeCategory.OtherNotAssigned:
                case UnicodeCategory.SpaceSeparator:
                case UnicodeCategory.LineSeparator:
                case UnicodeCategory.ParagraphSeparator:
                case UnicodeCategory.NonSpacingMark:
                case UnicodeCategory.SpacingCombiningMark:
                case UnicodeCategory.EnclosingMark:
                    return false;
                default:
                    return true;
            }
        }

        private static int CharCount(string text, int index) =>
            char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1])
                ? 2
                : 1;

        // char.ConvertToUtf32 throws on a lone surrogate; a lone one is reported by its own value.
        private static int CodePointAt(string text, int index) =>
            CharCount(text, index) == 2 ? char.ConvertToUtf32(text[index], text[index + 1]) : text[index];

        private static int CodePointPosition(string text, int index)
        {
            var position = 1;
            for (var i = 0; i < index; i += CharCount(text, i))
            {
                position++;
            }

            return position;
        }
    }

}
