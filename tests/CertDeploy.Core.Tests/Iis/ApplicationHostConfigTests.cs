using System;
using System.IO;
using System.Linq;
using System.Text;
using CertDeploy.Core.Configuration;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Iis;
using CertDeploy.Core.Ports;
using Xunit;

namespace CertDeploy.Core.Tests.Iis;

public class ApplicationHostConfigTests
{
    private const string FilePath = @"C:\Windows\System32\inetsrv\config\applicationHost.config";

    [Fact]
    public void Parse_IisFile_ReadsEveryApplicationWithPoolAndPhysicalPathAsWritten()
    {
        var config = Parse(IisServer.ApplicationHost);

        Assert.Equal(new[]
        {
            ("Default Web Site", "/", "DefaultAppPool", @"%SystemDrive%\inetpub\wwwroot"),
            ("Default Web Site", "/Authentication", "Authentication", @"%SystemDrive%\inetpub\Authentication"),
            ("CosDoc", "/", "KPRWeb", @"%SystemDrive%\CosDoc\KPRWeb"),
            ("CosDoc", "/api/DigiHelse", "DigiHelseWeb", @"%SystemDrive%\CosDoc\DigiHelse\"),
            ("CosDoc", "/api/DigiHelse/Archive", "DigiHelseWeb", @"%SystemDrive%\CosDoc\Archive"),
            ("Intranet", "/", "Intranet", @"%SystemDrive%\inetpub\intranet"),
        }, config.Applications.Select(a => (a.SiteName, a.Path, a.PoolName, a.PhysicalPath ?? "(none)")));
    }

    [Fact]
    public void Parse_IisFile_ReadsPoolIdentitiesAndEnvironment()
    {
        var config = Parse(IisServer.ApplicationHost);

        Assert.Equal(PoolIdentityType.ApplicationPoolIdentity, config.FindPool("defaultapppool")!.IdentityType);
        Assert.Equal(PoolIdentityType.NetworkService, config.FindPool("KPRWeb")!.IdentityType);
        var user = config.FindPool("DigiHelseWeb")!;
        Assert.Equal((PoolIdentityType.SpecificUser, IisServer.SpecificUser), (user.IdentityType, user.UserName));
        Assert.Equal(new[] { "ASPNETCORE_ENVIRONMENT=Staging", "Kjernejournal__Mode=Test" },
            config.FindPool("Authentication")!.Environment);
        Assert.Null(config.FindPool("Gone"));
    }

    [Theory]
    [InlineData("LocalSystem", PoolIdentityType.LocalSystem)]            // by name
    [InlineData("localservice", PoolIdentityType.LocalService)]          // case ignored, as IIS does
    [InlineData("2", PoolIdentityType.NetworkService)]                   // the enumeration's number
    [InlineData("4", PoolIdentityType.ApplicationPoolIdentity)]          // the highest number
    [InlineData("", PoolIdentityType.ApplicationPoolIdentity)]           // empty: the default
    public void Parse_IdentityType_ByNameOrNumber(string identityType, PoolIdentityType expected)
    {
        var config = Parse(Pool($"<add name=\"P\"><processModel identityType=\"{identityType}\" /></add>"));

        Assert.Equal(expected, config.FindPool("P")!.IdentityType);
    }

    [Fact]
    public void Parse_PoolDefaults_IdentityAndEnvironmentInheritedAndOverridden()
    {
        var config = Parse(Pool("""
            <add name="Inherits" />
            <add name="Overrides">
                <processModel identityType="LocalSystem" />
                <environmentVariables>
                    <remove name="DOTNET_ENVIRONMENT" />
                    <add name="ASPNETCORE_ENVIRONMENT" value="Test" />
                </environmentVariables>
            </add>
            <add name="Clears">
                <environmentVariables>
                    <clear />
                </environmentVariables>
            </add>
            <applicationPoolDefaults>
                <processModel identityType="NetworkService" />
                <environmentVariables>
                    <add name="DOTNET_ENVIRONMENT" value="Production" />
                </environmentVariables>
            </applicationPoolDefaults>
            """));

        Assert.Equal(PoolIdentityType.NetworkService, config.FindPool("Inherits")!.IdentityType);
        Assert.Equal(new[] { "DOTNET_ENVIRONMENT=Production" }, config.FindPool("Inherits")!.Environment);
        Assert.Equal(PoolIdentityType.LocalSystem, config.FindPool("Overrides")!.IdentityType);
        Assert.Equal(new[] { "ASPNETCORE_ENVIRONMENT=Test" }, config.FindPool("Overrides")!.Environment);
        Assert.Empty(config.FindPool("Clears")!.Environment);
    }

    [Fact]
    public void Parse_ApplicationWithoutPool_TakesTheSiteDefaultThenTheServerDefault()
    {
        var config = Parse("""
            <configuration><system.applicationHost><sites>
              <site name="A" id="1">
                <application path="/"><virtualDirectory path="/" physicalPath="C:\a" /></application>
                <applicationDefaults applicationPool="SitePool" />
              </site>
              <site name="B" id="2">
                <application path="/"><virtualDirectory path="/logs" physicalPath="C:\logs" /></application>
              </site>
              <applicationDefaults applicationPool="ServerPool" />
            </sites></system.applicationHost></configuration>
            """);

        Assert.Equal(new[] { ("SitePool", (string?)@"C:\a"), ("ServerPool", null) },
            config.Applications.Select(a => (a.PoolName, a.PhysicalPath)));
    }

    [Fact]
    public void Parse_UnknownIdentityType_NamesFileLineColumnAndPool()
    {
        var error = Assert.Throws<ConfigFileException>(() =>
            Parse(Pool("<add name=\"P\">\n<processModel identityType=\"Guest\" /></add>")));

        Assert.Equal((5, 2), (error.Line, error.Column));
        Assert.Equal($"{FilePath} line 5, column 2: application pool P has identityType \"Guest\", which IIS "
            + "does not know. Set its identity in IIS Manager (Application Pools, Advanced Settings, Identity). "
            + "Nothing was changed.", error.Message);
    }

    [Fact]
    public void Parse_SiteWithoutName_NamesFileLineAndColumn()
    {
        var error = Assert.Throws<ConfigFileException>(() => Parse(
            "<configuration><system.applicationHost><sites>\n  <site id=\"1\" />\n</sites>"
            + "</system.applicationHost></configuration>"));

        Assert.Equal($"{FilePath} line 2, column 4: a site has no name, which IIS requires. The file may have "
            + "been edited by hand; check it in IIS Manager. Nothing was changed.", error.Message);
    }

    [Fact]
    public void Parse_DocumentTypeDefinition_IsRefused()
    {
        var error = Assert.Throws<ConfigFileException>(() => Parse(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE configuration [<!ENTITY x \"y\">]>\n<configuration />"));

        Assert.Null(error.Line);
        Assert.Equal($"The IIS configuration {FilePath} is not valid XML: it holds a document type definition "
            + "(<!DOCTYPE>), which IIS never writes and CertDeploy does not read. Correct the file (IIS itself "
            + "cannot read it either). Nothing was changed.", error.Message);
    }

    [Fact]
    public void Locate_ThirtyTwoBitProcessView_PrefersSysnative()
    {
        using var server = new IisServer();
        var sysnative = Path.Combine(server.Root, "Windows", "Sysnative", "inetsrv", "config",
            "applicationHost.config");
        var files = new PhysicalFileSystem();

        Assert.Equal(server.ConfigPath, ApplicationHostConfig.Locate(server.Environment, files));
        IisServer.WriteCrlfWithBom(sysnative, IisServer.ApplicationHost);
        Assert.Equal(sysnative, ApplicationHostConfig.Locate(server.Environment, files));
    }

    [Fact]
    public void Load_UnreadableFile_NamesTheFileAndChangesNothing()
    {
        using var server = new IisServer(applicationHost: null);
        // A folder in the file's place: reading it fails as a file without read access does.
        Directory.CreateDirectory(server.ConfigPath);

        var error = Assert.Throws<ConfigFileException>(() =>
            ApplicationHostConfig.Load(server.ConfigPath, new PhysicalFileSystem()));

        Assert.StartsWith($"Cannot read the IIS configuration {server.ConfigPath}: ", error.Message);
        Assert.EndsWith("Nothing was changed.", error.Message);
        Assert.Equal(server.ConfigPath, error.FilePath);
    }

    private static ApplicationHostConfig Parse(string text) =>
        ApplicationHostConfig.Parse(FilePath, Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\n")));

    private static string Pool(string adds) =>
        "<configuration>\n<system.applicationHost>\n<applicationPools>\n" + adds
        + "\n</applicationPools>\n</system.applicationHost>\n</configuration>";
}
