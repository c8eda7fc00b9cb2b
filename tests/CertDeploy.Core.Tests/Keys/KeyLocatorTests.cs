using System;
using System.Collections.Generic;
using CertDeploy.Core.Keys;
using CertDeploy.Core.Ports;
using Xunit;

namespace CertDeploy.Core.Tests.Keys;

public class KeyLocatorTests
{
    private const string Thumbprint = "3B7E0F0C5D7A1F6E2C9B4A8D7E6F5A4B3C2D1E0F";
    private const string KeyName = "f686aace6942fb7f7ceb231212eef4a4_c5f2a6e2-8a8f-4f2b-9a57-0e1c2d3b4a59";
    private const string CapiProvider = "Microsoft Enhanced RSA and AES Cryptographic Provider";

    private static readonly KeyFolders Folders = new(@"C:\ProgramData");
    private static readonly string CngFile = @"C:\ProgramData\Microsoft\Crypto\Keys\" + KeyName;
    private static readonly string CapiFile = @"C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\" + KeyName;
    private static readonly string DssFile = @"C:\ProgramData\Microsoft\Crypto\DSS\MachineKeys\" + KeyName;

    [Fact]
    public void Locate_CngSoftwareKeyWithFile_IsCngFile()
    {
        var probe = new KeyProbe(KeyApi.Cng, KeyProviders.SoftwareKeyStorage, KeyName, true, false);

        var location = KeyLocator.Locate(Thumbprint, probe, Folders, Existing(CngFile));

        var expected = new KeyLocation(KeyStorageKind.CngFile, CngFile, KeyProviders.SoftwareKeyStorage);
        Assert.Equal(expected, location);
        Assert.Null(location.Problem);
    }

    [Fact]
    public void Locate_CapiKeyWithFile_IsCapiFile()
    {
        var probe = new KeyProbe(KeyApi.Capi, CapiProvider, KeyName, true, false);

        var location = KeyLocator.Locate(Thumbprint, probe, Folders, Existing(CapiFile));

        Assert.Equal(new KeyLocation(KeyStorageKind.CapiFile, CapiFile, CapiProvider), location);
    }

    [Fact]
    public void Locate_CngOpenedCapiKey_FindsTheFileInMachineKeys()
    {
        // CNG can open a CryptoAPI key; it then names the CryptoAPI file.
        var probe = new KeyProbe(KeyApi.Cng, KeyProviders.SoftwareKeyStorage, KeyName, true, false);

        var location = KeyLocator.Locate(Thumbprint, probe, Folders, Existing(CapiFile));

        Assert.Equal(KeyStorageKind.CapiFile, location.Kind);
        Assert.Equal(CapiFile, location.FilePath);
    }

    [Fact]
    public void Locate_CapiDssKey_FindsTheFileInDssMachineKeys()
    {
        var provider = "Microsoft Enhanced DSS and Diffie-Hellman Cryptographic Provider";
        var probe = new KeyProbe(KeyApi.Capi, provider, KeyName, true, false);

        var location = KeyLocator.Locate(Thumbprint, probe, Folders, Existing(DssFile));

        Assert.Equal(new KeyLocation(KeyStorageKind.CapiFile, DssFile, provider), location);
    }

    [Theory]
    [InlineData(KeyApi.Cng, KeyStorageKind.CngFile)]    // the opening API's folder is searched first
    [InlineData(KeyApi.Capi, KeyStorageKind.CapiFile)]
    public void Locate_FileInBothFolders_PrefersTheOpeningApisFolder(KeyApi api, KeyStorageKind expected)
    {
        var probe = new KeyProbe(api, null, KeyName, true, false);

        var location = KeyLocator.Locate(Thumbprint, probe, Folders, Existing(CngFile, CapiFile));

        Assert.Equal(expected, location.Kind);
    }

    [Fact]
    public void Locate_TpmKey_IsHardwareEvenWithoutLookingForAFile()
    {
        var probe = new KeyProbe(KeyApi.Cng, KeyProviders.PlatformCrypto, KeyName, true, false);
        var looked = new List<string>();

        var location = KeyLocator.Locate(Thumbprint, probe, Folders, Recording(looked));

        Assert.Equal(KeyStorageKind.Hardware, location.Kind);
        Assert.Null(location.FilePath);
        Assert.Equal(KeyProviders.PlatformCrypto, location.ProviderName);
        Assert.Equal(
            $"The private key of certificate {Thumbprint} is kept by the provider \"Microsoft " +
            "Platform Crypto Provider\" (a TPM, smart card or other device), not in a file: " +
            "CertDeploy cannot give service accounts access to it. Grant access with the " +
            "provider's own tools, or use certificates whose keys are kept in software.",
            location.Problem);
        Assert.Empty(looked);
    }

