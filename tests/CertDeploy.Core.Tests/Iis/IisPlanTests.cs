using System;
using System.Collections.Generic;
using System.Linq;
using CertDeploy.Core.Planning;
using CertDeploy.Core.Targets;
using Xunit;

namespace CertDeploy.Core.Tests.Iis;

public class IisPlanTests
{
    private const string Signing = "0123456789ABCDEF0123456789ABCDEF01234567";
    private const string Encryption = "89ABCDEF0123456789ABCDEF0123456789ABCDEF";

    [Fact]
    public void SerializeParse_PoolBesideServiceOfTheSameName_KindsSurvive()
    {
        var plan = Plan(
            new ServiceRestart("Authentication", new List<string>()),
            ServiceRestart.ForApplicationPool("Authentication"),
            ServiceRestart.ForApplicationPool("Kjerne journal, æøå"));

        var parsed = DeploymentPlan.Parse(plan.Serialize());

        Assert.Equal(
            new[]
            {
                (RestartKind.Service, "Authentication", (string?)null),
                (RestartKind.ApplicationPool, @"IIS AppPool\Authentication", "Authentication"),
                (RestartKind.ApplicationPool, @"IIS AppPool\Kjerne journal, æøå", "Kjerne journal, æøå"),
            },
            parsed.Restarts.Select(r => (r.Kind, r.ServiceName, r.PoolName)));
        Assert.Equal(plan.FileChanges, parsed.FileChanges);
        Assert.Equal(plan.KeyGrants, parsed.KeyGrants);
    }

    [Fact]
    public void Summary_IisTarget_ShownLikeAServiceWithItsPool()
    {
        var summary = Plan(ServiceRestart.ForApplicationPool("Authentication")).Summary();

        Assert.Contains(@"    C:\inetpub\Authentication\appsettings.json (IIS application pool Authentication)",
            summary, StringComparison.Ordinal);
        Assert.Contains($"-> IIS AppPool\\Authentication ({ServiceAccounts.AppPoolSid("Authentication")}), IIS "
            + "application pool Authentication", summary, StringComparison.Ordinal);
        Assert.Contains("    IIS application pool Authentication (recycled; left stopped if stopped)", summary,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(@"IIS AppPool\Auth", true, "Auth")]     // the pool's account name
    [InlineData(@"iis apppool\Auth", true, "Auth")]     // case as Windows ignores it
    [InlineData(@"IIS AppPool\", false, "")]            // no pool after the prefix
    [InlineData("Authentication", false, "")]           // a service
    public void TargetNames_TryGetPool_Rows(string name, bool isPool, string pool)
    {
        Assert.Equal((isPool, pool), (TargetNames.TryGetPool(name, out var found), found));
    }

    private static DeploymentPlan Plan(params ServiceRestart[] restarts)
    {
        var owner = TargetNames.ApplicationPool("Authentication");
        return new DeploymentPlan("20261204T120000Z-3f2a9c1b", @"C:\ProgramData\CertDeploy\Backups\x", Signing,
            Encryption,
            new[] { new FileChange(@"C:\inetpub\Authentication\appsettings.json", owner, null, Signing, null,
                Encryption) },
            new[] { new KeyGrant(@"C:\ProgramData\Microsoft\Crypto\Keys\k", Signing, owner, owner,
                ServiceAccounts.AppPoolSid("Authentication")) },
            restarts, true, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(5), Array.Empty<string>());
    }
}
