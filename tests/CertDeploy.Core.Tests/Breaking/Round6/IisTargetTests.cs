using System;
using System.IO;
using System.Linq;
using System.Text;
using CertDeploy.Core.Ports;
using CertDeploy.Core.Iis;
using CertDeploy.Core.Tests.Iis;
using Xunit;

namespace CertDeploy.Core.Tests.Breaking.Round6;

/// <summary>
/// IIS configurations as they are found on servers that have been edited by hand, by appcmd and
/// by IIS Manager over the years.
/// </summary>
public class IisTargetTests
{
    private static readonly PhysicalFileSystem Files = new();

    private static IisDiscoveryResult Discover(IisServer server, params string[] patterns) =>
        IisDiscovery.Discover(patterns, true, server.Accounts, server.Environment, Files, server.Log);

    [Fact]
    public void Discover_PoolDefinedTwiceInDifferentCase_IsAnErrorNamingThePoolNotALastOneWinsGuess()
    {
        // IIS compares pool names case-insensitively and refuses a file that defines one twice
        // ("Cannot add duplicate collection entry"); which identity the worker runs as is then
        // unknown, so granting the key to either account is a guess.
        using var server = new IisServer(IisServer.ApplicationHost.Replace(
            "<add name=\"Intranet\" managedRuntimeVersion=\"v4.0\" />",
            "<add name=\"Intranet\" managedRuntimeVersion=\"v4.0\" />\r\n"
            + "<add name=\"AUTHENTICATION\"><processModel identityType=\"LocalSystem\" /></add>",
            StringComparison.Ordinal));

        var result = Discover(server, "Authentication");

        Assert.Empty(result.Targets);
        Assert.Contains(result.Findings, f => f.IsError
            && f.Message.Contains("AUTHENTICATION", StringComparison.Ordinal)
            && f.Message.Contains(server.ConfigPath, StringComparison.Ordinal));
    }

    [Fact]
    public void Discover_SiteNamedTwiceInDifferentCase_IsAnErrorNamingTheSite()
    {
        // IIS refuses two sites whose names differ only in case; the second would be a copy left
        // by a hand edit, and configuring both folders writes to a folder no site serves.
        using var server = new IisServer(IisServer.ApplicationHost.Replace(
            "<site name=\"Intranet\" id=\"3\">",
            """
            <site name="COSDOC" id="4">
                <application path="/" applicationPool="KPRWeb">
                    <virtualDirectory path="/" physicalPath="%SystemDrive%\inetpub\intranet" />
                </application>
            </site>
            <site name="Intranet" id="3">
            """, StringComparison.Ordinal));

        var result = Discover(server, "CosDoc");

        Assert.Contains(result.Findings, f => f.IsError
            && f.Message.Contains("COSDOC", StringComparison.Ordinal)
            && f.Message.Contains(server.ConfigPath, StringComparison.Ordinal));
        Assert.DoesNotContain(result.Targets, t => t.ApplicationFolder == server.DrivePath(@"inetpub\intranet"));
    }

    [Fact]
    public void Discover_EnvironmentSetForTheApplicationInApplicationHostLocation_IsItsEnvironment()
    {
        // appcmd set config "Default Web Site/Authentication" -section:system.webServer/aspNetCore
        // /+"environmentVariables.[name='ASPNETCORE_ENVIRONMENT',value='Kjernejournal']"
        // /commit:apphost writes this; the module merges it with web.config's entries.
        using var server = new IisServer(IisServer.ApplicationHost.Replace("</configuration>", """
                <location path="Default Web Site/Authentication">
                    <system.webServer>
                        <aspNetCore>
                            <environmentVariables>
                                <environmentVariable name="ASPNETCORE_ENVIRONMENT" value="Kjernejournal" />
                            </environmentVariables>
                        </aspNetCore>
                    </system.webServer>
                </location>
            </configuration>
            """, StringComparison.Ordinal));

        var target = Assert.Single(Discover(server, "Authentication").Targets);

        Assert.Equal("ASPNETCORE_ENVIRONMENT=Kjernejournal", target.Environment.Last());
    }

    [Fact]
    public void Discover_WebConfigLocationForASubFolder_DoesNotSetTheApplicationsEnvironment()
    {
        // A location path="admin" applies to requests below /admin only; the process the module
        // starts for the application gets the entries of the application's own level.
        using var server = new IisServer();
        File.WriteAllText(Path.Combine(server.DrivePath(@"inetpub\Authentication"), "web.config"), """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <location path="admin">
                <system.webServer>
                  <aspNetCore processPath=".\Authentication.exe">
                    <environmentVariables>
                      <environmentVariable name="ASPNETCORE_ENVIRONMENT" value="AdminOnly" />
                    </environmentVariables>
                  </aspNetCore>
                </system.webServer>
              </location>
            </configuration>
            """);

        var target = Assert.Single(Discover(server, "Authentication").Targets);

        Assert.DoesNotContain("ASPNETCORE_ENVIRONMENT=AdminOnly", target.Environment);
    }

