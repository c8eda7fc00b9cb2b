using System;
using System.IO;
using System.Linq;
using CertDeploy.Core.Configuration;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Iis;
using CertDeploy.Core.Ports;
using CertDeploy.Core.Targets;
using CertDeploy.Core.Tests.Targets;
using Xunit;

namespace CertDeploy.Core.Tests.Iis;

public class IisDiscoveryTests
{
    private static readonly PhysicalFileSystem Files = new();

    [Fact]
    public void Discover_DefaultPatterns_FindsKjernejournalKprAndDigiHelseApplicationsOnly()
    {
        using var server = new IisServer();

        var result = Discover(server, IisPatterns.Default, patternsGiven: false);

        Assert.Equal(
            new[] { "Default Web Site/Authentication", "CosDoc", "CosDoc/api/DigiHelse" },
            result.Targets.Select(t => t.Application.FullName));
        Assert.True(result.IisInstalled);
        Assert.Contains(server.Log.At(LogLevel.Verbose), l => l ==
            "IIS application Intranet (application pool Intranet) matches none of "
            + "KPR*;DigiHelse*;Authentication;CosDocAuthServer; passed over");
        Assert.Contains(server.Log.At(LogLevel.Verbose), l => l.StartsWith(
            "IIS application Default Web Site (application pool DefaultAppPool) matches none",
            StringComparison.Ordinal));
    }

    [Fact]
    public void Discover_ApplicationPoolIdentity_IsThePoolsVirtualAccountWithComputedSid()
    {
        using var server = new IisServer();

        var target = Discover(server, IisPatterns.Default, false).Targets
            .Single(t => t.Application.Path == "/Authentication");

        Assert.Equal(new AccountSid(@"IIS AppPool\Authentication", ServiceAccounts.AppPoolSid("Authentication"), true),
            target.Account);
        Assert.Equal(server.DrivePath(@"inetpub\Authentication"), target.ApplicationFolder);
        Assert.Equal(@"IIS AppPool\Authentication", target.TargetName);
        Assert.Equal("IIS application Default Web Site/Authentication (application pool Authentication)",
            target.Description);
    }

    [Fact]
    public void Discover_DefaultAppPool_GivesTheSidWindowsGivesIt()
    {
        using var server = new IisServer();

        var target = Discover(server, new[] { "Default Web Site" }, true).Targets.Single();

        Assert.Equal("/", target.Application.Path);
        Assert.Equal(ServiceAccountsTests.DefaultAppPoolSid, target.Account.Sid);
        Assert.Equal(server.DrivePath(@"inetpub\wwwroot"), target.ApplicationFolder);
    }

    [Fact]
    public void Discover_NetworkServiceAndNamedUserPools_ResolveThroughServiceAccounts()
    {
        using var server = new IisServer();

        var targets = Discover(server, IisPatterns.Default, false).Targets;

        var kpr = targets.Single(t => t.Application.PoolName == "KPRWeb");
        Assert.Equal(new AccountSid(@"NT AUTHORITY\NetworkService", "S-1-5-20", true), kpr.Account);
        Assert.Equal(server.DrivePath(@"CosDoc\KPRWeb"), kpr.ApplicationFolder);
        var digiHelse = targets.Single(t => t.Application.PoolName == "DigiHelseWeb");
        Assert.Equal(new AccountSid(IisServer.SpecificUser, IisServer.SpecificUserSid, true), digiHelse.Account);
        // The trailing backslash of the physical path is dropped.
        Assert.Equal(server.DrivePath(@"CosDoc\DigiHelse"), digiHelse.ApplicationFolder);
    }

