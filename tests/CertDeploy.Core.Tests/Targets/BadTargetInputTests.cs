using System;
using System.Linq;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Targets;
using CertDeploy.Core.Tests.Doubles;
using Xunit;

namespace CertDeploy.Core.Tests.Targets;

/// <summary>Every bad ImagePath, ObjectName and pattern gets an error that names it and says what to do.</summary>
public class BadTargetInputTests
{
    private const string Prefix = "Service KPRService1: cannot find the program in ImagePath ";

    [Theory]
    // Nothing at all.
    [InlineData("", @""""": the value is empty. Set the service's ImagePath to the full path of its program.")]
    // Blanks only.
    [InlineData("   ", @"""   "": the value is empty. Set the service's ImagePath to the full path of its program.")]
    // Opening quote without its closing quote.
    [InlineData(@"""C:\Program Files\KPR\KPR.exe -x",
        @"""""C:\Program Files\KPR\KPR.exe -x"": the closing quote is missing. Enclose the program's path in a pair of double quotes.")]
    // Relative, unquoted: a service starts in System32, not in its folder.
    [InlineData("KPR.exe -x",
        @"""KPR.exe -x"": ""KPR.exe"" is not a full path. Write the full path (for example C:\Program Files\...) in the service's ImagePath.")]
    // Relative, quoted.
    [InlineData(@"""KPR\KPR.exe""",
        @"""""KPR\KPR.exe"""": ""KPR\KPR.exe"" is not a full path. Write the full path (for example C:\Program Files\...) in the service's ImagePath.")]
    // Drive-relative: "C:" without a separator.
    [InlineData(@"C:KPR\KPR.exe",
        @"""C:KPR\KPR.exe"": ""C:KPR\KPR.exe"" is not a full path. Write the full path (for example C:\Program Files\...) in the service's ImagePath.")]
    // Unquoted with spaces and nothing found: every candidate listed.
    [InlineData(@"C:\Program Files\KPR\Missing.exe -x",
        @"""C:\Program Files\KPR\Missing.exe -x"": none of C:\Program.exe, C:\Program Files\KPR\Missing.exe, "
        + @"C:\Program Files\KPR\Missing.exe -x exists. Check that the service is installed there; a path with spaces should be enclosed in double quotes.")]
    // Unquoted without spaces, missing.
    [InlineData(@"D:\KPR\Missing.exe",
        @"""D:\KPR\Missing.exe"": D:\KPR\Missing.exe does not exist. Check that the service is installed there.")]
    // A variable the machine does not have, at the start.
    [InlineData(@"%KPR_HOME%\KPR.exe -x",
        @"""%KPR_HOME%\KPR.exe -x"": the variable %KPR_HOME% is not set on this machine. Set it, or write the full path in the service's ImagePath.")]
    // A variable the machine does not have, inside a rooted path.
    [InlineData(@"""C:\%KPR_DIR%\KPR.exe""",
        @"""""C:\%KPR_DIR%\KPR.exe"""": the variable %KPR_DIR% is not set on this machine. Set it, or write the full path in the service's ImagePath.")]
    // dotnet.exe alone.
    [InlineData(@"""C:\Program Files\dotnet\dotnet.exe""",
        @"""""C:\Program Files\dotnet\dotnet.exe"""": dotnet.exe is started without the service's .dll. Put the full path of the service's .dll after dotnet.exe.")]
    // dotnet with options only.
    [InlineData("dotnet exec --roll-forward Major",
        @"""dotnet exec --roll-forward Major"": dotnet.exe is started without the service's .dll. Put the full path of the service's .dll after dotnet.exe.")]
    // dotnet with an unquoted .dll path that has spaces: dotnet sees "C:\Program".
    [InlineData(@"dotnet C:\Program Files\DigiHelse\DigiHelse.Api.dll",
        @"""dotnet C:\Program Files\DigiHelse\DigiHelse.Api.dll"": dotnet.exe is started with ""C:\Program"" where the service's .dll should be. "
        + "Put the full path of the .dll after dotnet.exe, in double quotes if it contains spaces.")]
    // dotnet with a relative .dll.
    [InlineData("dotnet KPR.Api.dll",
        @"""dotnet KPR.Api.dll"": ""KPR.Api.dll"" is not a full path. Write the full path (for example C:\Program Files\...) in the service's ImagePath.")]
    // dotnet with a .dll that is not there.
    [InlineData(@"dotnet ""D:\KPR\Missing.dll""",
        @"""dotnet ""D:\KPR\Missing.dll"""": D:\KPR\Missing.dll does not exist. Check that the service is installed there.")]
    public void ApplicationFolder_BadImagePath_ExactMessage(string imagePath, string expectedAfterPrefix)
    {
        var error = Assert.Throws<CertDeployException>(() => ImagePaths.ApplicationFolder(
            "KPRService1", imagePath, ImagePathsTests.Environment(), ImagePathsTests.InstalledFiles()));

        Assert.Equal(Prefix + expectedAfterPrefix, error.Message);
    }

    [Theory]
    // Unknown domain account.
    [InlineData(@"CONTOSO\svc-kpr", null,
        @"Service KPRService1 runs as ""CONTOSO\svc-kpr"", which Windows cannot translate to a security identifier. "
        + "Check that the account exists and that this machine can reach its domain, or give the service another account in services.msc.")]
    // Unknown local account.
    [InlineData(@".\kprsvc", null,
        @"Service KPRService1 runs as "".\kprsvc"", which Windows cannot translate to a security identifier. "
        + "Check that the account exists and that this machine can reach its domain, or give the service another account in services.msc.")]
    // Everyone, found through the lookup.
    [InlineData("Everyone", "S-1-1-0",
        @"Service KPRService1 runs as ""Everyone"", which is the group Everyone (S-1-1-0): CertDeploy never gives a group that wide "
        + @"access to the private keys. Run the service under its own account, for example NT SERVICE\KPRService1.")]
    // Users, given as a SID.
    [InlineData("S-1-5-32-545", null,
        @"Service KPRService1 runs as ""S-1-5-32-545"", which is the group Users (S-1-5-32-545): CertDeploy never gives a group that wide "
        + @"access to the private keys. Run the service under its own account, for example NT SERVICE\KPRService1.")]
    // Authenticated Users under the localised authority name.
    [InlineData(@"NT-MYNDIGHET\Godkjente brukere", "S-1-5-11",
        @"Service KPRService1 runs as ""NT-MYNDIGHET\Godkjente brukere"", which is the group Authenticated Users (S-1-5-11): CertDeploy "
        + @"never gives a group that wide access to the private keys. Run the service under its own account, for example NT SERVICE\KPRService1.")]
    // Domain Users of a domain (relative identifier 513).
    [InlineData(@"CONTOSO\Domain Users", "S-1-5-21-1004336348-1177238915-682003330-513",
        @"Service KPRService1 runs as ""CONTOSO\Domain Users"", which is the group Domain Users (S-1-5-21-1004336348-1177238915-682003330-513): "
        + @"CertDeploy never gives a group that wide access to the private keys. Run the service under its own account, for example NT SERVICE\KPRService1.")]
    // Looks like a SID but is not one.
    [InlineData("S-1-5-abc", null,
        @"Service KPRService1 runs as ""S-1-5-abc"", which looks like a security identifier but is not a valid one. "
        + "Give the service a valid account in services.msc.")]
    // Virtual account without its name.
    [InlineData(@"NT SERVICE\", null,
        @"Service KPRService1 runs as ""NT SERVICE\"", which names no account after NT SERVICE\. Give the service a complete account name in services.msc.")]
    // Pool identity without the pool.
    [InlineData(@"IIS AppPool\ ", null,
        @"Service KPRService1 runs as ""IIS AppPool\"", which names no account after IIS AppPool\. Give the service a complete account name in services.msc.")]
    public void Resolve_BadObjectName_ExactMessage(string objectName, string? sidFromLookup, string expected)
    {
        var lookup = new FakeAccountLookup();
        if (sidFromLookup != null)
        {
            lookup.SidsByName[objectName] = sidFromLookup;
        }

        var error = Assert.Throws<CertDeployException>(() => ServiceAccounts.Resolve("KPRService1", objectName, lookup));

        Assert.Equal(expected, error.Message);
    }

    [Theory]
    // A path given where a name belongs.
    [InlineData(@"KPR*;C:\Program Files\KPR",
        @"Service pattern ""C:\Program Files\KPR"" in CERTDEPLOY_SERVICES contains ""\"", which cannot be part of a service name. "
        + "Give service names (not paths) separated by semicolons, for example KPR*;DigiHelse*.")]
    // A forward slash.
    [InlineData("KPR/1",
        @"Service pattern ""KPR/1"" in CERTDEPLOY_SERVICES contains ""/"", which cannot be part of a service name. "
        + "Give service names (not paths) separated by semicolons, for example KPR*;DigiHelse*.")]
    // A lone star would choose every service on the machine.
    [InlineData("KPR*; * ",
        @"Service pattern ""*"" in CERTDEPLOY_SERVICES matches every service on the machine. Name the services to configure, "
        + "for example KPR*;DigiHelse*.")]
    // Wildcards only, mixed.
    [InlineData("?*",
        @"Service pattern ""?*"" in CERTDEPLOY_SERVICES matches every service on the machine. Name the services to configure, "
        + "for example KPR*;DigiHelse*.")]
    public void Parse_BadPattern_ExactMessage(string value, string expected)
    {
        var error = Assert.Throws<CertDeployException>(() => ServicePatterns.Parse(value));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void Parse_SeveralBadPatterns_AllReported()
    {
        var error = Assert.Throws<CertDeployException>(() => ServicePatterns.Parse(@"KPR*;*;Digi\Helse"));

        Assert.Equal(new[] { "ServicePatternInvalid", "ServicePatternInvalid" }, error.Findings.Select(f => f.Code));
        Assert.Equal(new[] { @"Service pattern ""*""", @"Service pattern ""Digi\Helse""" },
            error.Findings.Select(f => f.Message.Substring(0, f.Message.IndexOf(" in ", StringComparison.Ordinal))));
    }
}
