using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using CertDeploy.Core.Execution;
using CertDeploy.Core.Planning;
using CertDeploy.Core.Ports;
using CertDeploy.Core.Targets;
using CertDeploy.Core.Tests.Doubles;
using CertDeploy.Core.Tests.Support;
using Xunit;

namespace CertDeploy.Core.Tests.ScriptModel;

/// <summary>Everything that a rollback must put back, captured at one moment.</summary>
public sealed record MachineSnapshot(
    IReadOnlyDictionary<string, byte[]> Files,
    IReadOnlyDictionary<string, string> Descriptors,
    IReadOnlyDictionary<string, ServiceState> States,
    IReadOnlyDictionary<string, ApplicationPoolState> PoolStates);

/// <summary>
/// A CosDoc server in a temporary folder: five services (KPRBase, which KPRService1 depends on,
/// KPRService2 and DigiHelse running, Authentication stopped), six real appsettings files in the
/// forms found in the field (BOM and CRLF, LF, comments, trailing commas), and two key files.
/// All fakes share one fault injector.
/// </summary>
public sealed class ScenarioMachine : IDisposable
{
    public const string KprBase = "KPRBase";
    public const string Kpr1 = "KPRService1";
    public const string Kpr2 = "KPRService2";
    public const string DigiHelse = "DigiHelse";
    public const string Authentication = "Authentication";

    private static readonly Lazy<(CertificateSet Current, CertificateSet Old)> Sets =
        new(() => (TestCertificates.Buypass(Seid.Two), TestCertificates.Buypass(Seid.One)));

    private int _runs;

    public ScenarioMachine()
    {
        Root = Path.Combine(Path.GetTempPath(), "certdeploy-scenario-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        Clock = new FakeClock();
        Services = new FakeServiceControl(Faults, Clock);
        Keys = new FakeKeyAccess(Faults);
        Accounts = new FakeAccountLookup(Faults);
        Guard = new RecordingBackupGuard(Faults);
        Files = new FaultyFileSystem(Faults);
        Pools = new FakeApplicationPools(Faults);
        Store = new FakeCertificateStore(Faults);
        Ports = new MachinePorts(Store, Services, Accounts, Keys, Files, Guard,
            Environment, Clock, Pools);

        Accounts.SidsByName[@"CONTOSO\svc-kpr"] = "S-1-5-21-1004336348-1177238915-682003330-1601";
        Accounts.SidsByName[@".\authuser"] = "S-1-5-21-3623811015-3361044348-30300820-1013";

        AddService(KprBase, "LocalSystem", ServiceState.Running);
        AddService(Kpr1, @"NT SERVICE\KPRService1", ServiceState.Running, KprBase);
        AddService(Kpr2, @"CONTOSO\svc-kpr", ServiceState.Running);
        AddService(DigiHelse, @"NT AUTHORITY\NetworkService", ServiceState.Running);
        AddService(Authentication, @".\authuser", ServiceState.Stopped);

        AddFile(KprBase, "appsettings.json", Lf(Json("KPR base")), bom: false);
        AddFile(Kpr1, "appsettings.json", Crlf(Json("KPR service 1")), bom: true);
        AddFile(Kpr1, "appsettings.Production.json", Lf(Override()), bom: false);
        AddFile(Kpr2, "appsettings.json", Lf(Json("KPR service 2")), bom: true);
        AddFile(DigiHelse, "appsettings.json", Crlf(Override()), bom: false);
        AddFile(Authentication, "appsettings.json", Lf(Json("Kjernejournal authentication")), bom: false);

        SigningKey = AddKey("signing.key");
        EncryptionKey = AddKey("encryption.key");
        Store.AddWithKeyFile(Sets.Value.Current.Signing, SigningKey);
        Store.AddWithKeyFile(Sets.Value.Current.Encryption, EncryptionKey);
    }

    public FakeCertificateStore Store { get; }

    public FaultInjector Faults { get; } = new() { Armed = false };

    public FakeClock Clock { get; }

    public FakeServiceControl Services { get; }

    public FakeKeyAccess Keys { get; }

    public FakeAccountLookup Accounts { get; }

    public RecordingBackupGuard Guard { get; }

    public FaultyFileSystem Files { get; }

    public FakeApplicationPools Pools { get; }

    public FakeMachineEnvironment Environment { get; } = new();

    public MachinePorts Ports { get; }

    public RecordingLog Log { get; } = new();

    public string Root { get; }

    public string BackupRoot => Path.Combine(Root, "ProgramData", "CertDeploy", "Backups");

    public List<(string Service, string Path)> ConfigFiles { get; } = new();

    public string SigningKey { get; }

    public string EncryptionKey { get; }

    public static string NewSigning => Sets.Value.Current.Signing.Thumbprint;

    public static string NewEncryption => Sets.Value.Current.Encryption.Thumbprint;

    public static string OldSigning => Sets.Value.Old.Signing.Thumbprint;

    public static string OldEncryption => Sets.Value.Old.Encryption.Thumbprint;

    /// <summary>Progress messages the Restart action reported.</summary>
    public List<string> Progress { get; } = new();

    /// <summary>
    /// The plan an immediate action would make for the current content of the files, by hand:
    /// every file, both keys for every service, every service restartable.
    /// </summary>
    public DeploymentPlan Plan(bool restartEnabled = true)
    {
        var runId = RunIds.Create(Clock.UtcNow.AddSeconds(_runs++));
        var files = ConfigFiles.Select(f =>
        {
            var text = File.ReadAllText(f.Path);
            return new FileChange(f.Path, f.Service, Value(text, "SigningThumbprint"), NewSigning,
                Value(text, "EncryptionThumbprint"), NewEncryption);
        }).ToList();
        var grants = Services.ListServiceNames().SelectMany(name =>
        {
            var account = Services[name].ObjectName;
            var sid = ServiceAccounts.Resolve(name, account, Accounts).Sid;
            return new[]
            {
                new KeyGrant(SigningKey, NewSigning, name, account, sid),
                new KeyGrant(EncryptionKey, NewEncryption, name, account, sid),
            };
        }).ToList();
        var restarts = Services.ListServiceNames()
            .Select(name => new ServiceRestart(name, Services[name].DependsOn.ToList()))
            .ToList();

        // Planning is the immediate phase: its port calls are not part of the script under test.
        Faults.Reset();
        return new DeploymentPlan(runId, Path.Combine(BackupRoot, runId), NewSigning, NewEncryption, files,
            grants, restarts, restartEnabled, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5),
            new[] { "The signing and encryption certificates have different organisation numbers." });
    }

