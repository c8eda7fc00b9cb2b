using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace CertDeploy.TestService
{
    /// <summary>The two thumbprints a CosDoc service reads at start, and where each came from.</summary>
    internal sealed record CertSettings(string? SigningThumbprint, string? EncryptionThumbprint);

    /// <summary>
    /// Reads CertSettings the way a .NET host layers configuration: appsettings.json, then
    /// appsettings.{Environment}.json, then the variables CertSettings__SigningThumbprint and
    /// CertSettings__EncryptionThumbprint; later wins, keys match case-insensitively.
    /// </summary>
    internal static class CertSettingsReader
    {
        private static readonly JsonDocumentOptions Options = new()
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        };

        public static string EnvironmentName()
        {
            // A web host reads ASPNETCORE_ENVIRONMENT after DOTNET_ENVIRONMENT, so it wins.
            var name = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT");
            if (string.IsNullOrWhiteSpace(name))
            {
                name = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT");
            }

            return string.IsNullOrWhiteSpace(name) ? "Production" : name.Trim();
        }

        public static CertSettings Read(string folder, string environmentName)
        {
            string? signing = null;
            string? encryption = null;

            var files = new List<string> { Path.Combine(folder, "appsettings.json") };
            files.Add(Path.Combine(folder, $"appsettings.{environmentName}.json"));
            foreach (var file in files)
            {
                if (!File.Exists(file))
                {
                    continue;
                }

                using var document = JsonDocument.Parse(WithoutBom(File.ReadAllBytes(file)), Options);
                var section = Property(document.RootElement, "CertSettings");
                if (section is { ValueKind: JsonValueKind.Object } settings)
                {
                    signing = StringValue(settings, "SigningThumbprint") ?? signing;
                    encryption = StringValue(settings, "EncryptionThumbprint") ?? encryption;
                }
            }

            signing = Environment.GetEnvironmentVariable("CertSettings__SigningThumbprint") ?? signing;
            encryption = Environment.GetEnvironmentVariable("CertSettings__EncryptionThumbprint")
                ?? encryption;
            return new CertSettings(signing, encryption);
        }

        // The configuration host reads through a StreamReader, which skips a UTF-8 BOM; the
        // JSON reader alone rejects it.
        private static ReadOnlyMemory<byte> WithoutBom(byte[] content)
        {
            var hasBom = content.Length >= 3 && content[0] == 0xEF && content[1] == 0xBB
                && content[2] == 0xBF;
            return hasBom ? content.AsMemory(3) : content.AsMemory();
        }

        private static JsonElement? Property(JsonElement element, string name)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var property in element.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return property.Value;
                }
            }

            return null;
        }

        private static string? StringValue(JsonElement section, string name)
        {
            var value = Property(section, name);
            return value is { ValueKind: JsonValueKind.String } text ? text.GetString() : null;
        }
    }
}
