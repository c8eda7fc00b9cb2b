// Temporary: a minimal stand-in for AppSettingsEditor, which another helper is building to the
// agreed signature. This file is deleted when their code is merged.
using System;
using System.Text;
using System.Text.RegularExpressions;
using CertDeploy.Core.Diagnostics;

namespace CertDeploy.Core.Configuration
{
    internal sealed record CertSettingsValues(bool HasCertSettings, string? SigningThumbprint,
        string? EncryptionThumbprint);

    internal static class AppSettingsEditor
    {
        public static CertSettingsValues Read(string filePath, byte[] content)
        {
            var text = Encoding.UTF8.GetString(content);
            return new CertSettingsValues(text.Contains("\"CertSettings\""),
                Find(text, "SigningThumbprint")?.Groups[1].Value,
                Find(text, "EncryptionThumbprint")?.Groups[1].Value);
        }

        public static byte[]? SetThumbprints(string filePath, byte[] content, string signingThumbprint,
            string encryptionThumbprint)
        {
            var text = Encoding.UTF8.GetString(content);
            var signing = Find(text, "SigningThumbprint")
                ?? throw new CertDeployException($"{filePath}: no CertSettings:SigningThumbprint.");
            var encryption = Find(text, "EncryptionThumbprint")
                ?? throw new CertDeployException($"{filePath}: no CertSettings:EncryptionThumbprint.");
            if (signing.Groups[1].Value == signingThumbprint && encryption.Groups[1].Value == encryptionThumbprint)
            {
                return null;
            }

            var first = signing.Index < encryption.Index ? signing : encryption;
            var second = first == signing ? encryption : signing;
            var firstValue = first == signing ? signingThumbprint : encryptionThumbprint;
            var secondValue = first == signing ? encryptionThumbprint : signingThumbprint;
            var result = text.Substring(0, first.Groups[1].Index) + firstValue
                + text.Substring(first.Groups[1].Index + first.Groups[1].Length,
                    second.Groups[1].Index - first.Groups[1].Index - first.Groups[1].Length)
                + secondValue + text.Substring(second.Groups[1].Index + second.Groups[1].Length);
            var bom = content.Length >= 3 && content[0] == 0xEF && content[1] == 0xBB && content[2] == 0xBF;
            var body = Encoding.UTF8.GetBytes(bom ? result.Substring(1) : result);
            return bom ? new byte[] { 0xEF, 0xBB, 0xBF }.Concat(body) : body;
        }

        private static Match? Find(string text, string key)
        {
            var match = Regex.Match(text, "\"" + key + "\"\\s*:\\s*\"([^\"]*)\"");
            return match.Success ? match : null;
        }

        private static byte[] Concat(this byte[] first, byte[] second)
        {
            var all = new byte[first.Length + second.Length];
            first.CopyTo(all, 0);
            second.CopyTo(all, first.Length);
            return all;
        }
    }
}
