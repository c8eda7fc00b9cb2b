using CertDeploy.Core.Keys;
using Xunit;

namespace CertDeploy.Core.Tests.Keys;

public class KeyProvidersTests
{
    [Theory]
    [InlineData("Microsoft Platform Crypto Provider", true)]          // TPM
    [InlineData("microsoft platform crypto provider", true)]          // names compare without case
    [InlineData("Microsoft Smart Card Key Storage Provider", true)]   // CNG smart card
    [InlineData("Microsoft Base Smart Card Crypto Provider", true)]   // CryptoAPI smart card
    [InlineData("Gemalto SmartCard Provider", true)]                  // vendor spelling without blank
    [InlineData("Microsoft Passport Key Storage Provider", true)]     // Windows Hello
    [InlineData("Microsoft Software Key Storage Provider", false)]    // CNG files in Crypto\Keys
    [InlineData("Microsoft Enhanced RSA and AES Cryptographic Provider", false)] // CAPI files
    [InlineData("Microsoft Strong Cryptographic Provider", false)]    // CAPI files
    [InlineData("SafeNet Key Storage Provider", false)]               // HSM: recognised by its missing file
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsHardware_ByProviderName(string? provider, bool expected)
    {
        Assert.Equal(expected, KeyProviders.IsHardware(provider));
    }
}