    /// <summary>The install script with CertDeploy's actions bound as the custom action DLL binds them.</summary>
    public InstallScript Script(DeploymentPlan plan) => Script(plan, InstallScript.DesignOrder);

    public InstallScript Script(DeploymentPlan plan, IReadOnlyList<ScheduledAction> order)
    {
        var customActionData = plan.Serialize();
        return new InstallScript(order, name => () => RunAction(name, customActionData));
    }

    /// <summary>One custom action as a fresh process runs it: new steps, plan parsed from CustomActionData.</summary>
    public void RunAction(string name, string customActionData)
    {
        var steps = new DeploymentSteps(Ports, Log);
        var plan = DeploymentPlan.Parse(customActionData);
        Action action = name switch
        {
            "CertDeploy_Write" => () => steps.Write(plan),
            "CertDeploy_WriteRollback" => () => steps.WriteRollback(plan),
            "CertDeploy_Grant" => () => steps.Grant(plan),
            "CertDeploy_GrantRollback" => () => steps.GrantRollback(plan),
            "CertDeploy_Restart" => () => steps.Restart(plan, text =>
            {
                lock (Progress)
                {
                    Progress.Add(text);
                }
            }),
            "CertDeploy_RestartRollback" => () => steps.RestartRollback(plan),
            "CertDeploy_Commit" => () => steps.Commit(plan),
            _ => throw new InvalidOperationException($"No custom action {name}"),
        };
        action();
    }

    /// <summary>
    /// Runs the script with a fault of the given kind at one port call and checks what every
    /// such run must leave: the fault fired; a fault in the commit phase leaves a finished
    /// installation, as msiexec does; any other fault leaves every rollback action succeeded and
    /// the machine as it was. The context names the call and the action for further asserts.
    /// </summary>
    public (ScriptResult Result, string Context) RunWithFaultAt(DeploymentPlan plan, int call, FaultKind kind)
    {
        var before = Snapshot();

        // The snapshot's port calls are the test's, not the script's.
        Faults.Reset();
        Faults.Armed = true;
        Faults.Kind = kind;
        Faults.FailAtCall = call;
        var result = Script(plan).Run();

        var failedCall = call <= Faults.Calls.Count ? Faults.Calls[call - 1] : "(none)";
        var context = $"{kind} at call {call} ({failedCall}), failed action {result.FailedAction}";
        Assert.True(Faults.Fired, context + ": the fault never fired");
        if (result.Succeeded)
        {
            // A failing commit action does not roll back: the installation is done, and the
            // backups it could not delete are swept by a later run.
            Assert.True(result.CleanupFailures.Single().Action == "CertDeploy_Commit", context);
            return (result, context);
        }

        Assert.True(result.CleanupFailures.Count == 0, context + ": "
            + string.Join("; ", result.CleanupFailures.Select(f => $"{f.Action}: {f.Error.Message}")));
        var differences = Differences(before);
        Assert.True(differences.Count == 0, context + ": " + string.Join("; ", differences));
        return (result, context);
    }

