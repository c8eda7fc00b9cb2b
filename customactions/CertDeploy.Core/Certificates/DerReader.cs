using System;
using System.Globalization;
using System.Text;

namespace CertDeploy.Core.Certificates
{
    /// <summary>One DER element: its tag and where its contents lie in the buffer.</summary>
    internal readonly struct DerElement
    {
        public DerElement(byte[] buffer, int start, byte tag, int contentStart, int contentLength)
        {
            Buffer = buffer;
            Start = start;
            Tag = tag;
            ContentStart = contentStart;
            ContentLength = contentLength;
        }

        public byte[] Buffer { get; }

        /// <summary>Offset of the tag byte.</summary>
        public int Start { get; }

        public byte Tag { get; }

        public int ContentStart { get; }

        public int ContentLength { get; }

        public int End => ContentStart + ContentLength;

        /// <summary>The whole element, tag and length included.</summary>
        public byte[] Encoded()
        {
            var bytes = new byte[End - Start];
            Array.Copy(Buffer, Start, bytes, 0, bytes.Length);
            return bytes;
        }

        public byte[] Content()
        {
            var bytes = new byte[ContentLength];
            Array.Copy(Buffer, ContentStart, bytes, 0, bytes.Length);
            return bytes;
        }

        /// <summary>A reader over the contents of this (constructed) element.</summary>
        public DerReader Open() => new DerReader(Buffer, ContentStart, End);
    }

    /// <summary>
    /// A small reader of DER (the encoding of certificates): just enough to walk a certificate's
    /// fields, names and extensions. netstandard2.0 has no ASN.1 reader, and reading the subject
    /// from the DER keeps the result independent of how each platform formats names.
    /// Malformed input raises <see cref="FormatException"/> with the offset.
    /// </summary>
    internal sealed class DerReader
    {
        public const byte Boolean = 0x01;
        public const byte Integer = 0x02;
        public const byte BitString = 0x03;
        public const byte OctetString = 0x04;
        public const byte ObjectIdentifier = 0x06;
        public const byte Utf8String = 0x0C;
        public const byte NumericString = 0x12;
        public const byte PrintableString = 0x13;
        public const byte TeletexString = 0x14;
        public const byte Ia5String = 0x16;
        public const byte UtcTime = 0x17;
        public const byte GeneralizedTime = 0x18;
        public const byte VisibleString = 0x1A;
        public const byte UniversalString = 0x1C;
        public const byte BmpString = 0x1E;
        public const byte Sequence = 0x30;
        public const byte Set = 0x31;

        private readonly byte[] _buffer;
        private readonly int _end;
        private int _position;

        public DerReader(byte[] buffer)
            : this(buffer, 0, buffer.Length)
        {
        }

        internal DerReader(byte[] buffer, int start, int end)
        {
            _buffer = buffer;
            _position = start;
            _end = end;
        }

        public bool HasMore => _position < _end;

        public byte PeekTag()
        {
            if (!HasMore)
            {
                throw Malformed(_position, "an element was expected but the data ended");
            }

            return _buffer[_position];
        }

        /// <summary>Reads the next element, which must carry the given tag.</summary>
        public DerElement Read(byte expectedTag)
        {
            var element = ReadAny();
            if (element.Tag != expectedTag)
            {
                throw Malformed(element.Start, string.Format(CultureInfo.InvariantCulture,
                    "tag 0x{0:X2} was expected, found 0x{1:X2}", expectedTag, element.Tag));
            }

            return element;
        }

        public DerElement ReadAny()
        {
            var start = _position;
            var tag = PeekTag();
            if ((tag & 0x1F) == 0x1F)
            {
                throw Malformed(start, "multi-byte tags are not used in certificates");
            }

            var offset = start + 1;
            if (offset >= _end)
            {
                throw Malformed(start, "the length is missing");
            }

            int length = _buffer[offset++];
            if (length == 0x80)
            {
                throw Malformed(start, "indefinite length is not DER");
            }

            if (length > 0x80)
            {
                var count = length & 0x7F;
                if (count > 3 || offset + count > _end)
                {
                    throw Malformed(start, "the length field is too long");
                }

                length = 0;
                for (var i = 0; i < count; i++)
                {
                    length = (length << 8) | _buffer[offset++];
                }
            }

            if (length > _end - offset)
            {
                throw Malformed(start, "the element runs past the end of its container");
            }

            _position = offset + length;
            return new DerElement(_buffer, start, tag, offset, length);
        }

