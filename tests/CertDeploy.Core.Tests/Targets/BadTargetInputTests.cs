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
    private const string Empty = "the value is empty. Set the service's ImagePath to the full path of its program.";
    private const string NotFull =
        @"is not a full path. Write the full path (for example C:\Program Files\...) in the service's ImagePath.";
    private const string NotInstalled = "does not exist. Check that the service is installed there.";
    private const string NotSet =
        "is not set on this machine. Set it, or write the full path in the service's ImagePath.";
    private const string NoDll =
        "dotnet.exe is started without the service's .dll. Put the full path of the service's .dll after dotnet.exe.";

    private const string Untranslatable = "which Windows cannot translate to a security identifier. Check that the "
        + "account exists and that this machine can reach its domain, or give the service another account in "
        + "services.msc.";
    private const string TooWide = "CertDeploy never gives a group that wide access to the private keys. Run the "
        + @"service under its own account, for example NT SERVICE\KPRService1.";
    private const string Incomplete = "Give the service a complete account name in services.msc.";

    private const string NotAName = "which cannot be part of a service name. Give service names (not paths) "
        + "separated by semicolons, for example KPR*;DigiHelse*.";
    private const string Everything =
        "matches every service on the machine. Name the services to configure, for example KPR*;DigiHelse*.";

    public static TheoryData<string, string> BadImagePaths => new()
    {
        // Nothing at all.
        { "", "\"\": " + Empty },
        // Blanks only.
        { "   ", "\"   \": " + Empty },
        // Opening quote without its closing quote.
        {
            @"""C:\Program Files\KPR\KPR.exe -x",
            @"""""C:\Program Files\KPR\KPR.exe -x"": the closing quote is missing. "
                + "Enclose the program's path in a pair of double quotes."
        },
        // Relative, unquoted: a service starts in System32, not in its folder.
        { "KPR.exe -x", @"""KPR.exe -x"": ""KPR.exe"" " + NotFull },
        // Relative, quoted.
        { @"""KPR\KPR.exe""", @"""""KPR\KPR.exe"""": ""KPR\KPR.exe"" " + NotFull },
        // Drive-relative: "C:" without a separator.
        { @"C:KPR\KPR.exe", @"""C:KPR\KPR.exe"": ""C:KPR\KPR.exe"" " + NotFull },
        // Unquoted with spaces and nothing found: every candidate listed, in the order tried.
        {
            @"C:\Program Files\KPR\Missing.exe -x",
            @"""C:\Program Files\KPR\Missing.exe -x"": none of C:\Program.exe, C:\Program Files\KPR\Missing.exe, "
                + @"C:\Program Files\KPR\Missing.exe -x exists. Check that the service is installed there; "
                + "a path with spaces should be enclosed in double quotes."
        },
        // Unquoted without spaces, missing.
        { @"D:\KPR\Missing.exe", @"""D:\KPR\Missing.exe"": D:\KPR\Missing.exe " + NotInstalled },
        // A variable the machine does not have, at the start.
        { @"%KPR_HOME%\KPR.exe -x", @"""%KPR_HOME%\KPR.exe -x"": the variable %KPR_HOME% " + NotSet },
        // A variable the machine does not have, inside a rooted path.
        { @"""C:\%KPR_DIR%\KPR.exe""", @"""""C:\%KPR_DIR%\KPR.exe"""": the variable %KPR_DIR% " + NotSet },
        // dotnet.exe alone.
        { @"""C:\Program Files\dotnet\dotnet.exe""", @"""""C:\Program Files\dotnet\dotnet.exe"""": " + NoDll },
        // dotnet with options only.
        { "dotnet exec --roll-forward Major", @"""dotnet exec --roll-forward Major"": " + NoDll },
        // dotnet with an unquoted .dll path that has spaces: dotnet itself would see "C:\Program".
        {
            @"dotnet C:\Program Files\DigiHelse\DigiHelse.Api.dll",
            @"""dotnet C:\Program Files\DigiHelse\DigiHelse.Api.dll"": dotnet.exe is started with ""C:\Program"" "
                + "where the service's .dll should be. Put the full path of the .dll after dotnet.exe, in double "
                + "quotes if it contains spaces."
        },
        // dotnet with a relative .dll.
        { "dotnet KPR.Api.dll", @"""dotnet KPR.Api.dll"": ""KPR.Api.dll"" " + NotFull },
        // dotnet with a .dll that is not there.
        { @"dotnet ""D:\KPR\Missing.dll""", @"""dotnet ""D:\KPR\Missing.dll"""": D:\KPR\Missing.dll " + NotInstalled },
    };

    public static TheoryData<string, string?, string> BadObjectNames => new()
    {
        // Unknown domain account.
        { @"CONTOSO\svc-kpr", null, @"Service KPRService1 runs as ""CONTOSO\svc-kpr"", " + Untranslatable },
        // Unknown local account.
        { @".\kprsvc", null, @"Service KPRService1 runs as "".\kprsvc"", " + Untranslatable },
        // Everyone, found through the lookup.
        {
            "Everyone", "S-1-1-0",
            @"Service KPRService1 runs as ""Everyone"", which is the group Everyone (S-1-1-0): " + TooWide
        },
        // Users, given as a SID.
        {
            "S-1-5-32-545", null,
            @"Service KPRService1 runs as ""S-1-5-32-545"", which is the group Users (S-1-5-32-545): " + TooWide
        },
        // Authenticated Users under the localised authority name.
        {
            @"NT-MYNDIGHET\Godkjente brukere", "S-1-5-11",
            @"Service KPRService1 runs as ""NT-MYNDIGHET\Godkjente brukere"", which is the group "
                + "Authenticated Users (S-1-5-11): " + TooWide
        },
        // Domain Users of a domain (relative identifier 513).
        {
            @"CONTOSO\Domain Users", "S-1-5-21-1004336348-1177238915-682003330-513",
            @"Service KPRService1 runs as ""CONTOSO\Domain Users"", which is the group Domain Users "
                + "(S-1-5-21-1004336348-1177238915-682003330-513): " + TooWide
        },
        // Looks like a SID but is not one.
        {
            "S-1-5-abc", null,
            @"Service KPRService1 runs as ""S-1-5-abc"", which looks like a security identifier but is not a "
                + "valid one. Give the service a valid account in services.msc."
        },
        // Virtual account without its name.
        {
            @"NT SERVICE\", null,
            @"Service KPRService1 runs as ""NT SERVICE\"", which names no account after NT SERVICE\. " + Incomplete
        },
        // Pool identity without the pool (the blank after it is trimmed).
        {
            @"IIS AppPool\ ", null,
            @"Service KPRService1 runs as ""IIS AppPool\"", which names no account after IIS AppPool\. " + Incomplete
        },
    };

    public static TheoryData<string, string> BadPatterns => new()
    {
        // A path given where a name belongs.
        {
            @"KPR*;C:\Program Files\KPR",
            @"Service pattern ""C:\Program Files\KPR"" in CERTDEPLOY_SERVICES contains ""\"", " + NotAName
        },
        // A forward slash.
        { "KPR/1", @"Service pattern ""KPR/1"" in CERTDEPLOY_SERVICES contains ""/"", " + NotAName },
        // A lone star (trimmed) would choose every service on the machine.
        { "KPR*; * ", @"Service pattern ""*"" in CERTDEPLOY_SERVICES " + Everything },
        // Wildcards only, mixed.
        { "?*", @"Service pattern ""?*"" in CERTDEPLOY_SERVICES " + Everything },
    };

    [Theory]
    [MemberData(nameof(BadImagePaths))]
    public void ApplicationFolder_BadImagePath_ExactMessage(string imagePath, string expectedAfterPrefix)
    {
        var error = Assert.Throws<CertDeployException>(() => ImagePaths.ApplicationFolder(
            "KPRService1", imagePath, ImagePathsTests.Environment(), ImagePathsTests.InstalledFiles()));

        Assert.Equal(Prefix + expectedAfterPrefix, error.Message);
    }

    [Theory]
    [MemberData(nameof(BadObjectNames))]
    public void Resolve_BadObjectName_ExactMessage(string objectName, string? sidFromLookup, string expected)
    {
        var lookup = new FakeAccountLookup();
        if (sidFromLookup != null)
        {
            lookup.SidsByName[objectName] = sidFromLookup;
        }

        var error = Assert.Throws<CertDeployException>(
            () => ServiceAccounts.Resolve("KPRService1", objectName, lookup));

        Assert.Equal(expected, error.Message);
    }

    [Theory]
    [MemberData(nameof(BadPatterns))]
    public void Parse_BadPattern_ExactMessage(string value, string expected)
    {
        var error = Assert.Throws<CertDeployException>(() => ServicePatterns.Parse(value));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void Parse_SeveralBadPatterns_AllReported()
    {
        var error = Assert.Throws<CertDeployException>(() => ServicePatterns.Parse(@"KPR*;*;Digi\Helse"));

        Assert.Equal(new[]
        {
            @"Service pattern ""*"" in CERTDEPLOY_SERVICES " + Everything,
            @"Service pattern ""Digi\Helse"" in CERTDEPLOY_SERVICES contains ""\"", " + NotAName,
        }, error.Findings.Select(f => f.Message));
        Assert.All(error.Findings, f => Assert.Equal("ServicePatternInvalid", f.Code));
    }
}
