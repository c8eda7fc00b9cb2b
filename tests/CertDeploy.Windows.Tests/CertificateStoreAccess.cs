using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.Versioning;
using System.Security.Cryptography.X509Certificates;

namespace CertDeploy.Windows.Tests
{
    /// <summary>
    /// LocalMachine\My for the tests' own set-up and checks. Every certificate object read from
    /// the store is disposed: under Wine an undisposed one makes store additions get lost.
    /// </summary>
    [SupportedOSPlatform("windows")]
    internal static class CertificateStoreAccess
    {
        /// <summary>Adds the public certificate in a PEM file; returns its thumbprint.</summary>
        public static string AddPublic(string pemFile)
        {
            using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(pemFile));
            using var store = new X509Store(StoreName.My, StoreLocation.LocalMachine);
            store.Open(OpenFlags.ReadWrite);
            store.Add(certificate);
            return certificate.Thumbprint;
        }

        public static IReadOnlyList<string> Thumbprints()
        {
            using var store = new X509Store(StoreName.My, StoreLocation.LocalMachine);
            store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
            var all = store.Certificates;
            try
            {
                var thumbprints = new List<string>();
                foreach (var certificate in all)
                {
                    thumbprints.Add(certificate.Thumbprint);
                }

                return thumbprints;
            }
            finally
            {
                DisposeAll(all);
            }
        }

        public static void Remove(string thumbprint)
        {
            using var store = new X509Store(StoreName.My, StoreLocation.LocalMachine);
            store.Open(OpenFlags.ReadWrite);
            var all = store.Certificates;
            try
            {
                foreach (var certificate in all)
                {
                    if (string.Equals(certificate.Thumbprint, thumbprint, StringComparison.OrdinalIgnoreCase))
                    {
                        store.Remove(certificate);
                    }
                }
            }
            finally
            {
                DisposeAll(all);
            }
        }

        private static void DisposeAll(X509Certificate2Collection certificates)
        {
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }
        }
    }
}
