namespace CertDeploy.Core.Configuration
{
    /// <summary>Checks UTF-8 sequences byte by byte, without decoding.</summary>
    internal static class Utf8
    {
        /// <summary>
        /// The length (2 to 4) of the well-formed UTF-8 sequence that starts at a byte of 0x80 or
        /// more, or 0 when it is not well-formed: a stray continuation byte, a truncated sequence,
        /// an overlong form, a UTF-16 surrogate or a code point above U+10FFFF.
        /// </summary>
        public static int SequenceLength(byte[] bytes, int pos)
        {
            var lead = bytes[pos];
            int length;
            byte secondMin = 0x80;
            byte secondMax = 0xBF;

            if (lead >= 0xC2 && lead <= 0xDF)
            {
                length = 2;
            }
            else if (lead >= 0xE0 && lead <= 0xEF)
            {
                length = 3;
                if (lead == 0xE0)
                {
                    secondMin = 0xA0;
                }
                else if (lead == 0xED)
                {
                    secondMax = 0x9F;
                }
            }
            else if (lead >= 0xF0 && lead <= 0xF4)
            {
                length = 4;
                if (lead == 0xF0)
                {
                    secondMin = 0x90;
                }
                else if (lead == 0xF4)
                {
                    secondMax = 0x8F;
                }
            }
            else
            {
                return 0;
            }

            if (pos + length > bytes.Length)
            {
                return 0;
            }

            var second = bytes[pos + 1];
            if (second < secondMin || second > secondMax)
            {
                return 0;
            }

            for (var i = 2; i < length; i++)
            {
                if ((bytes[pos + i] & 0xC0) != 0x80)
                {
                    return 0;
                }
            }

            return length;
        }
    }
}
