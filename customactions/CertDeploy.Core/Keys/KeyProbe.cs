namespace CertDeploy.Core.Keys
{
    /// <summary>Which Windows cryptography API opened a private key.</summary>
    public enum KeyApi
    {
        /// <summary>Cryptography API: Next Generation (a key storage provider; CngKey).</summary>
        Cng,

        /// <summary>The older CryptoAPI (a cryptographic service provider; CspKeyContainerInfo).</summary>
        Capi,
    }

    /// <summary>
    /// What the Windows adapter read from an opened private key: everything the core needs to
    /// decide where the key is kept.
    /// </summary>
    /// <param name="Api">The API that opened the key.</param>
    /// <param name="ProviderName">The key storage or cryptographic service provider.</param>
    /// <param name="UniqueName">The key's unique name (CngKey.UniqueName or
    /// CspKeyContainerInfo.UniqueKeyContainerName): for software keys, the key file's name.</param>
    /// <param name="IsMachineKey">Whether the key belongs to the machine rather than to a user.</param>
    /// <param name="IsHardwareDevice">Whether the provider says the key is on a device
    /// (CspKeyContainerInfo.HardwareDevice; always false for CNG, which does not say).</param>
    public sealed record KeyProbe(
        KeyApi Api,
        string? ProviderName,
        string? UniqueName,
        bool IsMachineKey,
        bool IsHardwareDevice);
}
