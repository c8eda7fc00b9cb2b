using CertDeploy.Core.Targets;
using CertDeploy.Core.Tests.Doubles;
using Xunit;

namespace CertDeploy.Core.Tests.Targets;

public class ServiceAccountsTests
{
    private const string TrustedInstallerSid = "S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464";
    internal const string DefaultAppPoolSid = "S-1-5-82-3006700770-424185619-1745488364-794895919-4004696415";

    [Theory]
    [InlineData("TrustedInstaller")]   // as Windows names it
    [InlineData("trustedinstaller")]   // the name is upper-cased before hashing, so any case gives the same SID
    [InlineData("TRUSTEDINSTALLER")]
    public void VirtualAccountSid_TrustedInstaller_KnownWindowsValue(string name)
    {
        Assert.Equal(TrustedInstallerSid, ServiceAccounts.VirtualAccountSid(name));
    }

    [Theory]
    [InlineData("DefaultAppPool")]   // as IIS names it
    [InlineData("DEFAULTAPPPOOL")]   // lower-cased before hashing, so any case gives the same SID
    public void AppPoolSid_DefaultAppPool_KnownWindowsValue(string pool)
    {
        Assert.Equal(DefaultAppPoolSid, ServiceAccounts.AppPoolSid(pool));
    }

    [Fact]
    public void VirtualAccountSid_DifferentServices_DifferentSids()
    {
        Assert.NotEqual(ServiceAccounts.VirtualAccountSid("KPRService1"),
            ServiceAccounts.VirtualAccountSid("KPRService2"));
    }

    [Theory]
    // LocalSystem in every form, and no ObjectName at all: SYSTEM, which needs no grant.
    [InlineData("LocalSystem", "S-1-5-18", false)]
    [InlineData("localsystem", "S-1-5-18", false)]
    [InlineData(@".\LocalSystem", "S-1-5-18", false)]
    [InlineData("", "S-1-5-18", false)]
    [InlineData("   ", "S-1-5-18", false)]
    [InlineData(@"NT AUTHORITY\SYSTEM", "S-1-5-18", false)]
    [InlineData(@"nt authority\system", "S-1-5-18", false)]
    [InlineData(@"NT-MYNDIGHET\SYSTEM", "S-1-5-18", false)]            // Norwegian
    [InlineData(@"AUTORITE NT\Système", "S-1-5-18", false)]            // French
    // LocalService under each known name of NT AUTHORITY and of the account.
    [InlineData(@"NT AUTHORITY\LocalService", "S-1-5-19", true)]
    [InlineData(@"NT AUTHORITY\Local Service", "S-1-5-19", true)]      // services.msc's spelling
    [InlineData(@"NT-MYNDIGHET\LocalService", "S-1-5-19", true)]       // Norwegian authority
    [InlineData(@"NT-MYNDIGHET\Lokal tjeneste", "S-1-5-19", true)]     // Norwegian account
    [InlineData(@"NT-AUTORITÄT\LOKALER DIENST", "S-1-5-19", true)]     // German
    [InlineData(@"AUTORITE NT\SERVICE LOCAL", "S-1-5-19", true)]       // French
    // NetworkService likewise.
    [InlineData(@"NT AUTHORITY\NetworkService", "S-1-5-20", true)]
    [InlineData(@"NT AUTHORITY\Network Service", "S-1-5-20", true)]
    [InlineData(@"NT-MYNDIGHET\Nettverkstjeneste", "S-1-5-20", true)]  // Norwegian
    [InlineData(@"NT-AUTORITÄT\NETZWERKDIENST", "S-1-5-20", true)]     // German
    [InlineData(@"AUTORITÉ NT\Service réseau", "S-1-5-20", true)]      // French, with accent
    // Computed without lookup.
    [InlineData(@"NT SERVICE\TrustedInstaller", TrustedInstallerSid, true)]
    [InlineData(@"nt service\trustedinstaller", TrustedInstallerSid, true)]
    [InlineData(@"IIS AppPool\DefaultAppPool", DefaultAppPoolSid, true)]
    [InlineData(@"IIS APPPOOL\DefaultAppPool", DefaultAppPoolSid, true)]
    // A SID given directly is used as it is.
    [InlineData("S-1-5-21-1004336348-1177238915-682003330-1105",
        "S-1-5-21-1004336348-1177238915-682003330-1105", true)]
    // A lower-case "s" is upper-cased.
    [InlineData("s-1-5-21-1004336348-1177238915-682003330-1105",
        "S-1-5-21-1004336348-1177238915-682003330-1105", true)]
    [InlineData("S-1-5-18", "S-1-5-18", false)]
    public void Resolve_WellKnownForms_SidWithoutLookup(string objectName, string sid, bool needsGrant)
    {
        var faults = new FaultInjector();
        var lookup = new FakeAccountLookup(faults);

        var account = ServiceAccounts.Resolve("KPRService1", objectName, lookup);

        Assert.Equal(sid, account.Sid);
        Assert.Equal(needsGrant, account.NeedsGrant);
        Assert.Empty(faults.Calls);
    }

    [Theory]
    [InlineData(@"CONTOSO\svc-kpr")]         // domain user
    [InlineData(@"CONTOSO\gmsa-kpr$")]       // group managed service account
    [InlineData(@".\kprsvc")]                // local user: passed on with ".\", the adapter resolves "."
    [InlineData("svc-kpr@contoso.no")]       // user principal name
    [InlineData(@"NT-MYNDIGHET\IUSR")]       // localised authority, account not in our list: the machine knows
    public void Resolve_OtherAccounts_AskTheLookupWithTheNameAsGiven(string objectName)
    {
        var faults = new FaultInjector();
        var lookup = new FakeAccountLookup(faults);
        lookup.SidsByName[objectName] = "S-1-5-21-1004336348-1177238915-682003330-2001";

        var account = ServiceAccounts.Resolve("KPRService1", objectName, lookup);

        Assert.Equal(new AccountSid(objectName, "S-1-5-21-1004336348-1177238915-682003330-2001", true), account);
        Assert.Equal(new[] { "AccountLookup.TryGetSid " + objectName }, faults.Calls);
    }

    [Fact]
    public void Resolve_LookupGivesSystem_NoGrantNeeded()
    {
        var lookup = new FakeAccountLookup();
        lookup.SidsByName[@"NT-MYNDIGHET\LOKALSYSTEM"] = "S-1-5-18";

        var account = ServiceAccounts.Resolve("KPRService1", @"NT-MYNDIGHET\LOKALSYSTEM", lookup);

        Assert.False(account.NeedsGrant);
    }

    [Fact]
    public void Resolve_KeepsTheAccountNameForTheLog()
    {
        var account = ServiceAccounts.Resolve("KPRService1", @"  NT SERVICE\KPRService1 ", new FakeAccountLookup());

        Assert.Equal(@"NT SERVICE\KPRService1", account.AccountName);
        Assert.Equal(ServiceAccounts.VirtualAccountSid("KPRService1"), account.Sid);
    }
}
