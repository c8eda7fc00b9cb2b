using System;
using System.Security.Cryptography.X509Certificates;

namespace CertDeploy.TestService
{
    /// <summary>LocalMachine\My as a CosDoc service reads it: by thumbprint, read-only.</summary>
    internal static class MachineStore
    {
        public static bool Contains(string thumbprint)
        {
            using var store = new X509Store(StoreName.My, StoreLocation.LocalMachine);
            store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);

            // Under Wine a certificate object left undisposed loses store changes made by other
            // processes, so every one read here is disposed.
            var all = store.Certificates;
            try
            {
                foreach (var certificate in all)
                {
                    if (string.Equals(certificate.Thumbprint, thumbprint, StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }
                }

                return false;
            }
            finally
            {
                foreach (var certificate in all)
                {
                    certificate.Dispose();
                }
            }
        }
    }
}
