using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Keys;
using Xunit;

namespace CertDeploy.Core.Tests.Keys;

public class KeyFoldersTests
{
    [Theory]
    [InlineData(@"C:\ProgramData")]      // as %ProgramData% expands
    [InlineData(@"C:\ProgramData\")]     // with a trailing separator
    [InlineData(" C:\\ProgramData ")]    // with blanks around it, as pasted
    public void Folders_FromProgramData_AreTheMachineKeyFolders(string programData)
    {
        var folders = new KeyFolders(programData);

        Assert.Equal(@"C:\ProgramData\Microsoft\Crypto\Keys", folders.Cng);
        Assert.Equal(@"C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys", folders.CapiRsa);
        Assert.Equal(@"C:\ProgramData\Microsoft\Crypto\DSS\MachineKeys", folders.CapiDss);
    }

    [Fact]
    public void Folders_OnAnotherDrive_FollowProgramData()
    {
        var folders = new KeyFolders(@"D:\Data");

        Assert.Equal(@"D:\Data\Microsoft\Crypto\Keys", folders.Cng);
    }

    [Fact]
    public void FileIn_JoinsWithBackslash()
    {
        var path = KeyFolders.FileIn(@"C:\ProgramData\Microsoft\Crypto\Keys", "abc_123");

        Assert.Equal(@"C:\ProgramData\Microsoft\Crypto\Keys\abc_123", path);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Constructor_BlankProgramData_Throws(string programData)
    {
        var error = Assert.Throws<CertDeployException>(() => new KeyFolders(programData));

        Assert.Equal(
            "The ProgramData folder of this machine is unknown, so the private key files cannot " +
            "be found. Check the ProgramData environment variable.",
            error.Message);
    }
}
