using System.IO;
using System.Text;

namespace CertDeploy.Windows.Tests
{
    /// <summary>appsettings files as they occur in the field: comments and trailing commas.</summary>
    internal static class AppSettings
    {
        public static void Write(string folder, string signing, string encryption)
        {
            var text = "{\r\n"
                + "  // CosDoc service settings\r\n"
                + "  \"Logging\": { \"LogLevel\": { \"Default\": \"Information\" } },\r\n"
                + "  \"CertSettings\": {\r\n"
                + $"    \"SigningThumbprint\": \"{signing}\",\r\n"
                + $"    \"EncryptionThumbprint\": \"{encryption}\",\r\n"
                + "  },\r\n"
                + "}\r\n";
            File.WriteAllText(Path.Combine(folder, "appsettings.json"), text, new UTF8Encoding(true));
        }

        public static void WriteOverride(string folder, string environment, string? signing,
            string? encryption)
        {
            var text = new StringBuilder("{\n  /* overrides for this environment */\n");
            text.Append("  \"certSettings\": {\n");
            if (signing is not null)
            {
                text.Append($"    \"signingThumbprint\": \"{signing}\",\n");
            }

            if (encryption is not null)
            {
                text.Append($"    \"encryptionThumbprint\": \"{encryption}\",\n");
            }

            text.Append("  },\n}\n");
            File.WriteAllText(Path.Combine(folder, $"appsettings.{environment}.json"), text.ToString());
        }
    }
}
