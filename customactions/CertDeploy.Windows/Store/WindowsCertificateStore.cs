using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertDeploy.Core.Keys;
using CertDeploy.Core.Ports;

namespace CertDeploy.Windows.Store
{
    /// <summary>
    /// LocalMachine\My through <see cref="X509Store"/>. Every certificate object read from the
    /// store is disposed before the call returns; only DER bytes and the key's location leave.
    /// </summary>
    /// <remarks>
    /// Relies on: RSACertificateExtensions.GetRSAPrivateKey and GetECDsaPrivateKey returning
    /// RSACng/ECDsaCng for CNG keys (CngKey.UniqueName, IsMachineKey, Provider) and
    /// RSACryptoServiceProvider for CryptoAPI keys (CspKeyContainerInfo.UniqueKeyContainerName,
    /// MachineKeyStore, HardwareDevice); the unique name being the key file's name in
    /// %ProgramData%\Microsoft\Crypto\Keys or ...\RSA\MachineKeys. On .NET Framework,
    /// GetRSAPrivateKey opens a software CryptoAPI key through CNG as well (RSACng) and falls
    /// back to RSACryptoServiceProvider only where CNG cannot open the key: such a key is probed
    /// as CNG, and the core then finds its file in RSA\MachineKeys. Opening a key needs read access
    /// to it: run elevated. Which file holds a key is decided in the core
    /// (<see cref="KeyLocator"/>).
    /// </remarks>
    [SupportedOSPlatform("windows")]
    public sealed class WindowsCertificateStore : ICertificateStore
    {
        private const string StoreText = @"LocalMachine\My";

        private readonly KeyFolders _folders;

        /// <summary>The store, with the key folders below this machine's %ProgramData%.</summary>
        public WindowsCertificateStore()
            : this(new KeyFolders(
                Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData)))
        {
        }

        /// <summary>The store, with the given key folders.</summary>
        public WindowsCertificateStore(KeyFolders folders) => _folders = folders;

        /// <inheritdoc />
        public IReadOnlyList<StoreCertificate> List() => Read(_ => true);

        /// <inheritdoc />
        public StoreCertificate? Find(string thumbprint) =>
            Read(certificate => SameThumbprint(certificate, thumbprint)).FirstOrDefault();

        /// <inheritdoc />
        /// <remarks>
        /// Keys are persisted as machine keys and are not exportable. Only certificates with a
        /// private key are added: chain certificates in the file do not belong in Personal. A
        /// certificate already in the store is left as it is (its key, and the access granted to
        /// it, stay), and the copy of its key that loading the file persisted is deleted again.
        /// </remarks>
        public IReadOnlyList<string> Import(string pfxPath, string password)
        {
            var data = ReadPfx(pfxPath);
            var loaded = LoadPkcs12(pfxPath, data, password);
            try
            {
                using var store = Open(OpenFlags.ReadWrite | OpenFlags.OpenExistingOnly);
                var present = ReadAll(store);
                try
                {
                    return AddNew(pfxPath, store, loaded, present);
                }
                finally
                {
                    DisposeAll(present);
                }
            }
            finally
            {
                DisposeAll(loaded);
            }
        }

        /// <inheritdoc />
        /// <remarks>
        /// Removing a certificate that is not in the store does nothing, so that a rollback can
        /// run twice. The key is deleted only when no other certificate in the store uses it.
        /// </remarks>
        public void Remove(string thumbprint)
        {
            using var store = Open(OpenFlags.ReadWrite | OpenFlags.OpenExistingOnly);
            var all = ReadAll(store);
            try
            {
                var certificate = all.FirstOrDefault(c => SameThumbprint(c, thumbprint));
                if (certificate == null)
                {
                    return;
                }

                var key = LocateKey(certificate);
                var sharedKey = key.FilePath != null && all
                    .Where(other => !ReferenceEquals(other, certificate) && other.HasPrivateKey)
                    .Any(other => string.Equals(LocateKey(other).FilePath, key.FilePath,
                        StringComparison.OrdinalIgnoreCase));

                Change($"Could not remove certificate {thumbprint} from {StoreText}",
                    () => store.Remove(certificate));

                if (certificate.HasPrivateKey && !sharedKey)
                {
                    Change(
                        $"Removed certificate {thumbprint} from {StoreText}, but could not delete its " +
                        $"private key ({key.FilePath ?? key.ProviderName ?? "location unknown"})",
                        () => DeletePersistedKey(certificate));
                }
            }
            finally
            {
                DisposeAll(all);
            }
        }

