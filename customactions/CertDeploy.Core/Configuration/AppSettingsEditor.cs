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

        private const string FlatPrefix = SectionName + ":";

        private const string ExpectedShape =
            "\"CertSettings\": { \"SigningThumbprint\": \"...\", \"EncryptionThumbprint\": \"...\" }";

        /// <summary>
        /// Reads the CertSettings values of a file, from the CertSettings object or from flat
        /// keys such as "CertSettings:SigningThumbprint" at the top level, which .NET
        /// configuration reads alike. A file with neither gives
        /// <see cref="CertSettingsValues.HasCertSettings"/> false.
        /// </summary>
        /// <param name="filePath">The file's path, for messages.</param>
        /// <param name="content">The file's bytes.</param>
        /// <exception cref="ConfigFileException">The file is not valid (JSON with comments, UTF-8,
        /// no duplicate keys), CertSettings is not an object, a thumbprint is not a string, or a
        /// thumbprint is set in both forms.</exception>
        public static CertSettingsValues Read(string filePath, byte[] content)
        {
            var document = JsonScanner.Scan(filePath, content);
            if (!HasSection(document) && document.FlatCertSettings == null)
            {
                return new CertSettingsValues(false, null, null);
            }

            var section = HasSection(document) ? SectionObject(filePath, document) : null;
            var signing = FindThumbprint(filePath, document, section, SigningKey);
            var encryption = FindThumbprint(filePath, document, section, EncryptionKey);
            return new CertSettingsValues(true,
                signing == null ? null : Decode(content, signing.Value),
                encryption == null ? null : Decode(content, encryption.Value));
        }

        /// <summary>
        /// Returns new file content in which only the two thumbprint values differ, or null when
        /// both values are already equal without regard to case, so that nothing needs to be
        /// written. A value is changed where it is, in the CertSettings object or as a flat
        /// "CertSettings:..." key; a missing key is added in the file's own style inside the
        /// CertSettings object or, when the file has only flat keys, as a flat key after the
        /// last one.
        /// </summary>
        /// <param name="filePath">The file's path, for messages.</param>
        /// <param name="content">The file's bytes; not changed.</param>
        /// <param name="signingThumbprint">The new SigningThumbprint value.</param>
        /// <param name="encryptionThumbprint">The new EncryptionThumbprint value.</param>
        /// <exception cref="ConfigFileException">The file is not valid, has no CertSettings in
        /// either form, CertSettings is not an object, a thumbprint in it is not a string, or a
        /// thumbprint is set in both forms.</exception>
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
            if (!HasSection(document) && document.FlatCertSettings == null)
            {
                throw new ConfigFileException(filePath, null, null,
                    $"{filePath} has no top-level CertSettings section (neither a \"CertSettings\" "
                    + $"object nor \"CertSettings:...\" keys): expected {ExpectedShape} in the root "
                    + "object. Add the section, or leave this service out.");
            }

            var section = HasSection(document) ? SectionObject(filePath, document) : null;
            var signing = FindThumbprint(filePath, document, section, SigningKey);
            var encryption = FindThumbprint(filePath, document, section, EncryptionKey);

            var edits = new List<Edit>(4);
            var missing = new List<KeyValuePair<string, string>>(2);
            var keyPrefix = section == null ? FlatPrefix : "";
            PlanValue(content, signing, keyPrefix + SigningKey, signingThumbprint, edits, missing);
            PlanValue(content, encryption, keyPrefix + EncryptionKey, encryptionThumbprint, edits, missing);
            if (missing.Count > 0)
            {
                var inserter = section == null
                    ? new MemberInserter(document, document.FlatCertSettings!, sectionKeyStart: null)
                    : new MemberInserter(document, section, document.CertSettings!.Value.KeyStart);
                inserter.Plan(missing, edits);
            }

            return edits.Count == 0 ? null : Apply(content, edits);
        }

        // "CertSettings": null sets no thumbprint in .NET configuration: the values an earlier
        // file gave stay in force, so such a file counts as one without the section.
        private static bool HasSection(ScannedDocument document) =>
            document.CertSettings != null && document.CertSettings.Value.ValueKind != JsonKind.Null;

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

        /// <summary>
        /// The one property that sets a thumbprint: inside the CertSettings object, or a flat
        /// "CertSettings:..." key at the top level.
        /// </summary>
        private static JsonMember? FindThumbprint(string filePath, ScannedDocument document,
            JsonObjectInfo? section, string key)
        {
            var nested = section == null ? null : FindMember(document, section, key);
            var flat = document.FlatCertSettings == null
                ? null
                : FindMember(document, document.FlatCertSettings, FlatPrefix + key);
            if (nested != null && flat != null)
            {
                throw SetInBothForms(filePath, document, nested.Value, flat.Value, key);
            }

            var found = nested ?? flat;
            if (found != null && found.Value.ValueKind != JsonKind.String)
            {
                var member = found.Value;
                var where = nested != null ? " in CertSettings" : "";
                var position = TextPosition.Of(document.Bytes, document.ContentStart, member.ValueStart);
                throw new ConfigFileException(filePath, position.Line, position.Column,
                    $"The value of {KeyAsWritten(document, member)}{where} at line "
                    + $"{position.Line}, column {position.Column} of {filePath} is "
                    + $"{Describe(member.ValueKind)}: expected the thumbprint as a string in "
                    + "double quotes. Correct the file and run again.");
            }

            return found;
        }

        private static JsonMember? FindMember(ScannedDocument document, JsonObjectInfo container, string key)
        {
            foreach (var member in container.Members)
            {
                var simple = IsSimpleKey(document.Bytes, member);
                if (JsonScanner.KeyEquals(document.Bytes, member.KeyStart, member.KeyEnd, simple, key))
                {
                    return member;
                }
            }

            return null;
        }

        /// <summary>
        /// .NET configuration flattens both forms to the same key and refuses a file that sets a
        /// key twice, so the application cannot start with such a file.
        /// </summary>
        private static ConfigFileException SetInBothForms(string filePath, ScannedDocument document,
            JsonMember nested, JsonMember flat, string key)
        {
            var nestedAt = TextPosition.Of(document.Bytes, document.ContentStart, nested.KeyStart);
            var flatAt = TextPosition.Of(document.Bytes, document.ContentStart, flat.KeyStart);
            var later = nested.KeyStart > flat.KeyStart ? nestedAt : flatAt;
            return new ConfigFileException(filePath, later.Line, later.Column,
                $"{filePath} sets {SectionName}:{key} twice: as {KeyAsWritten(document, nested)} in "
                + $"the CertSettings section at line {nestedAt.Line}, column {nestedAt.Column}, and as "
                + $"{KeyAsWritten(document, flat)} at line {flatAt.Line}, column {flatAt.Column}. "
                + ".NET configuration refuses a file that sets a key twice, so the application "
                + "cannot start with it; remove one of them and run again.");
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
            // Windows finds a certificate by thumbprint without regard to case, so a value in
            // other case already works; any other difference (a space, an invisible mark) does not.
            if (string.Equals(Decode(content, found), newValue, StringComparison.OrdinalIgnoreCase))
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

        /// <summary>
        /// Splices the edits into a copy of the content; untouched bytes are copied as they are.
        /// </summary>
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
