using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Keys;
using Xunit;

namespace CertDeploy.Core.Tests.Keys;

public class KeyGrantPolicyTests
{
    private const string KeyFile = @"C:\ProgramData\Microsoft\Crypto\Keys\abc_123";

    [Theory]
    [InlineData("S-1-1-0", "Everyone")]
    [InlineData("S-1-5-11", "Authenticated Users")]
    [InlineData("S-1-5-32-545", "Users")]
    [InlineData("S-1-5-32-546", "Guests")]
    [InlineData("S-1-5-7", "Anonymous Logon")]
    [InlineData("S-1-5-4", "Interactive")]
    [InlineData("S-1-5-2", "Network")]
    [InlineData("S-1-5-21-1004336348-1177238915-682003330-513", "Domain Users")]     // fixed domain RID
    [InlineData("S-1-5-21-1004336348-1177238915-682003330-515", "Domain Computers")]
    public void BroadGroupName_WideGroups_AreNamed(string sid, string expected)
    {
        Assert.Equal(expected, KeyGrantPolicy.BroadGroupName(sid));
    }

    [Theory]
    [InlineData("S-1-5-18")]                                                         // SYSTEM
    [InlineData("S-1-5-20")]                                                       // NetworkService
    [InlineData("S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464")]   // virtual account
    [InlineData("S-1-5-82-3006700770-424185619-1745488364-794895919-4004696415")]    // IIS AppPool
    [InlineData("S-1-5-21-1004336348-1177238915-682003330-1513")]                  // RID ends in 513
    [InlineData("S-1-5-21-1004336348-1177238915-513")]                             // no domain RID
    public void BroadGroupName_SingleAccounts_IsNull(string sid)
    {
        Assert.Null(KeyGrantPolicy.BroadGroupName(sid));
    }

    [Theory]
    [InlineData("S-1-5-18", true)]
    [InlineData("s-1-5-18", true)]          // the prefix compares without case, as Windows does
    [InlineData("S-1-0-0", true)]           // the shortest: authority and one sub-authority
    [InlineData("S-1-5", false)]            // authority without sub-authority: no account
    [InlineData("S-1", false)]              // no authority
    [InlineData("S-1-5-", false)]           // trailing dash
    [InlineData("NT SERVICE\\KPR1", false)] // a name, not a SID
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsWellFormedSid_ByForm(string? sid, bool expected)
    {
        Assert.Equal(expected, KeyGrantPolicy.IsWellFormedSid(sid));
    }

    [Fact]
    public void EnsureGrantable_Everyone_ThrowsNamingFileAndGroup()
    {
        var error = Assert.Throws<CertDeployException>(
            () => KeyGrantPolicy.EnsureGrantable(KeyFile, "S-1-1-0"));

        Assert.Equal(
            $"Refusing to give S-1-1-0 (Everyone) read access to the private key file {KeyFile}: " +
            "every member of that group could then use the enterprise certificate. Run the " +
            "service under its own account (for example NT SERVICE\\<service name>) and run " +
            "CertDeploy again.",
            error.Message);
    }

    [Fact]
    public void EnsureGrantable_Name_ThrowsSayingItIsNoSid()
    {
        var error = Assert.Throws<CertDeployException>(
            () => KeyGrantPolicy.EnsureGrantable(KeyFile, "Everyone"));

        Assert.Equal(
            $"Cannot give \"Everyone\" read access to the private key file {KeyFile}: it is not " +
            "a security identifier (S-1-5-...). This is a fault in CertDeploy's plan; run " +
            "CertDeploy again, and report it if it happens again.",
            error.Message);
    }

    [Theory]
    [InlineData("S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464")] // virtual account
    [InlineData("S-1-5-20")]                                                       // NetworkService
    public void EnsureGrantable_ServiceAccount_Passes(string sid)
    {
        var error = Record.Exception(() => KeyGrantPolicy.EnsureGrantable(KeyFile, sid));

        Assert.Null(error);
    }
}