        /// <summary>Where a certificate's private key is kept; never throws for an odd key.</summary>
        internal KeyLocation LocateKey(X509Certificate2 certificate)
        {
            if (!certificate.HasPrivateKey)
            {
                return KeyLocation.NoKey;
            }

            var thumbprint = certificate.Thumbprint.ToUpperInvariant();
            try
            {
                var probe = Probe(certificate);
                return probe == null
                    ? KeyLocator.CouldNotOpen(thumbprint, null, "its key algorithm is neither RSA nor ECDSA")
                    : KeyLocator.Locate(thumbprint, probe, _folders, File.Exists);
            }
            catch (Exception error) when (IsKeyProblem(error))
            {
                // Reported, not thrown: one unusable key must not hide the other certificates.
                return KeyLocator.CouldNotOpen(thumbprint, null, Win32Failure.SystemMessage(error));
            }
        }

        private List<StoreCertificate> Read(Func<X509Certificate2, bool> wanted)
        {
            using var store = Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
            var all = ReadAll(store);
            try
            {
                return all
                    .Where(wanted)
                    .Select(certificate => new StoreCertificate(certificate.RawData, LocateKey(certificate)))
                    .ToList();
            }
            finally
            {
                DisposeAll(all);
            }
        }

        private List<string> AddNew(
            string pfxPath, X509Store store, List<X509Certificate2> loaded, List<X509Certificate2> present)
        {
            var added = new List<string>();
            foreach (var certificate in loaded.Where(c => c.HasPrivateKey))
            {
                var thumbprint = certificate.Thumbprint.ToUpperInvariant();
                var existing = present.FirstOrDefault(c => SameThumbprint(c, thumbprint));
                if (existing == null)
                {
                    Change($"Could not add certificate {thumbprint} from {pfxPath} to {StoreText}",
                        () => store.Add(certificate));
                    added.Add(thumbprint);
                    continue;
                }

                var loadedKey = LocateKey(certificate).FilePath;
                if (loadedKey != null && !string.Equals(loadedKey, LocateKey(existing).FilePath,
                        StringComparison.OrdinalIgnoreCase))
                {
                    Change($"Could not delete the second copy of the private key of certificate " +
                        $"{thumbprint} that loading {pfxPath} made ({loadedKey})",
                        () => DeletePersistedKey(certificate));
                }
            }

            return added;
        }

        private static KeyProbe? Probe(X509Certificate2 certificate)
        {
            using (var rsa = certificate.GetRSAPrivateKey())
            {
                if (rsa != null)
                {
                    return ProbeKey(rsa);
                }
            }

            using var ecdsa = certificate.GetECDsaPrivateKey();
            return ecdsa == null ? null : ProbeKey(ecdsa);
        }

        private static KeyProbe? ProbeKey(AsymmetricAlgorithm key) => key switch
        {
            RSACng rsa => FromCng(rsa.Key),
            ECDsaCng ecdsa => FromCng(ecdsa.Key),
            RSACryptoServiceProvider csp => FromCsp(csp.CspKeyContainerInfo),
            _ => null,
        };

        private static KeyProbe FromCng(CngKey key) =>
            new KeyProbe(KeyApi.Cng, key.Provider?.Provider, key.UniqueName, key.IsMachineKey, false);

        private static KeyProbe FromCsp(CspKeyContainerInfo info) =>
            new KeyProbe(KeyApi.Capi, info.ProviderName, info.UniqueKeyContainerName,
                info.MachineKeyStore, info.HardwareDevice);

