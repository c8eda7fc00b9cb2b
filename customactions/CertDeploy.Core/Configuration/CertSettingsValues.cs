namespace CertDeploy.Core.Configuration
{
    /// <summary>What the CertSettings section of one configuration file holds today.</summary>
    /// <param name="HasCertSettings">Whether the file has a top-level CertSettings object.</param>
    /// <param name="SigningThumbprint">The SigningThumbprint string as decoded, or null if absent.</param>
    /// <param name="EncryptionThumbprint">The EncryptionThumbprint string as decoded, or null if absent.</param>
    public sealed record CertSettingsValues(bool HasCertSettings, string? SigningThumbprint,
                                            string? EncryptionThumbprint);
}
