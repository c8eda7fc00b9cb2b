using System;
using System.Collections.Generic;
using System.Text;

namespace CertDeploy.Core.Configuration
{
    /// <summary>
    /// Reads and changes the two thumbprints in the CertSettings section of an appsettings file,
    /// leaving every other byte as it was: comments, trailing commas, indentation, key order,
    /// escapes, byte order mark and line endings. The whole file is validated first, the way .NET
    /// configuration reads it, so that a file .NET would refuse is reported and never written.
    /// </summary>
    public static class AppSettingsEditor
    {
        /// <summary>The section name, matched without regard to case.</summary>
        public const string SectionName = "CertSettings";

        /// <summary>The key of the signing thumbprint, matched without regard to case.</summary>
        public const string SigningKey = "SigningThumbprint";

        /// <summary>The key of the encryption thumbprint, matched without regard to case.</summary>
        public const string EncryptionKey = "EncryptionThumbprint";

        private const string ExpectedShape =
            "\"CertSettings\": { \"SigningThumbprint\": \"...\", \"EncryptionThumbprint\": \"...\" }";

        /// <summary>
        /// Reads the CertSettings values of a file. A file without a top-level CertSettings
        /// gives <see cref="CertSettingsValues.HasCertSettings"/> false.
        /// </summary>
        /// <param name="filePath">The file's path, for messages.</param>
        /// <param name="content">The file's bytes.</param>
        /// <exception cref="ConfigFileException">The file is not valid (JSON with comments, UTF-8,
        /// no duplicate keys), CertSettings is not an object, or a thumbprint is not a string.</exception>
        public static CertSettingsValues Read(string filePath, byte[] content)
        {
            var document = JsonScanner.Scan(filePath, content);
            if (document.CertSettings == null)
            {
                return new CertSettingsValues(false, null, null);
            }

            var section = SectionObject(filePath, document);
            var signing = FindString(filePath, document, section, SigningKey);
            var encryption = FindString(filePath, document, section, EncryptionKey);
            return new CertSettingsValues(true,
                signing == null ? null : Decode(content, signing.Value),
                encryption == null ? null : Decode(content, encryption.Value));
        }

        /// <summary>
        /// Returns new file content in which only the two thumbprint values differ (a missing key
        /// is added inside CertSettings in the file's own style), or null when both values are
        /// already exactly equal, so that nothing needs to be written.
        /// </summary>
        /// <param name="filePath">The file's path, for messages.</param>
        /// <param name="content">The file's bytes; not changed.</param>
        /// <param name="signingThumbprint">The new SigningThumbprint value.</param>
        /// <param name="encryptionThumbprint">The new EncryptionThumbprint value.</param>
        /// <exception cref="ConfigFileException">The file is not valid, has no CertSettings
        /// object, or a thumbprint in it is not a string.</exception>
        public static byte[]? SetThumbprints(string filePath, byte[] content,
            string signingThumbprint, string encryptionThumbprint)
        {
            if (signingThumbprint == null)
            {
                throw new ArgumentNullException(nameof(signingThumbprint));
            }

            if (encryptionThumbprint == null)
            {
                throw new ArgumentNullException(nameof(encryptionThumbprint));
            }

            var document = JsonScanner.Scan(filePath, content);
            if (document.CertSettings == null)
            {
                throw new ConfigFileException(filePath, null, null,
                    $"{filePath} has no top-level CertSettings section: expected {ExpectedShape} "
                    + "in the root object. Add the section, or leave this service out.");
            }

            var section = SectionObject(filePath, document);
            var signing = FindString(filePath, document, section, SigningKey);
            var encryption = FindString(filePath, document, section, EncryptionKey);

            var edits = new List<Edit>(4);
            var missing = new List<KeyValuePair<string, string>>(2);
            PlanValue(content, signing, SigningKey, signingThumbprint, edits, missing);
            PlanValue(content, encryption, EncryptionKey, encryptionThumbprint, edits, missing);
            if (missing.Count > 0)
            {
                new MemberInserter(document, section).Plan(missing, edits);
            }

            return edits.Count == 0 ? null : Apply(content, edits);
        }

        private static JsonObjectInfo SectionObject(string filePath, ScannedDocument document)
        {
            var member = document.CertSettings!.Value;
            if (document.CertSettingsObject != null)
            {
                return document.CertSettingsObject;
            }

            var position = TextPosition.Of(document.Bytes, document.ContentStart, member.ValueStart);
            throw new ConfigFileException(filePath, position.Line, position.Column,
                $"{KeyAsWritten(document, member)} at line {position.Line}, column {position.Column} "
                + $"of {filePath} is {Describe(member.ValueKind)}, not an object: expected "
                + $"{ExpectedShape}.");
        }

