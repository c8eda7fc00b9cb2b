using System;

namespace CertDeploy.Core.Keys
{
    /// <summary>Names of the Windows key providers that matter for finding a key's file.</summary>
    public static class KeyProviders
    {
        /// <summary>The CNG provider that keeps software keys in files (Crypto\Keys).</summary>
        public const string SoftwareKeyStorage = "Microsoft Software Key Storage Provider";

        /// <summary>The CNG provider of keys held by the TPM.</summary>
        public const string PlatformCrypto = "Microsoft Platform Crypto Provider";

        /// <summary>The CNG provider of Windows Hello keys, bound to the TPM or a user.</summary>
        public const string Passport = "Microsoft Passport Key Storage Provider";

        /// <summary>
        /// Whether the provider keeps its keys outside the file system (TPM, smart card, Windows
        /// Hello), so that there is no key file whose access could be granted. HSM providers are
        /// not named here: they are recognised by their key having no file.
        /// </summary>
        public static bool IsHardware(string? providerName)
        {
            if (string.IsNullOrWhiteSpace(providerName))
            {
                return false;
            }

            var name = providerName!.Trim();

            // Smart card providers come from Microsoft ("Microsoft Smart Card Key Storage
            // Provider", "Microsoft Base Smart Card Crypto Provider") and from card vendors;
            // they share the words "Smart Card" in their names.
            return string.Equals(name, PlatformCrypto, StringComparison.OrdinalIgnoreCase)
                || string.Equals(name, Passport, StringComparison.OrdinalIgnoreCase)
                || name.IndexOf("Smart Card", StringComparison.OrdinalIgnoreCase) >= 0
                || name.IndexOf("SmartCard", StringComparison.OrdinalIgnoreCase) >= 0;
        }
    }
}
