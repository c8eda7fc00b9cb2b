using System.Collections.Generic;

namespace CertDeploy.Core.Ports
{
    /// <summary>Where a certificate's private key is kept, as far as granting access is concerned.</summary>
    public enum KeyStorageKind
    {
        /// <summary>The certificate has no private key in this store.</summary>
        None,

        /// <summary>A CryptoAPI machine key: a file under Crypto\RSA\MachineKeys.</summary>
        CapiFile,

        /// <summary>A CNG machine key: a file under Crypto\Keys.</summary>
        CngFile,

        /// <summary>A key on a smart card, TPM or HSM: no file whose access could be granted.</summary>
        Hardware,

        /// <summary>
        /// The certificate has a private key, but where it is kept could not be found out (the key
        /// could not be opened, or it is kept in a user's profile rather than with the machine);
        /// <see cref="KeyLocation.Problem"/> says why.
        /// </summary>
        Unreadable,
    }

    /// <summary>Where a private key lives.</summary>
    /// <param name="Kind">The kind of storage.</param>
    /// <param name="FilePath">The key file, for <see cref="KeyStorageKind.CapiFile"/> and
    /// <see cref="KeyStorageKind.CngFile"/>; otherwise null.</param>
    /// <param name="ProviderName">The key storage or cryptographic service provider, when known.</param>
    public sealed record KeyLocation(KeyStorageKind Kind, string? FilePath, string? ProviderName)
    {
        /// <summary>A certificate without a private key.</summary>
        public static KeyLocation NoKey { get; } = new KeyLocation(KeyStorageKind.None, null, null);

        /// <summary>
        /// Why no access can be granted to the key, in words for the administrator that name the
        /// certificate: set for <see cref="KeyStorageKind.Unreadable"/> and
        /// <see cref="KeyStorageKind.Hardware"/> keys, null otherwise.
        /// </summary>
        public string? Problem { get; init; }
    }

    /// <summary>
    /// A certificate as the store holds it: its DER bytes (everything else about the certificate
    /// is read from them by the core) and where its private key is.
    /// </summary>
    /// <param name="RawData">The DER encoding of the certificate.</param>
    /// <param name="Key">Where its private key is kept.</param>
    public sealed record StoreCertificate(byte[] RawData, KeyLocation Key);

    /// <summary>
    /// The machine's personal certificate store, LocalMachine\My. Implemented on Win32 by the
    /// Windows adapter; tests use an in-memory store.
    /// </summary>
    public interface ICertificateStore
    {
        /// <summary>Every certificate in LocalMachine\My.</summary>
        IReadOnlyList<StoreCertificate> List();

        /// <summary>The certificate with this thumbprint (40 upper-case hex digits), or null.</summary>
        StoreCertificate? Find(string thumbprint);

        /// <summary>
        /// Imports a PKCS#12 file into LocalMachine\My with a persisted machine key.
        /// Returns the thumbprints of the certificates that were not in the store before, so that
        /// a failed run can remove exactly those.
        /// </summary>
        /// <param name="pfxPath">The .p12 or .pfx file.</param>
        /// <param name="password">Its password; never logged.</param>
        IReadOnlyList<string> Import(string pfxPath, string password);

        /// <summary>Removes a certificate (and its key) that this run imported.</summary>
        void Remove(string thumbprint);
    }
}
