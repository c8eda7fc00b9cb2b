using CertDeploy.Core.Keys;
using Xunit;

namespace CertDeploy.Core.Tests.Keys;

public class KeyReadAccessTests
{
    private const string Account = "S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464";
    private const string Orphan = "S-1-5-21-1004336348-1177238915-682003330-1107";

    [Theory]
    [InlineData(0x00120089)]            // FILE_GENERIC_READ, what SDDL "FR" and .NET's Read allow rule hold
    [InlineData(0x00020089)]            // FileSystemRights.Read without SYNCHRONIZE
    [InlineData(unchecked((int)0x80000000))] // GENERIC_READ as other tools write it
    [InlineData(0x10000000)]            // GENERIC_ALL
    [InlineData(0x001F01FF)]            // FullControl
    [InlineData(0x000301BF)]            // Modify
    public void HasRead_AllowEntryWithReadRights_IsTrue(int mask)
    {
        var entries = new[] { new KeyAccessEntry(Account, mask, IsAllow: true, IsInheritOnly: false) };

        Assert.True(KeyReadAccess.HasRead(entries, Account));
    }

    [Theory]
    [InlineData(0x00000001)]            // ReadData alone: the provider cannot open the file
    [InlineData(0x00020088)]            // Read without ReadData
    [InlineData(0x00000116)]            // write rights only
    public void HasRead_AllowEntryWithoutAllReadRights_IsFalse(int mask)
    {
        var entries = new[] { new KeyAccessEntry(Account, mask, IsAllow: true, IsInheritOnly: false) };

        Assert.False(KeyReadAccess.HasRead(entries, Account));
    }

    [Fact]
    public void HasRead_ReadSplitOverTwoAllowEntries_IsTrue()
    {
        var entries = new[]
        {
            new KeyAccessEntry(Account, 0x00000009, true, false),
            new KeyAccessEntry(Account, 0x00020080, true, false),
        };

        Assert.True(KeyReadAccess.HasRead(entries, Account));
    }

    [Fact]
    public void HasRead_DenyOfReadData_WinsOverAllow()
    {
        var entries = new[]
        {
            new KeyAccessEntry(Account, KeyReadAccess.FileGenericRead, true, false),
            new KeyAccessEntry(Account, 0x00000001, false, false),
        };

        Assert.False(KeyReadAccess.HasRead(entries, Account));
    }

    [Fact]
    public void HasRead_DenyOfWriteOnly_KeepsRead()
    {
        var entries = new[]
        {
            new KeyAccessEntry(Account, KeyReadAccess.FileGenericRead, true, false),
            new KeyAccessEntry(Account, 0x00000116, false, false),
        };

        Assert.True(KeyReadAccess.HasRead(entries, Account));
    }

    [Fact]
    public void HasRead_InheritOnlyEntry_DoesNotApplyToTheFile()
    {
        var entries = new[] { new KeyAccessEntry(Account, KeyReadAccess.FileGenericRead, true, true) };

        Assert.False(KeyReadAccess.HasRead(entries, Account));
    }

    [Fact]
    public void HasRead_ReadForAnotherSidOnly_IsFalse()
    {
        var entries = new[]
        {
            new KeyAccessEntry("S-1-5-18", KeyReadAccess.FileAllAccess, true, false),
            new KeyAccessEntry("S-1-5-32-544", KeyReadAccess.FileAllAccess, true, false),
            new KeyAccessEntry(Orphan, KeyReadAccess.FileGenericRead, true, false),
        };

        Assert.False(KeyReadAccess.HasRead(entries, Account));
    }

    [Fact]
    public void HasRead_OrphanedSidBesideTheAccount_IsReadLikeAnyOther()
    {
        var entries = new[]
        {
            new KeyAccessEntry(Orphan, KeyReadAccess.FileAllAccess, true, false),
            new KeyAccessEntry(Account, KeyReadAccess.FileGenericRead, true, false),
        };

        Assert.True(KeyReadAccess.HasRead(entries, Account));
        Assert.True(KeyReadAccess.HasRead(entries, Orphan));
    }

    [Fact]
    public void HasRead_NoEntries_IsFalse()
    {
        Assert.False(KeyReadAccess.HasRead(System.Array.Empty<KeyAccessEntry>(), Account));
    }

    [Theory]
    [InlineData(unchecked((int)0x80000000), 0x00120089)] // GENERIC_READ -> FILE_GENERIC_READ
    [InlineData(0x10000000, 0x001F01FF)]                 // GENERIC_ALL -> FILE_ALL_ACCESS
    [InlineData(0x00000001, 0x00000001)]                 // specific rights stay as they are
    public void MapGeneric_ReplacesGenericBits(int mask, int expected)
    {
        Assert.Equal(expected, KeyReadAccess.MapGeneric(mask));
    }
}
