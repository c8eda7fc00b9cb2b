using System.Globalization;
using System.Text;

namespace CertDeploy.Core.Diagnostics
{
    /// <summary>
    /// Shows a value that an administrator gave as it really is: a character that prints as
    /// nothing, or as something else than it is, appears in a message as &lt;U+XXXX&gt;.
    /// </summary>
    /// <remarks>
    /// Such characters arrive with copy and paste: a LEFT-TO-RIGHT MARK from the Windows
    /// certificate dialog, a ZERO WIDTH SPACE from a web page, a byte order mark from a .cmd file
    /// saved as UTF-8. Quoted as they are, "60" looks valid in a message that calls it invalid.
    /// </remarks>
    public static class VisibleText
    {
        /// <summary>The value with every hidden character written as &lt;U+XXXX&gt;.</summary>
        public static string Render(string value)
        {
            var text = new StringBuilder(value.Length);
            for (var i = 0; i < value.Length; i++)
            {
                if (IsHidden(value, i))
                {
                    text.Append(Code(value[i]));
                }
                else
                {
                    text.Append(value[i]);
                }
            }

            return text.ToString();
        }

        /// <summary>
        /// "the invisible character U+200E at position 5" for the first hidden character, or null
        /// when there is none. Positions count from 1.
        /// </summary>
        public static string? FirstHidden(string value)
        {
            for (var i = 0; i < value.Length; i++)
            {
                if (IsHidden(value, i))
                {
                    return string.Format(CultureInfo.InvariantCulture,
                        "the invisible character U+{0:X4} at position {1}", (int)value[i], i + 1);
                }
            }

            return null;
        }

        private static bool IsHidden(string value, int index)
        {
            if (value[index] == ' ')
            {
                return false;
            }

            switch (CharUnicodeInfo.GetUnicodeCategory(value, index))
            {
                case UnicodeCategory.Control:
                case UnicodeCategory.Format:
                case UnicodeCategory.Surrogate:
                case UnicodeCategory.PrivateUse:
                case UnicodeCategory.OtherNotAssigned:
                case UnicodeCategory.SpaceSeparator:
                case UnicodeCategory.LineSeparator:
                case UnicodeCategory.ParagraphSeparator:
                    return true;
                default:
                    return false;
            }
        }

        private static string Code(char c) =>
            string.Format(CultureInfo.InvariantCulture, "<U+{0:X4}>", (int)c);
    }
}
