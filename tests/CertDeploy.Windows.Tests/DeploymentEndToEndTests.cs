using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Installer;
using CertDeploy.Core.Ports;
using CertDeploy.Windows.Accounts;
using CertDeploy.Windows.Backup;
using CertDeploy.Windows.EnvironmentVariables;
using CertDeploy.Windows.Iis;
using CertDeploy.Windows.Services;
using CertDeploy.Windows.Store;
using Xunit;

namespace CertDeploy.Windows.Tests
{
    /// <summary>
    /// A whole run through the core's facade on the Windows ports: the real store, service
    /// control manager, accounts, environment and files. Only the private keys are the test's:
    /// Wine keeps keys in its registry, not in files, so the store is wrapped to report a key
    /// file for the imported certificates and key access works on those files' descriptors.
    /// </summary>
    public sealed class DeploymentEndToEndTests
    {
        // Inside the validity of both shared certificate sets, whatever today's date is.
        internal static readonly DateTimeOffset RunDay = new(2025, 6, 2, 10, 0, 0, TimeSpan.Zero);

        private static readonly string[] Targets =
            { "KPRService1", "KPRService2", "DigiHelseService", "CosDocAuthServer" };

        private static readonly string[] Running = { "KPRService1", "CosDocAuthServer" };

        private readonly CosDocMachine _machine;

        public DeploymentEndToEndTests(CosDocMachine machine) => _machine = machine;

        [Fact]
        public void WholeRun_NewSetChosen_WritesGrantsRestartsRunningOnly_SecondRunChangesNothing()
        {
            Lane.Require();
            using var keys = new KeyFiles(_machine);
            var services = new WindowsServiceControl();
            var timeout = TimeSpan.FromSeconds(30);
            foreach (var name in Running)
            {
                Bounded.Call(name, "Start", () => services.Start(name, timeout));
            }

            try
            {
                var scheduler = Snapshot("CosDocScheduler");
                var filesBefore = MachineSnapshot.SettingsFiles(_machine);
                var stoppedEvents = Targets.Except(Running)
                    .ToDictionary(n => n, n => ServiceEvents.Read(_machine.Service(n).Folder).Count);

                var (first, firstJournal) = Run(keys);

                foreach (var name in Targets)
                {
                    var text = Snapshot(name).Text;
                    Assert.DoesNotContain(_machine.OldSet.SigningThumbprint, text);
                    Assert.DoesNotContain(_machine.OldSet.EncryptionThumbprint, text);
                    Assert.Contains(_machine.NewSet.SigningThumbprint, text);
                    Assert.Contains(_machine.NewSet.EncryptionThumbprint, text);
                }

                Assert.Equal(scheduler.Bytes, Snapshot("CosDocScheduler").Bytes);
                Assert.Equal(ServiceState.Stopped, services.GetState("CosDocScheduler"));
                foreach (var name in Running)
                {
                    Assert.Equal(ServiceState.Running, services.GetState(name));
                    var events = ServiceEvents.Read(_machine.Service(name).Folder);
                    Assert.Equal(
                        new[]
                        {
                            $"started with {_machine.OldSet.SigningThumbprint}/{_machine.OldSet.EncryptionThumbprint}",
                            "stopped",
                            $"started with {_machine.NewSet.SigningThumbprint}/{_machine.NewSet.EncryptionThumbprint}",
                        },
                        events.Skip(events.Count - 3));
                }

                foreach (var (name, count) in stoppedEvents)
                {
                    Assert.Equal(ServiceState.Stopped, services.GetState(name));
                    Assert.Equal(count, ServiceEvents.Read(_machine.Service(name).Folder).Count);
                }

                // The journal names exactly what the machine shows changed: every file whose
                // bytes differ after the run, and no other.
                var running = Running.OrderBy(n => n).ToList();
                Assert.Equal(running, RunJournal.Stopping(firstJournal).OrderBy(n => n));
                Assert.Equal(running, RunJournal.Started(firstJournal).OrderBy(n => n));
                var written = RunJournal.Written(firstJournal);
                foreach (var name in Targets)
                {
                    Assert.Contains(written, path => IsIn(path, _machine.Service(name).Folder));
                }

                Assert.All(written, path => Assert.Contains(Targets,
                    name => IsIn(path, _machine.Service(name).Folder)));
                var filesAfter = MachineSnapshot.SettingsFiles(_machine);
                var changed = filesBefore
                    .Where(f => !filesAfter.TryGetValue(f.Key, out var now) || !now.SequenceEqual(f.Value))
                    .Select(f => f.Key)
                    .Concat(filesAfter.Keys.Where(k => !filesBefore.ContainsKey(k)));
                Assert.Equal(Sorted(changed), Sorted(written), StringComparer.OrdinalIgnoreCase);

                Assert.NotEmpty(first.KeyGrants);
                foreach (var grant in first.KeyGrants)
                {
                    Assert.True(keys.HasRead(grant.KeyFilePath, grant.Sid),
                        $"{grant.Sid} has no read access to {grant.KeyFilePath}");
                }

                // A second run with the same choice finds every file current.
                var before = Targets.Append("CosDocScheduler").ToDictionary(n => n, n => Snapshot(n).Bytes);
                var eventsBefore = Running.ToDictionary(
                    n => n, n => ServiceEvents.Read(_machine.Service(n).Folder).Count);

                var (_, secondJournal) = Run(keys);

                Assert.Empty(RunJournal.Written(secondJournal));
                Assert.Empty(RunJournal.Stopping(secondJournal));
                foreach (var (name, bytes) in before)
                {
                    Assert.Equal(bytes, Snapshot(name).Bytes);
                }

                foreach (var (name, count) in eventsBefore)
                {
                    Assert.Equal(ServiceState.Running, services.GetState(name));
                    Assert.Equal(count, ServiceEvents.Read(_machine.Service(name).Folder).Count);
                }
            }
            finally
            {
                foreach (var name in Running)
                {
                    Bounded.Call(name, "Stop", () => services.Stop(name, timeout));
                }
            }
        }