    [Fact]
    public void Discover_MissingPhysicalFolder_IsAnErrorNamingSiteApplicationAndPath()
    {
        using var server = new IisServer();

        var result = Discover(server, IisPatterns.Default, false);

        var finding = Assert.Single(result.Findings);
        Assert.True(finding.IsError);
        Assert.Equal("IisPhysicalPathMissing", finding.Code);
        Assert.Equal("IIS application CosDoc/api/DigiHelse/Archive (site CosDoc, path /api/DigiHelse/Archive) "
            + @"has the physical path %SystemDrive%\CosDoc\Archive, and the folder "
            + server.DrivePath(@"CosDoc\Archive") + " does not exist. Correct the physical path in IIS "
            + "Manager, or leave the application out of CERTDEPLOY_IIS_APPS.", finding.Message);
        Assert.DoesNotContain(result.Targets, t => t.Application.Path.EndsWith("Archive", StringComparison.Ordinal));
    }

    [Fact]
    public void Discover_EnvironmentFromPoolAndWebConfig_WebConfigWinsInConfigLayers()
    {
        using var server = new IisServer();
        var folder = server.DrivePath(@"inetpub\Authentication");
        File.WriteAllText(Path.Combine(folder, "web.config"), IisServer.WebConfigText);
        File.WriteAllText(Path.Combine(folder, "appsettings.json"),
            "{ \"CertSettings\": { \"SigningThumbprint\": \"\", \"EncryptionThumbprint\": \"\" } }");
        File.WriteAllText(Path.Combine(folder, "appsettings.Kjernejournal.json"),
            "{ \"CertSettings\": { \"SigningThumbprint\": \"\" } }");

        var target = Discover(server, new[] { "Authentication" }, true).Targets.Single();
        var layout = ConfigLayers.Resolve(target.ApplicationFolder, target.Description, target.Environment,
            server.Environment, Files);

        Assert.Equal(new[]
        {
            "ASPNETCORE_ENVIRONMENT=Staging", "Kjernejournal__Mode=Test", "ASPNETCORE_ENVIRONMENT=Kjernejournal",
        }, target.Environment);
        Assert.Equal(new[] { "Kjernejournal", "Production" }, layout.EnvironmentNames);
        Assert.Equal(new[]
        {
            Path.Combine(folder, "appsettings.json"), Path.Combine(folder, "appsettings.Kjernejournal.json"),
        }, layout.FilesToUpdate);
    }

    [Fact]
    public void Discover_MalformedWebConfig_IsAnErrorWithLineAndColumn()
    {
        using var server = new IisServer();
        var webConfig = Path.Combine(server.DrivePath(@"inetpub\Authentication"), "web.config");
        File.WriteAllText(webConfig, "<configuration>\n  <system.webServer>\n</configuration>\n");

        var result = Discover(server, new[] { "Authentication" }, true);

        Assert.Empty(result.Targets);
        var finding = Assert.Single(result.Findings);
        Assert.Equal("WebConfigMalformed", finding.Code);
        Assert.StartsWith("IIS application Default Web Site/Authentication (site Default Web Site, path "
            + "/Authentication): The web.config " + webConfig + " is not valid XML at line 3, column 3: ",
            finding.Message);
    }

    [Fact]
    public void Discover_MalformedApplicationHost_ReportsLineAndColumnAndChangesNothing()
    {
        using var server = new IisServer(IisServer.ApplicationHost.Replace(
            "<add name=\"KPRWeb\" managedRuntimeVersion=\"\">", "<add name=\"KPRWeb\" managedRuntimeVersion=\"\"",
            StringComparison.Ordinal));
        var before = File.ReadAllBytes(server.ConfigPath);

        var result = Discover(server, IisPatterns.Default, false);

        Assert.Empty(result.Targets);
        var finding = Assert.Single(result.Findings);
        Assert.True(finding.IsError);
        Assert.Equal("IisConfigMalformed", finding.Code);
        // The unclosed start tag of pool KPRWeb on line 30 shows where the next tag begins.
        Assert.Equal($"The IIS configuration {server.ConfigPath} is not valid XML at line 31, column 17: Name "
            + "cannot begin with the '<' character, hexadecimal value 0x3C. Correct the file (IIS itself cannot "
            + "read it either). Nothing was changed.", finding.Message);
        Assert.Equal(before, File.ReadAllBytes(server.ConfigPath));
    }

