using CertDeploy.Core.Targets;
using CertDeploy.Core.Tests.Doubles;
using Xunit;

namespace CertDeploy.Core.Tests.Breaking.Round5;

/// <summary>ObjectName forms as a Norwegian Windows writes them, translated without a lookup.</summary>
public class AccountFormTests
{
    [Theory]
    // Norwegian Windows, upper case as services.msc shows it: LocalService.
    [InlineData(@"NT-MYNDIGHET\LOKAL TJENESTE", "S-1-5-19", true)]
    // Norwegian Windows: NetworkService.
    [InlineData(@"NT-MYNDIGHET\NETTVERKSTJENESTE", "S-1-5-20", true)]
    // Norwegian Windows: SYSTEM keeps its English name and needs no grant.
    [InlineData(@"NT-MYNDIGHET\SYSTEM", "S-1-5-18", false)]
    // A SID of LocalSystem written in lower case.
    [InlineData("s-1-5-18", "S-1-5-18", false)]
    // The virtual account whose SID DOMAIN.md gives, in other case.
    [InlineData(@"nt service\trustedinstaller",
        "S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464", true)]
    public void Resolve_LocalisedAndOddCaseForms_KnownSidWithoutLookup(string objectName, string sid,
        bool needsGrant)
    {
        var lookup = new FakeAccountLookup();

        var account = ServiceAccounts.Resolve("KPRService1", objectName, lookup);

        Assert.Equal(sid, account.Sid);
        Assert.Equal(needsGrant, account.NeedsGrant);
    }
}
