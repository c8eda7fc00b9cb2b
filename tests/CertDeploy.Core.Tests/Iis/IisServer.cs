using System;
using System.IO;
using System.Linq;
using System.Text;
using CertDeploy.Core.Tests.Doubles;

namespace CertDeploy.Core.Tests.Iis;

/// <summary>
/// A web server in a temporary folder: %windir% and %SystemDrive% point into it, and
/// applicationHost.config is a real file where IIS keeps it, written as IIS writes it (UTF-8
/// with BOM, CRLF, four-space indent).
/// </summary>
public sealed class IisServer : IDisposable
{
    public const string SpecificUser = @"CONTOSO\svc-digihelse";
    public const string SpecificUserSid = "S-1-5-21-1004336348-1177238915-682003330-1702";

    /// <summary>
    /// Three sites: Default Web Site (root in DefaultAppPool, /Authentication in its own pool with
    /// ApplicationPoolIdentity), CosDoc (root in KPRWeb as NetworkService, /api/DigiHelse and a
    /// nested /api/DigiHelse/Archive whose folder is missing, both in DigiHelseWeb as a named
    /// user), and Intranet, which no default pattern matches.
    /// </summary>
    public const string ApplicationHost = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!--

            IIS configuration sections.

            For schema documentation, see
            %windir%\system32\inetsrv\config\schema\IIS_schema.xml.

        -->

        <configuration>

            <configSections>
                <sectionGroup name="system.applicationHost">
                    <section name="applicationPools" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
                    <section name="sites" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
                </sectionGroup>
            </configSections>

            <system.applicationHost>

                <applicationPools>
                    <add name="DefaultAppPool" />
                    <add name="Authentication" managedRuntimeVersion="" startMode="AlwaysRunning">
                        <environmentVariables>
                            <add name="ASPNETCORE_ENVIRONMENT" value="Staging" />
                            <add name="Kjernejournal__Mode" value="Test" />
                        </environmentVariables>
                    </add>
                    <add name="KPRWeb" managedRuntimeVersion="">
                        <processModel identityType="NetworkService" />
                    </add>
                    <add name="DigiHelseWeb" managedRuntimeVersion="">
                        <processModel identityType="SpecificUser" userName="CONTOSO\svc-digihelse" password="[enc:IISCngProvider:hQ3Mk0bC4tW1c5Q=:enc]" />
                    </add>
                    <add name="Intranet" managedRuntimeVersion="v4.0" />
                    <applicationPoolDefaults managedRuntimeVersion="v4.0">
                        <processModel identityType="ApplicationPoolIdentity" />
                    </applicationPoolDefaults>
                </applicationPools>

                <sites>
                    <site name="Default Web Site" id="1">
                        <application path="/">
                            <virtualDirectory path="/" physicalPath="%SystemDrive%\inetpub\wwwroot" />
                        </application>
                        <application path="/Authentication" applicationPool="Authentication">
                            <virtualDirectory path="/" physicalPath="%SystemDrive%\inetpub\Authentication" />
                        </application>
                        <bindings>
                            <binding protocol="http" bindingInformation="*:80:" />
                        </bindings>
                    </site>
                    <site name="CosDoc" id="2" serverAutoStart="true">
                        <application path="/" applicationPool="KPRWeb">
                            <virtualDirectory path="/" physicalPath="%SystemDrive%\CosDoc\KPRWeb" />
                            <virtualDirectory path="/logs" physicalPath="%SystemDrive%\CosDoc\Logs" />
                        </application>
                        <application path="/api/DigiHelse" applicationPool="DigiHelseWeb">
                            <virtualDirectory path="/" physicalPath="%SystemDrive%\CosDoc\DigiHelse\" />
                        </application>
                        <application path="/api/DigiHelse/Archive" applicationPool="DigiHelseWeb">
                            <virtualDirectory path="/" physicalPath="%SystemDrive%\CosDoc\Archive" />
                        </application>
                        <bindings>
                            <binding protocol="https" bindingInformation="*:443:" sslFlags="0" />
                        </bindings>
                    </site>
                    <site name="Intranet" id="3">
                        <application path="/" applicationPool="Intranet">
                            <virtualDirectory path="/" physicalPath="%SystemDrive%\inetpub\intranet" />
                        </application>
                        <bindings>
                            <binding protocol="http" bindingInformation="*:8080:" />
                        </bindings>
                    </site>
                    <siteDefaults>
                        <logFile logFormat="W3C" directory="%SystemDrive%\inetpub\logs\LogFiles" />
                    </siteDefaults>
                    <applicationDefaults applicationPool="DefaultAppPool" />
                    <virtualDirectoryDefaults allowSubDirConfig="true" />
                </sites>

            </system.applicationHost>

        </configuration>
        """;

    /// <summary>A web.config as dotnet publish writes it, with an environment set for the module.</summary>
    public const string WebConfigText = """
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <location path="." inheritInChildApplications="false">
            <system.webServer>
              <handlers>
                <add name="aspNetCore" path="*" verb="*" modules="AspNetCoreModuleV2" resourceType="Unspecified" />
              </handlers>
              <aspNetCore processPath=".\Authentication.exe" stdoutLogEnabled="false" hostingModel="inprocess">
                <environmentVariables>
                  <environmentVariable name="ASPNETCORE_ENVIRONMENT" value="Kjernejournal" />
                </environmentVariables>
              </aspNetCore>
            </system.webServer>
          </location>
        </configuration>
        """;

    public IisServer(string? applicationHost = ApplicationHost)
    {
        Root = Path.Combine(Path.GetTempPath(), "certdeploy-iis-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        Environment.Variables["windir"] = Path.Combine(Root, "Windows");
        Environment.Variables["SystemDrive"] = Path.Combine(Root, "C");
        Accounts.SidsByName[SpecificUser] = SpecificUserSid;

        foreach (var folder in new[] { @"inetpub\wwwroot", @"inetpub\Authentication", @"CosDoc\KPRWeb",
                     @"CosDoc\DigiHelse", @"inetpub\intranet" })
        {
            Directory.CreateDirectory(DrivePath(folder));
        }

        if (applicationHost != null)
        {
            WriteApplicationHost(applicationHost);
        }
    }

    public string Root { get; }

    public FakeMachineEnvironment Environment { get; } = new();

    public FakeAccountLookup Accounts { get; } = new();

    public RecordingLog Log { get; } = new();

    public string ConfigPath => Path.Combine(Root, "Windows", "System32", "inetsrv", "config",
        "applicationHost.config");

    /// <summary>A path under %SystemDrive% with '/' separators, as the core normalises it here.</summary>
    public string DrivePath(string windowsRelative) =>
        Path.Combine(new[] { Root, "C" }.Concat(windowsRelative.Split('\\')).ToArray());

    public void WriteApplicationHost(string text) => WriteCrlfWithBom(ConfigPath, text);

    public string WriteFile(string windowsRelative, string text)
    {
        var path = DrivePath(windowsRelative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public static void WriteCrlfWithBom(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var crlf = text.ReplaceLineEndings("\r\n");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(crlf)]);
    }

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