    public MachineSnapshot Snapshot() => new(
        Directory.GetFiles(Path.Combine(Root, "Services"), "*", SearchOption.AllDirectories)
            .ToDictionary(p => p, File.ReadAllBytes),
        Keys.Descriptors.ToDictionary(p => p.Key, p => p.Value),
        Services.ListServiceNames().ToDictionary(n => n, n => Services[n].State),
        Pools.Names.ToDictionary(n => n, n => Pools[n].State));

    /// <summary>What differs from an earlier snapshot, one line each; empty when nothing does.</summary>
    public IReadOnlyList<string> Differences(MachineSnapshot before)
    {
        var now = Snapshot();
        var differences = new List<string>();

        foreach (var path in before.Files.Keys.Union(now.Files.Keys))
        {
            if (!before.Files.TryGetValue(path, out var was))
            {
                differences.Add($"new file {path}");
            }
            else if (!now.Files.TryGetValue(path, out var file))
            {
                differences.Add($"missing file {path}");
            }
            else if (!was.AsSpan().SequenceEqual(file))
            {
                differences.Add($"changed file {path}");
            }
        }

        differences.AddRange(before.Descriptors
            .Where(d => now.Descriptors[d.Key] != d.Value)
            .Select(d => $"descriptor of {d.Key}: {d.Value} -> {now.Descriptors[d.Key]}"));
        differences.AddRange(before.States
            .Where(s => now.States[s.Key] != s.Value)
            .Select(s => $"service {s.Key}: {s.Value} -> {now.States[s.Key]}"));
        differences.AddRange(before.PoolStates
            .Where(s => now.PoolStates[s.Key] != s.Value)
            .Select(s => $"application pool {s.Key}: {s.Value} -> {now.PoolStates[s.Key]}"));

        return differences;
    }

    public string Content(string path) => File.ReadAllText(path);

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    private static string? Value(string text, string key)
    {
        var match = System.Text.RegularExpressions.Regex.Match(text, "\"" + key + "\"\\s*:\\s*\"([^\"]*)\"");
        return match.Success ? match.Groups[1].Value : null;
    }

    private static string Json(string name) =>
        "{\n"
        + $"  // {name}\n"
        + "  \"Logging\": { \"LogLevel\": { \"Default\": \"Information\" } },\n"
        + "  \"CertSettings\": {\n"
        + $"    \"SigningThumbprint\": \"{OldSigning}\",\n"
        + $"    \"EncryptionThumbprint\": \"{OldEncryption}\" /* pasted by hand */\n"
        + "  },\n"
        + "  \"Urls\": \"http://localhost:5080\"\n"
        + "}\n";

    private static string Override() =>
        "{\n"
        + "  /* overrides for this environment */\n"
        + "  \"CertSettings\": {\n"
        + $"    \"SigningThumbprint\": \"{OldSigning}\",\n"
        + $"    \"EncryptionThumbprint\": \"{OldEncryption}\",\n"
        + "  },\n"
        + "}\n";

    private static string Lf(string text) => text;

    private static string Crlf(string text) => text.Replace("\n", "\r\n", StringComparison.Ordinal);

    private void AddService(string name, string account, ServiceState state, params string[] dependsOn)
    {
        var folder = Path.Combine(Root, "Services", name);
        Directory.CreateDirectory(folder);
        Services.Add(new FakeService
        {
            Name = name,
            ObjectName = account,
            State = state,
            ImagePath = $"\"{Path.Combine(folder, name + ".exe")}\"",
            DependsOn = dependsOn.ToList(),
        });
    }

    private void AddFile(string service, string name, string text, bool bom)
    {
        var path = Path.Combine(Root, "Services", service, name);
        var body = Encoding.UTF8.GetBytes(text);
        File.WriteAllBytes(path, bom ? new byte[] { 0xEF, 0xBB, 0xBF }.Concat(body).ToArray() : body);
        ConfigFiles.Add((service, path));
    }

    private string AddKey(string name)
    {
        var folder = Path.Combine(Root, "MachineKeys");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, new byte[] { 1, 2, 3 });
        Keys.AddKey(path, FakeKeyAccess.DefaultSddl + "(A;;FR;;;S-1-5-21-1-2-3-999)");
        return path;
    }
}
