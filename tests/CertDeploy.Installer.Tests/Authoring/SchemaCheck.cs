using System.Collections.Generic;
using System.IO;
using System.Xml;
using System.Xml.Schema;

namespace CertDeploy.Installer.Tests.Authoring;

/// <summary>
/// Validates .wxs text against the WiX v4+ schemas (wix.xsd, util.xsd, ui.xsd). Warnings count
/// as complaints: without that, an element of an unknown extension namespace or under a wrong
/// parent passes silently.
/// </summary>
public sealed class SchemaCheck
{
    private readonly XmlSchemaSet _schemas = new();

    public SchemaCheck(string schemaFolder)
    {
        foreach (var name in new[] { "wix.xsd", "util.xsd", "ui.xsd" })
        {
            using var reader = XmlReader.Create(Path.Combine(schemaFolder, name));
            _schemas.Add(null, reader);
        }

        _schemas.Compile();
    }

    /// <summary>Every complaint as "file(line,column): message".</summary>
    public IReadOnlyList<string> Validate(string file, string text)
    {
        var complaints = new List<string>();
        var settings = new XmlReaderSettings
        {
            ValidationType = ValidationType.Schema,
            Schemas = _schemas,
            ValidationFlags = XmlSchemaValidationFlags.ReportValidationWarnings
                | XmlSchemaValidationFlags.ProcessIdentityConstraints,
        };
        settings.ValidationEventHandler += (_, e) =>
            complaints.Add($"{file}({e.Exception.LineNumber},{e.Exception.LinePosition}): {e.Message}");

        try
        {
            using var reader = XmlReader.Create(new StringReader(text), settings);
            while (reader.Read())
            {
            }
        }
        catch (XmlException malformed)
        {
            complaints.Add($"{file}({malformed.LineNumber},{malformed.LinePosition}): {malformed.Message}");
        }

        return complaints;
    }
}
