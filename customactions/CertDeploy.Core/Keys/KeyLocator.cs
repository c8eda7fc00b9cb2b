using System;
using System.Collections.Generic;
using System.Linq;
using CertDeploy.Core.Ports;

namespace CertDeploy.Core.Keys
{
    /// <summary>
    /// Decides where a certificate's private key is kept from what the Windows adapter read
    /// from the opened key. Never throws for an odd key: what cannot be granted access to is
    /// reported as <see cref="KeyStorageKind.Hardware"/> or <see cref="KeyStorageKind.Unreadable"/>
    /// with a <see cref="KeyLocation.Problem"/> that names the certificate.
    /// </summary>
    public static class KeyLocator
    {
        /// <summary>
        /// The key's location. The key file is looked for first in the folder of the API that
        /// opened it, then in the others: CNG can open a CryptoAPI key, and then reports the
        /// CryptoAPI file's name.
        /// </summary>
        /// <param name="thumbprint">The certificate's thumbprint, for messages.</param>
        /// <param name="probe">What was read from the opened key.</param>
        /// <param name="folders">The machine's key folders.</param>
        /// <param name="fileExists">Whether a file exists (the real file system on Windows).</param>
        public static KeyLocation Locate(
            string thumbprint, KeyProbe probe, KeyFolders folders, Func<string, bool> fileExists)
        {
            var provider = Describe(probe.ProviderName);

            if (KeyProviders.IsHardware(probe.ProviderName) || probe.IsHardwareDevice)
            {
                return Hardware(probe.ProviderName,
                    $"The private key of certificate {thumbprint} is kept by {provider} " +
                    "(a TPM, smart card or other device), not in a file: CertDeploy cannot give " +
                    "service accounts access to it. Grant access with the provider's own tools, " +
                    "or use certificates whose keys are kept in software.");
            }

            if (!probe.IsMachineKey)
            {
                return Unreadable(probe.ProviderName,
                    $"The private key of certificate {thumbprint} is kept in a user's profile " +
                    $"({provider}), not with the machine, so no service account can use it. " +
                    "Import the PKCS#12 file again into Local Computer > Personal (certlm.msc), " +
                    "or let CertDeploy import it.");
            }

            var name = probe.UniqueName?.Trim();
            if (string.IsNullOrEmpty(name))
            {
                return Unreadable(probe.ProviderName,
                    $"{Capitalise(provider)} gave no key name for the private key of certificate " +
                    $"{thumbprint}, so its key file cannot be found.");
            }

            if (!IsPlainFileName(name!))
            {
                return Unreadable(probe.ProviderName,
                    $"{Capitalise(provider)} gave the key name \"{name}\" for the private key of " +
                    $"certificate {thumbprint}, which is not a file name in a key folder.");
            }

            var searched = SearchOrder(probe.Api, folders);
            foreach (var (folder, kind) in searched)
            {
                var path = KeyFolders.FileIn(folder, name!);
                if (fileExists(path))
                {
                    return new KeyLocation(kind, path, probe.ProviderName);
                }
            }

            return Hardware(probe.ProviderName,
                $"The private key of certificate {thumbprint} ({provider}) has no file named " +
                $"{name} in {string.Join(", ", searched.Select(s => s.Folder))}: it is taken to " +
                "be kept on a device (HSM, smart card or TPM), where CertDeploy cannot give " +
                "service accounts access. Grant access with the provider's own tools.");
        }

        /// <summary>
        /// A certificate that has a private key which could not be opened to find its location.
        /// </summary>
        /// <param name="thumbprint">The certificate's thumbprint.</param>
        /// <param name="providerName">The provider, when it is known.</param>
        /// <param name="reason">The system's message, for instance "Access is denied".</param>
        public static KeyLocation CouldNotOpen(string thumbprint, string? providerName, string reason)
        {
            var because = string.IsNullOrWhiteSpace(reason) ? "" : $" ({reason.Trim().TrimEnd('.')})";
            return Unreadable(providerName,
                $"The private key of certificate {thumbprint} could not be opened to find its key " +
                $"file{because}. Run the installation as an administrator (elevated), and check " +
                "that the key is in Local Computer > Personal with certlm.msc.");
        }

        private static IReadOnlyList<(string Folder, KeyStorageKind Kind)> SearchOrder(
            KeyApi api, KeyFolders folders)
        {
            var cng = (folders.Cng, KeyStorageKind.CngFile);
            var rsa = (folders.CapiRsa, KeyStorageKind.CapiFile);
            var dss = (folders.CapiDss, KeyStorageKind.CapiFile);

            return api == KeyApi.Cng ? new[] { cng, rsa, dss } : new[] { rsa, dss, cng };
        }

        private static bool IsPlainFileName(string name) =>
            name != "." && name != ".."
            && name.IndexOfAny(new[] { '\\', '/', ':', '*', '?', '"', '<', '>', '|' }) < 0
            && name.All(c => c >= ' ');

        private static string Describe(string? providerName) =>
            string.IsNullOrWhiteSpace(providerName)
                ? "an unnamed key provider"
                : $"the provider \"{providerName!.Trim()}\"";

        private static string Capitalise(string text) =>
            text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);

        private static KeyLocation Hardware(string? providerName, string problem) =>
            new KeyLocation(KeyStorageKind.Hardware, null, providerName) { Problem = problem };

        private static KeyLocation Unreadable(string? providerName, string problem) =>
            new KeyLocation(KeyStorageKind.Unreadable, null, providerName) { Problem = problem };
    }
}