    [Theory]
    // UTF-16 little endian with its byte order mark, as Notepad's "Unicode" writes it.
    [InlineData("utf-16le-bom")]
    // UTF-16 big endian with its byte order mark.
    [InlineData("utf-16be-bom")]
    // UTF-16 without byte order mark: only the declaration and the zero bytes tell.
    [InlineData("utf-16le")]
    // UTF-8 with BOM and CRLF, as Visual Studio writes it.
    [InlineData("utf-8-bom")]
    public void Discover_WebConfigInAnotherEncoding_EnvironmentStillRead(string encodingName)
    {
        using var server = new IisServer();
        var text = IisServer.WebConfigText.Replace("encoding=\"utf-8\"",
            encodingName.StartsWith("utf-16", StringComparison.Ordinal) ? "encoding=\"utf-16\"" : "encoding=\"utf-8\"",
            StringComparison.Ordinal).ReplaceLineEndings("\r\n");
        byte[] bytes = encodingName switch
        {
            "utf-16le-bom" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
            "utf-16be-bom" => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)],
            "utf-16le" => Encoding.Unicode.GetBytes(text),
            _ => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)],
        };
        File.WriteAllBytes(Path.Combine(server.DrivePath(@"inetpub\Authentication"), "web.config"), bytes);

        var result = Discover(server, "Authentication");

        Assert.Empty(result.Findings);
        Assert.Equal("ASPNETCORE_ENVIRONMENT=Kjernejournal", Assert.Single(result.Targets).Environment.Last());
    }

    [Fact]
    public void Discover_WebConfigDeclaresUtf16ButIsUtf8_IsAnErrorNamingTheFile()
    {
        // A web.config edited in a tool that kept the declaration but saved UTF-8: IIS cannot read
        // it either. The finding names the application and the file, and nothing is guessed.
        using var server = new IisServer();
        var webConfig = Path.Combine(server.DrivePath(@"inetpub\Authentication"), "web.config");
        File.WriteAllText(webConfig, IisServer.WebConfigText.Replace("encoding=\"utf-8\"", "encoding=\"utf-16\"",
            StringComparison.Ordinal), new UTF8Encoding(false));

        var result = Discover(server, "Authentication");

        Assert.Empty(result.Targets);
        var finding = Assert.Single(result.Findings);
        Assert.Equal("WebConfigMalformed", finding.Code);
        Assert.StartsWith("IIS application Default Web Site/Authentication (site Default Web Site, path "
            + "/Authentication): The web.config " + webConfig + " is not valid XML", finding.Message);
        Assert.EndsWith("Correct the file (IIS itself cannot read it either). Nothing was changed.", finding.Message);
    }

    [Fact]
    public void Discover_PhysicalPathWithAVariableOnlyTheInstallingUserHas_NamesPathAndExpansion()
    {
        // %COSDOC_HOME% set for the administrator's session but not for the machine: IIS's worker
        // cannot expand it either.
        using var server = new IisServer(IisServer.ApplicationHost.Replace(
            @"physicalPath=""%SystemDrive%\inetpub\Authentication""", @"physicalPath=""%COSDOC_HOME%\Authentication\""",
            StringComparison.Ordinal));

        var result = Discover(server, "Authentication");

        Assert.Empty(result.Targets);
        var finding = Assert.Single(result.Findings);
        Assert.Equal("IisPhysicalPathInvalid", finding.Code);
        Assert.Equal("IIS application Default Web Site/Authentication (site Default Web Site, path "
            + "/Authentication) has the physical path \"%COSDOC_HOME%\\Authentication\\\", which is not a full "
            + "path once expanded (\"%COSDOC_HOME%\\Authentication\\\"). Set a full path in IIS Manager, or "
            + "define the variable it uses for the whole machine.", finding.Message);
    }

    [Fact]
    public void Discover_SpecificUserOnlyInPoolDefaults_PoolRunsAsThatDomainUser()
    {
        // IIS Manager's "Set Application Pool Defaults" writes the identity into the defaults;
        // the pool element then carries no processModel at all.
        using var server = new IisServer(IisServer.ApplicationHost
            .Replace("<processModel identityType=\"ApplicationPoolIdentity\" />",
                "<processModel identityType=\"SpecificUser\" userName=\"CONTOSO\\svc-digihelse\" />",
                StringComparison.Ordinal));

        var target = Assert.Single(Discover(server, "Default Web Site/Authentication").Targets);

        Assert.Equal(IisServer.SpecificUserSid, target.Account.Sid);
    }
}