        public static string ReadObjectIdentifier(DerElement element)
        {
            if (element.ContentLength == 0)
            {
                throw Malformed(element.Start, "an object identifier is empty");
            }

            var text = new StringBuilder();
            ulong value = 0;
            var first = true;
            for (var i = element.ContentStart; i < element.End; i++)
            {
                var b = element.Buffer[i];
                if (value > (ulong.MaxValue >> 7))
                {
                    throw Malformed(element.Start, "an object identifier arc is too large");
                }

                value = (value << 7) | (uint)(b & 0x7F);
                if ((b & 0x80) != 0)
                {
                    if (i == element.End - 1)
                    {
                        throw Malformed(element.Start, "an object identifier ends inside an arc");
                    }

                    continue;
                }

                if (first)
                {
                    var top = Math.Min(value / 40, 2UL);
                    text.Append(top.ToString(CultureInfo.InvariantCulture)).Append('.')
                        .Append((value - (top * 40)).ToString(CultureInfo.InvariantCulture));
                    first = false;
                }
                else
                {
                    text.Append('.').Append(value.ToString(CultureInfo.InvariantCulture));
                }

                value = 0;
            }

            return text.ToString();
        }

        /// <summary>The text of a directory string; null for a tag that is not a string type.</summary>
        public static string? ReadString(DerElement element)
        {
            try
            {
                return DecodeString(element);
            }
            catch (DecoderFallbackException e)
            {
                throw Malformed(element.Start, "a string is not valid in its encoding: " + e.Message);
            }
        }

        private static string? DecodeString(DerElement element)
        {
            var b = element.Buffer;
            var s = element.ContentStart;
            var n = element.ContentLength;
            switch (element.Tag)
            {
                case Utf8String:
                    return new UTF8Encoding(false, true).GetString(b, s, n);
                case PrintableString:
                case NumericString:
                case Ia5String:
                case VisibleString:
                    return Encoding.ASCII.GetString(b, s, n);
                case TeletexString:
                    // Issuers do not use the T.61 code table: T61String holds UTF-8 from newer
                    // tools and Latin-1 from older ones. Bytes that are not valid UTF-8 are Latin-1.
                    try
                    {
                        return new UTF8Encoding(false, true).GetString(b, s, n);
                    }
                    catch (DecoderFallbackException)
                    {
                        return Latin1(b, s, n);
                    }
                case BmpString:
                    return Decode(new UnicodeEncoding(bigEndian: true, byteOrderMark: false, true), element, 2);
                case UniversalString:
                    return Decode(new UTF32Encoding(bigEndian: true, byteOrderMark: false, true), element, 4);
                default:
                    return null;
            }
        }

        /// <summary>Reads a UTCTime or GeneralizedTime (always UTC in certificates).</summary>
        public static DateTimeOffset ReadTime(DerElement element)
        {
            var text = Encoding.ASCII.GetString(element.Buffer, element.ContentStart, element.ContentLength);
            var formats = element.Tag switch
            {
                UtcTime => new[] { "yyMMddHHmmss'Z'", "yyMMddHHmm'Z'" },
                GeneralizedTime => new[] { "yyyyMMddHHmmss'Z'", "yyyyMMddHHmmss.FFFFFFF'Z'" },
                _ => throw Malformed(element.Start, "a time was expected"),
            };

            if (!DateTime.TryParseExact(text, formats, CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
            {
                throw Malformed(element.Start, "the time '" + text + "' cannot be read");
            }

            // RFC 5280: a two-digit year below 50 is 20xx, otherwise 19xx; do not let the culture's
            // calendar decide.
            if (element.Tag == UtcTime)
            {
                var twoDigits = parsed.Year % 100;
                parsed = parsed.AddYears((twoDigits < 50 ? 2000 + twoDigits : 1900 + twoDigits) - parsed.Year);
            }

            return new DateTimeOffset(DateTime.SpecifyKind(parsed, DateTimeKind.Utc));
        }

        public static FormatException Malformed(int offset, string what) =>
            new FormatException(string.Format(CultureInfo.InvariantCulture,
                "not valid DER at byte {0}: {1}", offset, what));

        private static string Decode(Encoding encoding, DerElement element, int unit)
        {
            if (element.ContentLength % unit != 0)
            {
                throw Malformed(element.Start, "a string has a broken last character");
            }

            return encoding.GetString(element.Buffer, element.ContentStart, element.ContentLength);
        }

        private static string Latin1(byte[] bytes, int start, int count)
        {
            var chars = new char[count];
            for (var i = 0; i < count; i++)
            {
                chars[i] = (char)bytes[start + i];
            }

            return new string(chars);
        }
    }
}