    [Fact]
    public void Discover_NoIis_NoTargetAndAWarningOnlyWhenPatternsWereGiven()
    {
        using var server = new IisServer(applicationHost: null);

        var quiet = Discover(server, IisPatterns.Default, patternsGiven: false);
        var given = Discover(server, new[] { "Authentication" }, patternsGiven: true);

        Assert.False(quiet.IisInstalled);
        Assert.Empty(quiet.Targets);
        Assert.Empty(quiet.Findings);
        var warning = Assert.Single(given.Findings);
        Assert.False(warning.IsError);
        Assert.Equal("CERTDEPLOY_IIS_APPS names IIS applications (Authentication), but IIS is not installed "
            + $"on this machine: there is no {server.Environment.Variables["windir"]}"
            + @"\System32\inetsrv\config\applicationHost.config.", warning.Message);
    }

    [Fact]
    public void Discover_GivenPatternMatchingNothing_IsAWarning()
    {
        using var server = new IisServer();

        var result = Discover(server, new[] { "Authentication", "Kjernejournal*" }, true);

        Assert.Single(result.Targets);
        var warning = Assert.Single(result.Findings);
        Assert.Equal($"IIS application pattern \"Kjernejournal*\" matches no application in {server.ConfigPath}.",
            warning.Message);
    }

    [Fact]
    public void Discover_PoolMissingOrWithoutUser_EachReportedOnceAndOthersResolved()
    {
        using var server = new IisServer(IisServer.ApplicationHost
            .Replace("applicationPool=\"KPRWeb\"", "applicationPool=\"KPRGone\"", StringComparison.Ordinal)
            .Replace(" userName=\"CONTOSO\\svc-digihelse\"", "", StringComparison.Ordinal));
        Directory.CreateDirectory(server.DrivePath(@"CosDoc\Archive"));

        var result = Discover(server, IisPatterns.Default, false);

        Assert.Equal(new[] { "Default Web Site/Authentication" }, result.Targets.Select(t => t.Application.FullName));
        Assert.Equal(new[]
        {
            "IIS application CosDoc (site CosDoc, path /) runs in application pool KPRGone, which "
                + $"{server.ConfigPath} does not define. Choose an existing pool for it in IIS Manager.",
            "Application pool DigiHelseWeb runs as a specific user but names none. Set its identity in IIS "
                + "Manager (Application Pools, Advanced Settings, Identity).",
        }, result.Findings.Select(f => f.Message));
    }

    [Fact]
    public void Discover_UnknownNamedUser_NamesThePoolAndTheUser()
    {
        using var server = new IisServer();
        server.Accounts.SidsByName.Clear();

        var result = Discover(server, new[] { "DigiHelseWeb" }, true);

        Assert.Equal("IisPoolAccount", result.Findings[0].Code);
        Assert.StartsWith("Application pool DigiHelseWeb runs as \"CONTOSO\\svc-digihelse\", which CertDeploy "
            + "cannot use: ", result.Findings[0].Message);
    }

    [Fact]
    public void CurrentPoolAccount_IdentityChangedAfterPlanning_GivesTheNewAccount()
    {
        using var server = new IisServer();
        server.WriteApplicationHost(IisServer.ApplicationHost.Replace(
            "<processModel identityType=\"NetworkService\" />", "<processModel identityType=\"LocalService\" />",
            StringComparison.Ordinal));

        var account = IisDiscovery.CurrentPoolAccount("kprweb", server.Accounts, server.Environment, Files);

        Assert.Equal("S-1-5-19", account.Sid);
        var gone = Assert.Throws<CertDeploy.Core.Diagnostics.CertDeployException>(() =>
            IisDiscovery.CurrentPoolAccount("Gone", server.Accounts, server.Environment, Files));
        Assert.Equal($"Application pool Gone no longer exists in {server.ConfigPath}; it did when the changes "
            + "were planned. Run CertDeploy again so that the plan is made anew.", gone.Message);
    }

    private static IisDiscoveryResult Discover(
        IisServer server, System.Collections.Generic.IReadOnlyList<string> patterns, bool patternsGiven) =>
        IisDiscovery.Discover(patterns, patternsGiven, server.Accounts, server.Environment, Files, server.Log);
}