        private static IEnumerable<string> Sorted(IEnumerable<string> paths) =>
            paths.Select(Path.GetFullPath).OrderBy(p => p, StringComparer.OrdinalIgnoreCase);

        private static bool IsIn(string path, string folder) =>
            path.StartsWith(folder.TrimEnd('\\') + "\\", StringComparison.OrdinalIgnoreCase);

        /// <summary>A whole run; the journal as it stands before the commit deletes it.</summary>
        private (CertDeploy.Core.Planning.DeploymentPlan Plan,
            IReadOnlyList<CertDeploy.Core.Execution.JournalEntry> Journal) Run(KeyFiles keys)
        {
            var deployment = new Deployment(Ports(keys, new WindowsServiceControl()), new ListLog());
            var prepared = deployment.Prepare(NewSetChosen(_machine));
            var plan = prepared.PlanData;
            deployment.Write(plan);
            deployment.Grant(plan);
            Bounded.Call("(all)", "Restart", () => deployment.Restart(plan, null));
            var journal = RunJournal.Read(prepared.Plan);
            deployment.Commit(plan);
            return (prepared.Plan, journal);
        }

        /// <summary>The Windows ports with the test's key files.</summary>
        internal static MachinePorts Ports(KeyFiles keys, IServiceControl services) => new(
            new KeyFileStore(new WindowsCertificateStore(), keys),
            services,
            new LocalUserAccounts(new WindowsAccountLookup()),
            keys,
            new PhysicalFileSystem(),
            new WindowsBackupFolderGuard(),
            new WindowsMachineEnvironment(),
            new DayClock(RunDay),
            new AppCmdApplicationPools());

        /// <summary>The new set chosen through the msiexec properties.</summary>
        internal static InstallerProperties NewSetChosen(CosDocMachine machine) => new(name => name switch
        {
            PropertyNames.SigningThumbprint => machine.NewSet.SigningThumbprint,
            PropertyNames.EncryptionThumbprint => machine.NewSet.EncryptionThumbprint,
            _ => null,
        });

        private (byte[] Bytes, string Text) Snapshot(string serviceName)
        {
            var folder = _machine.Service(serviceName).Folder;
            var files = Directory.GetFiles(folder, "appsettings*.json").OrderBy(f => f, StringComparer.Ordinal);
            var bytes = files.SelectMany(File.ReadAllBytes).ToArray();
            return (bytes, System.Text.Encoding.UTF8.GetString(bytes));
        }

        /// <summary>Real time passing from a fixed day: waits and timeouts stay real.</summary>
        internal sealed class DayClock : IClock
        {
            private readonly DateTimeOffset _start;
            private readonly System.Diagnostics.Stopwatch _elapsed = System.Diagnostics.Stopwatch.StartNew();

            public DayClock(DateTimeOffset start) => _start = start;

            public DateTimeOffset UtcNow => _start + _elapsed.Elapsed;

            public void Sleep(TimeSpan duration) => System.Threading.Thread.Sleep(duration);
        }

        internal sealed class ListLog : ILog
        {
            public List<string> Lines { get; } = new();

            public void Write(LogLevel level, string template, params object?[] values) =>
                Lines.Add($"{level}: {template} [{string.Join(", ", values)}]");
        }