        private static void DeletePersistedKey(X509Certificate2 certificate)
        {
            using (var rsa = certificate.GetRSAPrivateKey())
            {
                if (rsa != null)
                {
                    Delete(rsa);
                    return;
                }
            }

            using var ecdsa = certificate.GetECDsaPrivateKey();
            if (ecdsa != null)
            {
                Delete(ecdsa);
            }
        }

        private static void Delete(AsymmetricAlgorithm key)
        {
            switch (key)
            {
                case RSACng rsa:
                    rsa.Key.Delete();
                    break;
                case ECDsaCng ecdsa:
                    ecdsa.Key.Delete();
                    break;
                case RSACryptoServiceProvider csp:
                    // The documented way to delete a CryptoAPI key container: stop persisting it,
                    // then release it.
                    csp.PersistKeyInCsp = false;
                    csp.Clear();
                    break;
            }
        }

        private static byte[] ReadPfx(string pfxPath)
        {
            try
            {
                return File.ReadAllBytes(pfxPath);
            }
            catch (Exception error) when (error is IOException || error is UnauthorizedAccessException
                || error is ArgumentException || error is NotSupportedException
                || error is SecurityException)
            {
                throw Win32Failure.Wrap($"Could not read the PKCS#12 file {pfxPath}", error,
                    "Check the path in CERTDEPLOY_PFX_FILES and that the installer can read the file.");
            }
        }

        private static List<X509Certificate2> LoadPkcs12(string pfxPath, byte[] data, string password)
        {
            // Machine key set: the key belongs to the machine, not to the installing user, so
            // that service accounts can be granted access. Not exportable: nobody needs to take
            // the key off this machine again.
            const X509KeyStorageFlags flags =
                X509KeyStorageFlags.MachineKeySet | X509KeyStorageFlags.PersistKeySet;
            try
            {
#if NETFRAMEWORK
                var collection = new X509Certificate2Collection();
                collection.Import(data, password, flags);
#else
                var collection = X509CertificateLoader.LoadPkcs12Collection(data, password, flags);
#endif
                return collection.Cast<X509Certificate2>().ToList();
            }
            catch (CryptographicException error)
            {
                // The password is never part of the message.
                throw Win32Failure.Wrap($"Could not open the PKCS#12 file {pfxPath}", error,
                    "Check CERTDEPLOY_PFX_PASSWORD (the password sent with the certificates) and " +
                    "that the file is the .p12 or .pfx file from the certificate issuer.");
            }
        }

        private static X509Store Open(OpenFlags flags)
        {
            var store = new X509Store(StoreName.My, StoreLocation.LocalMachine);
            try
            {
                store.Open(flags);
                return store;
            }
            catch (Exception error) when (error is CryptographicException || error is SecurityException)
            {
                store.Dispose();
                throw Win32Failure.Wrap($"Could not open the certificate store {StoreText}", error,
                    "Run the installation as an administrator (elevated).");
            }
        }

        private static List<X509Certificate2> ReadAll(X509Store store) =>
            store.Certificates.Cast<X509Certificate2>().ToList();

        private static void Change(string what, Action change)
        {
            try
            {
                change();
            }
            catch (Exception error) when (error is CryptographicException || error is SecurityException
                || error is UnauthorizedAccessException)
            {
                throw Win32Failure.Wrap(what, error, "Run the installation as an administrator (elevated).");
            }
        }

        private static bool IsKeyProblem(Exception error) =>
            error is CryptographicException || error is UnauthorizedAccessException
            || error is SecurityException || error is NotSupportedException
            || error is InvalidOperationException || error is InvalidCastException
            || error is ArgumentException || error is IOException;

        private static bool SameThumbprint(X509Certificate2 certificate, string thumbprint) =>
            string.Equals(certificate.Thumbprint, thumbprint, StringComparison.OrdinalIgnoreCase);

        private static void DisposeAll(IEnumerable<X509Certificate2> certificates)
        {
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }
        }
    }
}