    [Fact]
    public void Locate_CspThatSaysHardwareDevice_IsHardware()
    {
        var probe = new KeyProbe(KeyApi.Capi, "Vendor Token CSP", KeyName, true, true);

        var location = KeyLocator.Locate(Thumbprint, probe, Folders, Existing(CapiFile));

        Assert.Equal(KeyStorageKind.Hardware, location.Kind);
    }

    [Fact]
    public void Locate_NoFileInAnyFolder_IsHardwareAndNamesTheFolders()
    {
        var probe = new KeyProbe(KeyApi.Cng, "SafeNet Key Storage Provider", KeyName, true, false);

        var location = KeyLocator.Locate(Thumbprint, probe, Folders, Existing());

        Assert.Equal(KeyStorageKind.Hardware, location.Kind);
        Assert.Equal(
            $"The private key of certificate {Thumbprint} (the provider \"SafeNet Key Storage " +
            $"Provider\") has no file named {KeyName} in C:\\ProgramData\\Microsoft\\Crypto\\Keys, " +
            "C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys, " +
            "C:\\ProgramData\\Microsoft\\Crypto\\DSS\\MachineKeys: it is taken to be kept on a " +
            "device (HSM, smart card or TPM), where CertDeploy cannot give service accounts " +
            "access. Grant access with the provider's own tools.",
            location.Problem);
    }

    [Fact]
    public void Locate_UserKey_IsUnreadableAndSaysHowToImport()
    {
        var probe = new KeyProbe(KeyApi.Capi, CapiProvider, KeyName, false, false);

        var location = KeyLocator.Locate(Thumbprint, probe, Folders, Existing(CapiFile));

        Assert.Equal(KeyStorageKind.Unreadable, location.Kind);
        Assert.Null(location.FilePath);
        Assert.Equal(
            $"The private key of certificate {Thumbprint} is kept in a user's profile (the " +
            $"provider \"{CapiProvider}\"), not with the machine, so no service account can use " +
            "it. Import the PKCS#12 file again into Local Computer > Personal (certlm.msc), or " +
            "let CertDeploy import it.",
            location.Problem);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Locate_NoUniqueName_IsUnreadable(string? uniqueName)
    {
        var probe = new KeyProbe(KeyApi.Cng, null, uniqueName, true, false);

        var location = KeyLocator.Locate(Thumbprint, probe, Folders, Existing(CngFile));

        Assert.Equal(KeyStorageKind.Unreadable, location.Kind);
        Assert.Equal(
            $"An unnamed key provider gave no key name for the private key of certificate " +
            $"{Thumbprint}, so its key file cannot be found.",
            location.Problem);
    }

    [Theory]
    [InlineData(@"..\..\Windows\System32\config\SAM")] // climbs out of the key folder
    [InlineData(@"C:\elsewhere\key")]                  // a full path
    [InlineData("..")]                                  // the parent folder itself
    [InlineData("a/b")]                                 // forward slash is a separator too
    [InlineData("key\u0000name")]                       // control character
    public void Locate_UniqueNameThatIsNotAFileName_IsUnreadableWithoutTouchingFiles(string uniqueName)
    {
        var probe = new KeyProbe(KeyApi.Cng, KeyProviders.SoftwareKeyStorage, uniqueName, true, false);
        var looked = new List<string>();

        var location = KeyLocator.Locate(Thumbprint, probe, Folders, Recording(looked));

        Assert.Equal(KeyStorageKind.Unreadable, location.Kind);
        Assert.StartsWith(
            "The provider \"Microsoft Software Key Storage Provider\" gave the key name",
            location.Problem);
        Assert.Empty(looked);
    }

    [Fact]
    public void CouldNotOpen_NamesCertificateAndSystemMessage()
    {
        var location = KeyLocator.CouldNotOpen(Thumbprint, CapiProvider, "Access is denied.\r\n");

        Assert.Equal(KeyStorageKind.Unreadable, location.Kind);
        Assert.Equal(CapiProvider, location.ProviderName);
        Assert.Equal(
            $"The private key of certificate {Thumbprint} could not be opened to find its key " +
            "file (Access is denied). Run the installation as an administrator (elevated), and " +
            "check that the key is in Local Computer > Personal with certlm.msc.",
            location.Problem);
    }

    private static Func<string, bool> Existing(params string[] paths)
    {
        var set = new HashSet<string>(paths, StringComparer.OrdinalIgnoreCase);
        return set.Contains;
    }

    private static Func<string, bool> Recording(List<string> looked) => path =>
    {
        looked.Add(path);
        return true;
    };
}