        /// <summary>
        /// The machine's accounts, and the local user that CosDocMachine names for CosDocAuthServer
        /// without creating it (a Wine prefix has no local user accounts to add it to).
        /// </summary>
        internal sealed class LocalUserAccounts : IAccountLookup
        {
            public const string User = @".\cosdocsvc";
            public const string UserSid = "S-1-5-21-1004336348-1177238915-682003330-1001";

            private readonly IAccountLookup _machine;

            public LocalUserAccounts(IAccountLookup machine) => _machine = machine;

            public string? TryGetSid(string accountName) =>
                string.Equals(accountName, User, StringComparison.OrdinalIgnoreCase)
                    ? UserSid
                    : _machine.TryGetSid(accountName);

            public string? TryGetName(string sid) => sid == UserSid ? User : _machine.TryGetName(sid);
        }

        /// <summary>The real store, with a key file reported for each imported certificate.</summary>
        internal sealed class KeyFileStore : ICertificateStore
        {
            private readonly ICertificateStore _store;
            private readonly KeyFiles _keys;

            public KeyFileStore(ICertificateStore store, KeyFiles keys)
            {
                _store = store;
                _keys = keys;
            }

            public IReadOnlyList<StoreCertificate> List() => _store.List().Select(WithKey).ToList();

            public StoreCertificate? Find(string thumbprint) =>
                _store.Find(thumbprint) is { } found ? WithKey(found) : null;

            public IReadOnlyList<string> Import(string pfxPath, string password) =>
                _store.Import(pfxPath, password);

            public void Remove(string thumbprint) => _store.Remove(thumbprint);

            private StoreCertificate WithKey(StoreCertificate certificate)
            {
                // A thumbprint is the SHA-1 of the DER bytes.
                var thumbprint = Convert.ToHexString(
                    System.Security.Cryptography.SHA1.HashData(certificate.RawData));
                var path = _keys.PathOf(thumbprint);
                return path is null
                    ? certificate
                    : certificate with
                    {
                        Key = new KeyLocation(KeyStorageKind.CngFile, path,
                            "Microsoft Software Key Storage Provider"),
                    };
            }
        }

        /// <summary>
        /// One file per imported certificate in a temporary folder, with its security descriptor
        /// kept beside the test (file ACLs do nothing under Wine).
        /// </summary>
        internal sealed class KeyFiles : IKeyAccess, IDisposable
        {
            private const string Initial = "O:SYG:SYD:P(A;;FA;;;SY)(A;;FA;;;BA)";

            private readonly string _folder =
                Path.Combine(Path.GetTempPath(), "CertDeployKeys-" + Guid.NewGuid().ToString("N"));

            private readonly Dictionary<string, string> _paths = new(StringComparer.OrdinalIgnoreCase);
            private readonly Dictionary<string, string> _descriptors = new(StringComparer.OrdinalIgnoreCase);

            public KeyFiles(CosDocMachine machine)
            {
                Directory.CreateDirectory(_folder);
                foreach (var set in new[] { machine.OldSet, machine.NewSet })
                {
                    foreach (var thumbprint in new[] { set.SigningThumbprint, set.EncryptionThumbprint })
                    {
                        var path = Path.Combine(_folder, thumbprint.ToLowerInvariant() + "_key");
                        File.WriteAllText(path, "key of " + thumbprint);
                        _paths[thumbprint] = path;
                        _descriptors[path] = Initial;
                    }
                }
            }

            public string? PathOf(string thumbprint) => _paths.TryGetValue(thumbprint, out var path) ? path : null;

            public string ReadDescriptor(string keyFilePath) => Descriptor(keyFilePath);

            public bool HasRead(string keyFilePath, string sid) =>
                Descriptor(keyFilePath).Contains($"(A;;GR;;;{sid})", StringComparison.Ordinal);

            public void GrantRead(string keyFilePath, string sid)
            {
                if (!HasRead(keyFilePath, sid))
                {
                    _descriptors[keyFilePath] = Descriptor(keyFilePath) + $"(A;;GR;;;{sid})";
                }
            }

            public void WriteDescriptor(string keyFilePath, string sddl)
            {
                Descriptor(keyFilePath);
                _descriptors[keyFilePath] = sddl;
            }

            public void Dispose() => Directory.Delete(_folder, recursive: true);

            private string Descriptor(string keyFilePath)
            {
                if (!File.Exists(keyFilePath) || !_descriptors.TryGetValue(keyFilePath, out var sddl))
                {
                    throw new CertDeployException($"No key file {keyFilePath} in the test's key folder.");
                }

                return sddl;
            }
        }
    }
}
