using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace CertDeploy.Core.Certificates
{
    /// <summary>One attribute of a subject or issuer name, such as CN or organizationIdentifier.</summary>
    /// <param name="Oid">The attribute type, dotted (2.5.4.3 for CN).</param>
    /// <param name="Value">The value as text; a value of a non-string type is shown as # and hex.</param>
    public sealed record NameAttribute(string Oid, string Value);

    /// <summary>
    /// A subject or issuer name read from the certificate's DER, so that the same certificate
    /// gives the same attributes and the same text on every platform.
    /// </summary>
    public sealed class DistinguishedName
    {
        /// <summary>commonName.</summary>
        public const string CommonNameOid = "2.5.4.3";

        /// <summary>serialNumber: the organisation number in SEID 1 certificates.</summary>
        public const string SerialNumberOid = "2.5.4.5";

        /// <summary>organizationName.</summary>
        public const string OrganizationOid = "2.5.4.10";

        /// <summary>organizationIdentifier: "NTRNO-" and the organisation number in SEID 2.</summary>
        public const string OrganizationIdentifierOid = "2.5.4.97";

        private static readonly Dictionary<string, string> ShortNames = new Dictionary<string, string>
        {
            ["2.5.4.3"] = "CN",
            ["2.5.4.4"] = "SN",
            ["2.5.4.5"] = "SERIALNUMBER",
            ["2.5.4.6"] = "C",
            ["2.5.4.7"] = "L",
            ["2.5.4.8"] = "ST",
            ["2.5.4.9"] = "STREET",
            ["2.5.4.10"] = "O",
            ["2.5.4.11"] = "OU",
            ["2.5.4.12"] = "T",
            ["2.5.4.42"] = "G",
            ["2.5.4.97"] = "organizationIdentifier",
            ["1.2.840.113549.1.9.1"] = "E",
            ["0.9.2342.19200300.100.1.25"] = "DC",
        };

        private DistinguishedName(IReadOnlyList<IReadOnlyList<NameAttribute>> relativeNames)
        {
            RelativeNames = relativeNames;
        }

        /// <summary>The relative names in DER order (country first in most certificates).</summary>
        public IReadOnlyList<IReadOnlyList<NameAttribute>> RelativeNames { get; }

        /// <summary>Every attribute in DER order.</summary>
        public IEnumerable<NameAttribute> Attributes => RelativeNames.SelectMany(r => r);

        /// <summary>The first value of an attribute type, or null.</summary>
        public string? Get(string oid) => Attributes.FirstOrDefault(a => a.Oid == oid)?.Value;

        /// <summary>
        /// The name as text, most specific part first ("CN=..., O=..., C=NO"), the way the
        /// certificate dialog shows it; values with separators are quoted.
        /// </summary>
        public override string ToString()
        {
            var parts = RelativeNames.Reverse()
                .Select(r => string.Join(" + ", r.Select(a => Label(a.Oid) + "=" + Quote(a.Value))));
            return string.Join(", ", parts);
        }

        /// <summary>Reads a Name (SEQUENCE OF SET OF AttributeTypeAndValue).</summary>
        /// <exception cref="FormatException">The bytes are not a valid Name.</exception>
        internal static DistinguishedName Read(DerElement name)
        {
            var relativeNames = new List<IReadOnlyList<NameAttribute>>();
            var sets = name.Open();
            while (sets.HasMore)
            {
                var attributes = new List<NameAttribute>();
                var set = sets.Read(DerReader.Set).Open();
                while (set.HasMore)
                {
                    var pair = set.Read(DerReader.Sequence).Open();
                    var oid = DerReader.ReadObjectIdentifier(pair.Read(DerReader.ObjectIdentifier));
                    var value = pair.ReadAny();
                    if (pair.HasMore)
                    {
                        throw DerReader.Malformed(value.End, "a name attribute has more than a type and a value");
                    }

                    attributes.Add(new NameAttribute(oid, DerReader.ReadString(value) ?? Hex(value)));
                }

                if (attributes.Count == 0)
                {
                    throw DerReader.Malformed(name.Start, "a relative name is empty");
                }

                relativeNames.Add(attributes);
            }

            return new DistinguishedName(relativeNames);
        }

        private static string Label(string oid) =>
            ShortNames.TryGetValue(oid, out var label) ? label : "OID." + oid;

        private static string Quote(string value)
        {
            var needsQuotes = value.Length == 0 || value[0] == ' ' || value[value.Length - 1] == ' '
                || value.IndexOfAny(new[] { ',', '+', '=', '"', '\\', '<', '>', ';', '#', '\n', '\r' }) >= 0;
            return needsQuotes ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
        }

        private static string Hex(DerElement value)
        {
            var text = new StringBuilder("#");
            foreach (var b in value.Encoded())
            {
                text.Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }

            return text.ToString();
        }
    }
}