        private static JsonMember? FindString(string filePath, ScannedDocument document,
            JsonObjectInfo section, string key)
        {
            foreach (var member in section.Members)
            {
                var simple = IsSimpleKey(document.Bytes, member);
                if (!JsonScanner.KeyEquals(document.Bytes, member.KeyStart, member.KeyEnd, simple, key))
                {
                    continue;
                }

                if (member.ValueKind != JsonKind.String)
                {
                    var position = TextPosition.Of(document.Bytes, document.ContentStart, member.ValueStart);
                    throw new ConfigFileException(filePath, position.Line, position.Column,
                        $"The value of {KeyAsWritten(document, member)} in CertSettings at line "
                        + $"{position.Line}, column {position.Column} of {filePath} is "
                        + $"{Describe(member.ValueKind)}: expected the thumbprint as a string in "
                        + "double quotes. Correct the file and run again.");
                }

                return member;
            }

            return null;
        }

        private static void PlanValue(byte[] content, JsonMember? member, string key, string newValue,
            List<Edit> edits, List<KeyValuePair<string, string>> missing)
        {
            if (member == null)
            {
                missing.Add(new KeyValuePair<string, string>(key, newValue));
                return;
            }

            var found = member.Value;
            if (string.Equals(Decode(content, found), newValue, StringComparison.Ordinal))
            {
                return;
            }

            edits.Add(new Edit(found.ValueStart, found.ValueEnd - found.ValueStart, QuoteUtf8(newValue)));
        }

        private static string Decode(byte[] content, JsonMember member) =>
            JsonScanner.DecodeString(content, member.ValueStart, member.ValueEnd);

        private static bool IsSimpleKey(byte[] bytes, JsonMember member)
        {
            for (var i = member.KeyStart + 1; i < member.KeyEnd - 1; i++)
            {
                if (bytes[i] == (byte)'\\' || bytes[i] >= 0x80)
                {
                    return false;
                }
            }

            return true;
        }

        private static string KeyAsWritten(ScannedDocument document, JsonMember member) =>
            "\"" + JsonScanner.DecodeString(document.Bytes, member.KeyStart, member.KeyEnd) + "\"";

        private static string Describe(JsonKind kind) => kind switch
        {
            JsonKind.Object => "an object",
            JsonKind.Array => "an array",
            JsonKind.String => "a string",
            JsonKind.Number => "a number",
            JsonKind.True => "true",
            JsonKind.False => "false",
            _ => "null",
        };

        /// <summary>A JSON string token for a value, escaped where JSON requires it.</summary>
        internal static string Quote(string value)
        {
            var text = new StringBuilder(value.Length + 2);
            text.Append('"');
            foreach (var c in value)
            {
                switch (c)
                {
                    case '"': text.Append("\\\""); break;
                    case '\\': text.Append("\\\\"); break;
                    case '\n': text.Append("\\n"); break;
                    case '\r': text.Append("\\r"); break;
                    case '\t': text.Append("\\t"); break;
                    default:
                        if (c < ' ')
                        {
                            text.Append("\\u").Append(((int)c).ToString("X4",
                                System.Globalization.CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            text.Append(c);
                        }

                        break;
                }
            }

            return text.Append('"').ToString();
        }

        private static byte[] QuoteUtf8(string value) => Encoding.UTF8.GetBytes(Quote(value));

        /// <summary>Splices the edits into a copy of the content; untouched bytes are copied as they are.</summary>
        private static byte[] Apply(byte[] content, List<Edit> edits)
        {
            // A stable order: two insertions at one offset keep the order they were planned in.
            var ordered = new List<KeyValuePair<int, Edit>>(edits.Count);
            for (var i = 0; i < edits.Count; i++)
            {
                ordered.Add(new KeyValuePair<int, Edit>(i, edits[i]));
            }

            ordered.Sort((a, b) => a.Value.Offset != b.Value.Offset
                ? a.Value.Offset.CompareTo(b.Value.Offset)
                : a.Key.CompareTo(b.Key));

            var length = content.Length;
            foreach (var edit in edits)
            {
                length += edit.Insert.Length - edit.RemoveLength;
            }

            var result = new byte[length];
            var from = 0;
            var to = 0;
            foreach (var pair in ordered)
            {
                var edit = pair.Value;
                var unchanged = edit.Offset - from;
                Buffer.BlockCopy(content, from, result, to, unchanged);
                to += unchanged;
                Buffer.BlockCopy(edit.Insert, 0, result, to, edit.Insert.Length);
                to += edit.Insert.Length;
                from = edit.Offset + edit.RemoveLength;
            }

            Buffer.BlockCopy(content, from, result, to, content.Length - from);
            return result;
        }

        /// <summary>
        /// Replace <see cref="RemoveLength"/> bytes at <see cref="Offset"/> with <see cref="Insert"/>.
        /// </summary>
        internal readonly struct Edit
        {
            public Edit(int offset, int removeLength, byte[] insert)
            {
                Offset = offset;
                RemoveLength = removeLength;
                Insert = insert;
            }

            public int Offset { get; }

            public int RemoveLength { get; }

            public byte[] Insert { get; }
        }
    }
}
