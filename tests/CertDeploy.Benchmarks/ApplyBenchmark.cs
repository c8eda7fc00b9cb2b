using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using BenchmarkDotNet.Attributes;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Execution;
using CertDeploy.Core.Installer;
using CertDeploy.Core.Planning;
using CertDeploy.Core.Ports;

namespace CertDeploy.Benchmarks;

/// <summary>
/// A run for 10 services with 20 appsettings files, with 1,000 certificates in the store, on
/// ports without latency: what the core itself costs. Apply is the deferred half (Write, Grant,
/// Restart, Commit) of a hand-made plan; PlanAndApply is the whole run through the installer
/// facade, Prepare included. Target: median at most 50 ms.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ApplyBenchmark
{
    private const int ServiceCount = 10;
    private const string Root = "/srv/cosdoc";

    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, byte[]> _originalFiles = new(StringComparer.Ordinal);
    private List<StoreCertificate> _certificates = new();
    private DeploymentPlan _plan = null!;

    [GlobalSetup]
    public void Setup()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        for (var i = 0; i < 1000; i++)
        {
            var request = new CertificateRequest($"CN=Certificate {i}, O=Kommune, C=NO", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509KeyUsageExtension(
                i % 2 == 0 ? X509KeyUsageFlags.NonRepudiation : X509KeyUsageFlags.KeyEncipherment, critical: true));
            using var certificate = request.CreateSelfSigned(Now.AddDays(-1 - i), Now.AddYears(3));
            _certificates.Add(new StoreCertificate(certificate.RawData,
                new KeyLocation(KeyStorageKind.CngFile, $"{Root}/keys/key-{i}", "Microsoft Software Key Storage Provider")));
        }

        var signing = Convert.ToHexString(SHA1.HashData(_certificates[0].RawData));
        var encryption = Convert.ToHexString(SHA1.HashData(_certificates[1].RawData));
        var files = new List<FileChange>();
        var grants = new List<KeyGrant>();
        var restarts = new List<ServiceRestart>();

        for (var s = 0; s < ServiceCount; s++)
        {
            var name = $"KPRService{s}";
            _originalFiles[$"{Root}/{name}/{name}.exe"] = Array.Empty<byte>();
            foreach (var file in new[] { "appsettings.json", "appsettings.Production.json" })
            {
                var path = $"{Root}/{name}/{file}";
                _originalFiles[path] = Encoding.UTF8.GetBytes(
                    "{\r\n  // " + name + "\r\n  \"Logging\": { \"LogLevel\": { \"Default\": \"Information\" } },\r\n"
                    + "  \"CertSettings\": {\r\n    \"SigningThumbprint\": \"" + new string('A', 40) + "\",\r\n"
                    + "    \"EncryptionThumbprint\": \"" + new string('B', 40) + "\"\r\n  }\r\n}\r\n");
                files.Add(new FileChange(path, name, new string('A', 40), signing, new string('B', 40), encryption));
            }

            var sid = $"S-1-5-80-{s}";
            grants.Add(new KeyGrant($"{Root}/keys/key-0", signing, name, $@"NT SERVICE\{name}", sid));
            grants.Add(new KeyGrant($"{Root}/keys/key-1", encryption, name, $@"NT SERVICE\{name}", sid));
            restarts.Add(new ServiceRestart(name, s % 2 == 1 ? new[] { $"KPRService{s - 1}" } : Array.Empty<string>()));
        }

        _plan = new DeploymentPlan("20261204T120000Z-1a2b3c4d", $"{Root}/backups/20261204T120000Z-1a2b3c4d",
            signing, encryption, files, grants, restarts, true, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5),
            Array.Empty<string>());
    }

    [Benchmark]
    public int Apply()
    {
        var files = new MemoryFileSystem(_originalFiles);
        var services = new MemoryServices(_plan.Restarts.Select(r => r.ServiceName));
        var machine = new MachinePorts(new MemoryStore(_certificates), services, new NoAccounts(), new MemoryKeys(),
            files, new NoGuard(), new NoEnvironment(), new InstantClock());
        var steps = new DeploymentSteps(machine, new NoLog());

        steps.Write(_plan);
        steps.Grant(_plan);
        steps.Restart(_plan, null);
        steps.Commit(_plan);

        return services.Restarts;
    }

    [Benchmark]
    public int PlanAndApply()
    {
        var files = new MemoryFileSystem(_originalFiles);
        var services = new MemoryServices(_plan.Restarts.Select(r => r.ServiceName));
        var machine = new MachinePorts(new MemoryStore(_certificates), services, new NoAccounts(), new MemoryKeys(),
            files, new NoGuard(), new NoEnvironment(), new InstantClock());
        var deployment = new Deployment(machine, new NoLog());
        var properties = new Dictionary<string, string>
        {
            [PropertyNames.SigningThumbprint] = _plan.SigningThumbprint,
            [PropertyNames.EncryptionThumbprint] = _plan.EncryptionThumbprint,
            [PropertyNames.ExpiryWarningDays] = "0",
        };

        var data = deployment.Prepare(new InstallerProperties(n => properties.GetValueOrDefault(n))).PlanData;
        deployment.Write(data);
        deployment.Grant(data);
        deployment.Restart(data, null);
        deployment.Commit(data);

        return services.Restarts;
    }

    private sealed class MemoryFileSystem(Dictionary<string, byte[]> seed) : IFileSystem
    {
        private readonly Dictionary<string, byte[]> _files = new(seed, StringComparer.Ordinal);
        private readonly HashSet<string> _folders = new(StringComparer.Ordinal);

        public bool FileExists(string path) => _files.ContainsKey(path);

        public bool DirectoryExists(string path) => _folders.Contains(path);

        public byte[] ReadAllBytes(string path) => _files[path];

        public void WriteAllBytesAtomic(string path, byte[] content) => _files[path] = content;

        public void AppendDurably(string path, byte[] content) =>
            _files[path] = _files.TryGetValue(path, out var old) ? old.Concat(content).ToArray() : content;

        public void CreateDirectory(string path) => _folders.Add(path);

        public void DeleteFile(string path) => _files.Remove(path);

        public void DeleteDirectory(string path)
        {
            _folders.Remove(path);
            foreach (var file in _files.Keys.Where(k => k.StartsWith(path + "/", StringComparison.Ordinal)).ToList())
            {
                _files.Remove(file);
            }
        }

        public IReadOnlyList<string> ListDirectories(string path) =>
            _folders.Where(f => f.StartsWith(path + "/", StringComparison.Ordinal)).ToList();

        public IReadOnlyList<string> ListFiles(string path) =>
            _files.Keys.Where(f => f.StartsWith(path + "/", StringComparison.Ordinal)).ToList();
    }

    private sealed class MemoryServices : IServiceControl
    {
        private readonly Dictionary<string, ServiceState> _states;

        public MemoryServices(IEnumerable<string> names) =>
            _states = names.ToDictionary(n => n, _ => ServiceState.Running, StringComparer.OrdinalIgnoreCase);

        public int Restarts { get; private set; }

        public IReadOnlyList<string> ListServiceNames() => _states.Keys.ToList();

        public ServiceInfo? Describe(string serviceName) => new(serviceName, serviceName, ServiceStartType.Automatic,
            GetState(serviceName), $"\"{Root}/{serviceName}/{serviceName}.exe\" --service",
            $@"NT SERVICE\{serviceName}", Array.Empty<string>(), Array.Empty<string>());

        public ServiceState GetState(string serviceName)
        {
            lock (_states)
            {
                return _states[serviceName];
            }
        }

        public void Stop(string serviceName, TimeSpan timeout)
        {
            lock (_states)
            {
                _states[serviceName] = ServiceState.Stopped;
            }
        }

        public void Start(string serviceName, TimeSpan timeout)
        {
            lock (_states)
            {
                _states[serviceName] = ServiceState.Running;
                Restarts++;
            }
        }
    }

    private sealed class MemoryKeys : IKeyAccess
    {
        private readonly Dictionary<string, string> _descriptors = new(StringComparer.OrdinalIgnoreCase);

        public string ReadDescriptor(string keyFilePath) =>
            _descriptors.TryGetValue(keyFilePath, out var sddl) ? sddl : "O:SYG:SYD:PAI(A;;FA;;;SY)(A;;FA;;;BA)";

        public bool HasRead(string keyFilePath, string sid) =>
            ReadDescriptor(keyFilePath).Contains(";;;" + sid + ")", StringComparison.Ordinal);

        public void GrantRead(string keyFilePath, string sid) =>
            _descriptors[keyFilePath] = ReadDescriptor(keyFilePath) + $"(A;;GR;;;{sid})";

        public void WriteDescriptor(string keyFilePath, string sddl) => _descriptors[keyFilePath] = sddl;
    }

    private sealed class MemoryStore(List<StoreCertificate> certificates) : ICertificateStore
    {
        public IReadOnlyList<StoreCertificate> List() => certificates;

        public StoreCertificate? Find(string thumbprint) =>
            certificates.FirstOrDefault(c => Convert.ToHexString(SHA1.HashData(c.RawData)) == thumbprint);

        public IReadOnlyList<string> Import(string pfxPath, string password) => Array.Empty<string>();

        public void Remove(string thumbprint)
        {
        }
    }

    private sealed class NoAccounts : IAccountLookup
    {
        public string? TryGetSid(string accountName) => null;

        public string? TryGetName(string sid) => null;
    }

    private sealed class NoGuard : IBackupFolderGuard
    {
        public void Restrict(string folderPath)
        {
        }
    }

    private sealed class NoEnvironment : IMachineEnvironment
    {
        public string ExpandVariables(string text) =>
            text.Replace("%ProgramData%", "/srv/programdata", StringComparison.OrdinalIgnoreCase);

        public string? GetMachineVariable(string name) => null;
    }

    private sealed class InstantClock : IClock
    {
        public DateTimeOffset UtcNow { get; } = Now;

        public void Sleep(TimeSpan duration)
        {
        }
    }

    private sealed class NoLog : ILog
    {
        public void Write(LogLevel level, string template, params object?[] values)
        {
        }
    }
}
