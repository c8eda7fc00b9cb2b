using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CertDeploy.Core.Installer;
using CertDeploy.Core.Ports;
using CertDeploy.Core.Tests.Doubles;
using CertDeploy.Core.Tests.ScriptModel;
using CertDeploy.Core.Tests.Support;

namespace CertDeploy.Core.Tests.Installer;

/// <summary>
/// A CosDoc server as the installer finds it, for end-to-end runs through the facade: services
/// registered with ImagePaths into real folders under a temporary root, their appsettings files,
/// LocalMachine\My with an old and a new Buypass SEID 2 set (real certificates, key files), and a
/// service that matches no pattern. All fakes share one fault injector, unarmed until a test arms it.
/// </summary>
public sealed class CosDocServer : IDisposable
{
    public static readonly CertificateSet OldSet = TestCertificates.Buypass(Seid.Two, "912345678",
        TestCertificates.Now.AddYears(-2));

    public static readonly CertificateSet NewSet = TestCertificates.Buypass(Seid.Two, "912345678");

    public CosDocServer()
    {
        Root = Path.Combine(Path.GetTempPath(), "certdeploy-cosdoc-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        Clock = new FakeClock(TestCertificates.Now);
        Services = new FakeServiceControl(Faults, Clock);
        Store = new FakeCertificateStore(Path.Combine(Root, "MachineKeys"), Faults);
        Keys = new FakeKeyAccess(Faults);
        Accounts = new FakeAccountLookup(Faults);
        Environment.Variables["ProgramData"] = Path.Combine(Root, "ProgramData");
        Ports = new MachinePorts(Store, Services, Accounts, Keys, new FaultyFileSystem(Faults),
            new RecordingBackupGuard(Faults), Environment, Clock);

        Accounts.SidsByName[@"KOMMUNE\svc-kpr"] = "S-1-5-21-1004336348-1177238915-682003330-1601";
        foreach (var certificate in new[] { OldSet.Signing, OldSet.Encryption, NewSet.Signing, NewSet.Encryption })
        {
            AddCertificate(certificate);
        }

        AddService("KPRService1", "KPR Service 1", quoted: true, @"NT SERVICE\KPRService1", ServiceState.Running);
        AddService("KPRService2", "KPR Service 2", quoted: true, @"KOMMUNE\svc-kpr", ServiceState.Running);
        AddService("DigiHelseMottak", "DigiHelse", quoted: true, @"NT AUTHORITY\NetworkService", ServiceState.Running);
        AddService("CosDocAuthServer", "Auth", quoted: true, "LocalSystem", ServiceState.Stopped);
        AddService("CosDocReports", "Reports", quoted: true, @"NT SERVICE\CosDocReports", ServiceState.Running);
    }

    public FaultInjector Faults { get; } = new() { Armed = false };

    public string Root { get; }

    public FakeClock Clock { get; }

    public FakeServiceControl Services { get; }

    public FakeCertificateStore Store { get; }

    public FakeKeyAccess Keys { get; }

    public FakeAccountLookup Accounts { get; }

    public FakeMachineEnvironment Environment { get; } = new();

    public MachinePorts Ports { get; }

    public RecordingLog Log { get; } = new();

    public Dictionary<string, string> Folders { get; } = new();

    public Dictionary<string, string> KeyFiles { get; } = new();

    public Deployment Deployment() => new(Ports, Log);

    public string AppSettings(string service) => Path.Combine(Folders[service], "appsettings.json");

    public string KeyFile(X509Certificate2 certificate) => KeyFiles[certificate.Thumbprint];

    public void AddCertificate(X509Certificate2 certificate, KeyStorageKind? kind = null)
    {
        var entry = Store.Add(certificate, kind);
        if (entry.Key.FilePath != null)
        {
            Keys.AddKey(entry.Key.FilePath);
            KeyFiles[certificate.Thumbprint] = entry.Key.FilePath;
        }
    }

    public FakeService AddService(string name, string folderName, bool quoted, string account, ServiceState state,
        string? configuration = null)
    {
        var folder = Path.Combine(Root, "Program Files", "CosDoc", folderName);
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, name + ".exe"), Array.Empty<byte>());
        File.WriteAllText(Path.Combine(folder, "appsettings.json"),
            configuration ?? Json(OldSet.Signing.Thumbprint, OldSet.Encryption.Thumbprint), new UTF8Encoding(false));
        Folders[name] = folder;

        var exe = Path.Combine(folder, name + ".exe");
        return Services.Add(new FakeService
        {
            Name = name,
            ImagePath = quoted ? $"\"{exe}\" --service" : exe,
            ObjectName = account,
            State = state,
        });
    }

    public static string Json(string signing, string encryption) =>
        "{\r\n"
        + "  // CosDoc service settings\r\n"
        + "  \"Logging\": { \"LogLevel\": { \"Default\": \"Information\" } },\r\n"
        + "  \"CertSettings\": {\r\n"
        + $"    \"SigningThumbprint\": \"{signing}\",\r\n"
        + $"    \"EncryptionThumbprint\": \"{encryption}\",\r\n"
        + "  },\r\n"
        + "}\r\n";

    /// <summary>Properties as msiexec would pass them.</summary>
    public static InstallerProperties Properties(params (string Name, string Value)[] values)
    {
        var map = values.ToDictionary(v => v.Name, v => v.Value);
        return new InstallerProperties(name => map.TryGetValue(name, out var value) ? value : "");
    }

    public static InstallerProperties NewSelection(params (string Name, string Value)[] more) =>
        Properties(new[]
        {
            (PropertyNames.SigningThumbprint, NewSet.Signing.Thumbprint),
            (PropertyNames.EncryptionThumbprint, NewSet.Encryption.Thumbprint),
        }.Concat(more).ToArray());

    /// <summary>Runs the execute script (deferred, rollback, commit) with the facade, as msiexec would.</summary>
    public ScriptResult RunScript(string planData) =>
        new InstallScript(InstallScript.DesignOrder, name => () =>
        {
            var deployment = Deployment();
            switch (name)
            {
                case "CertDeploy_Write": deployment.Write(planData); break;
                case "CertDeploy_WriteRollback": deployment.WriteRollback(planData); break;
                case "CertDeploy_Grant": deployment.Grant(planData); break;
                case "CertDeploy_GrantRollback": deployment.GrantRollback(planData); break;
                case "CertDeploy_Restart": deployment.Restart(planData, null); break;
                case "CertDeploy_RestartRollback": deployment.RestartRollback(planData); break;
                case "CertDeploy_Commit": deployment.Commit(planData); break;
                default: throw new InvalidOperationException($"No custom action {name}");
            }
        }).Run();

    /// <summary>
    /// Every file under the root but the backups (a rolled-back run keeps its journal for the
    /// administrator), every key descriptor, every service state and the store's content.
    /// </summary>
    public string Fingerprint()
    {
        var text = new StringBuilder();
        var backups = Path.Combine(Root, "ProgramData");
        foreach (var file in Directory.GetFiles(Root, "*", SearchOption.AllDirectories)
                     .Where(f => !f.StartsWith(backups, StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            text.Append(file).Append(' ').AppendLine(Convert.ToHexString(File.ReadAllBytes(file)));
        }

        foreach (var (path, sddl) in Keys.Descriptors.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            text.Append(path).Append(' ').AppendLine(sddl);
        }

        foreach (var name in Services.ListServiceNames())
        {
            text.Append(name).Append(' ').AppendLine(Services[name].State.ToString());
        }

        text.AppendLine(string.Join(",", Store.List().Select(c => c.RawData.Length)));
        return text.ToString();
    }

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
