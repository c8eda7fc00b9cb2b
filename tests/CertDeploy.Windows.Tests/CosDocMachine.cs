using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using System.Security.Cryptography.X509Certificates;
using System.ServiceProcess;
using CertDeploy.Windows.Tests;
using Xunit;

[assembly: AssemblyFixture(typeof(CosDocMachine))]

// One service control manager and one certificate store: tests that change them take turns.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace CertDeploy.Windows.Tests
{
    /// <summary>A signing and an encryption certificate that a service is configured with.</summary>
    public sealed record CertificateSet(string Name, string SigningThumbprint, string EncryptionThumbprint);

    /// <summary>
    /// A service registered for the tests: its folder (expanded), ImagePath and ObjectName as
    /// registered, and the arguments the test service gets.
    /// </summary>
    public sealed record RegisteredService(string Name, string DisplayName, string Folder,
        string ImagePath, string ObjectName);

    /// <summary>
    /// A machine laid out as a CosDoc server: two certificate sets in LocalMachine\My and five
    /// services run by the test service, each in its own folder with its own appsettings.json,
    /// all configured with the old set. Built once for the test run; removed at the end.
    /// </summary>
    public sealed class CosDocMachine : IDisposable
    {
        public const string ExeName = "CertDeploy.TestService.exe";

        // Thumbprints of an expired SEID 1 set that is never imported here (shared/certs).
        public const string AbsentSigning = "BD302B20FCDCF3766BF0BCBA485DFB4B2BFE1379";
        public const string AbsentEncryption = "FDDBCFBB3231F0C66EE2168358229D3CAC95E88A";

        private readonly List<string> _registered = new();
        private readonly List<string> _folders = new();
        private readonly IDisposable? _wineConnection;

        private static readonly string[] SetFiles =
        {
            "buypass-seid2-test-vid-sign.pem", "buypass-seid2-test-vid-auth+enc.pem",
            "commfides-seid2-prod-ks-sign.pem", "commfides-seid2-prod-ks-enc.pem",
        };

        public CosDocMachine()
        {
            OldSet = LoadSet("old Buypass SEID 2", SetFiles[0], SetFiles[1]);
            NewSet = LoadSet("new Commfides SEID 2", SetFiles[2], SetFiles[3]);
            Services = Array.Empty<RegisteredService>();
            if (!Lane.Enabled || !OperatingSystem.IsWindows())
            {
                return;
            }

            _wineConnection = WineServiceManagerConnection.OpenUnderWine();
            foreach (var file in SetFiles)
            {
                Import(Path.Combine(CertificateFolder, file));
            }

            Services = LayOut();
        }

        public CertificateSet OldSet { get; }

        public CertificateSet NewSet { get; }

        /// <summary>Two KPR services, DigiHelse, CosDocAuthServer and one that matches no pattern.</summary>
        public IReadOnlyList<RegisteredService> Services { get; }

        public static string CertificateFolder => Path.Combine(AppContext.BaseDirectory, "certs");

        public static string TestServiceFolder => Path.Combine(AppContext.BaseDirectory, "testservice");

        public RegisteredService Service(string name) => Services.Single(s => s.Name == name);

        /// <summary>
        /// Copies the test service into a new folder and registers it. The folder path may hold
        /// environment variables; the ImagePath is registered as given.
        /// </summary>
        [SupportedOSPlatform("windows")]
        public RegisteredService Register(string name, string folder, string imagePath,
            string objectName, CertificateSet? configured)
        {
            var expanded = Environment.ExpandEnvironmentVariables(folder);
            CopyTestService(expanded);
            _folders.Add(expanded);
            if (configured is not null)
            {
                AppSettings.Write(expanded, configured.SigningThumbprint, configured.EncryptionThumbprint);
            }

            var displayName = "CosDoc " + name;
            CreateAnew(name, displayName, imagePath, objectName);
            _registered.Add(name);
            return new RegisteredService(name, displayName, expanded, imagePath, objectName);
        }

        /// <summary>
        /// Registers a service of the layout again as it was laid out, after a test registered it
        /// differently; its folder and files stay as they are.
        /// </summary>
        [SupportedOSPlatform("windows")]
        public void RegisterAsLaidOut(string name)
        {
            var service = Service(name);
            StopQuietly(name);
            CreateAnew(name, service.DisplayName, service.ImagePath, service.ObjectName);
        }

        [SupportedOSPlatform("windows")]
        public void Unregister(string name)
        {
            StopQuietly(name);
            ServiceRegistration.Delete(name);
            _registered.Remove(name);
        }

        public void Dispose()
        {
            if (!OperatingSystem.IsWindows())
            {
                return;
            }

            foreach (var name in _registered.ToList())
            {
                Unregister(name);
            }

            // The imported certificates stay: under Wine 8.0 removing from LocalMachine\My does
            // not work; the prefix is thrown away after the run.

            foreach (var folder in _folders)
            {
                DeleteQuietly(folder);
            }

            _wineConnection?.Dispose();
        }

        [SupportedOSPlatform("windows")]
        private List<RegisteredService> LayOut()
        {
            const string kpr1 = @"C:\Program Files\CosDoc\KPR Service 1";
            const string kpr2 = @"C:\Program Files\CosDoc\KPR Service 2";
            const string digiHelse = @"%ProgramFiles%\CosDoc\DigiHelse";
            const string auth = @"C:\CosDoc\AuthServer";
            const string scheduler = @"C:\CosDoc\Scheduler";

            var services = new List<RegisteredService>
            {
                // Quoted path with spaces.
                Register("KPRService1", kpr1, $"\"{kpr1}\\{ExeName}\"", "LocalSystem", OldSet),

                // Unquoted path with spaces, arguments after the exe.
                Register("KPRService2", kpr2,
                    $"{kpr2}\\{ExeName} --start-delay 1500 --stop-delay 1500",
                    @"NT AUTHORITY\NetworkService", OldSet),

                // REG_EXPAND_SZ with %ProgramFiles%; the environment file completes the settings.
                Register("DigiHelseService", digiHelse, $"\"{digiHelse}\\{ExeName}\"",
                    @"NT SERVICE\DigiHelseService", null),

                // Quoted path with arguments, a local user account.
                Register("CosDocAuthServer", auth, $"\"{auth}\\{ExeName}\" --stop-delay 2000",
                    @".\cosdocsvc", OldSet),

                // Matches none of the default patterns.
                Register("CosDocScheduler", scheduler, $"\"{scheduler}\\{ExeName}\"",
                    @"NT AUTHORITY\LocalService", OldSet),
            };

            // appsettings.json names an encryption certificate that is not in the store;
            // appsettings.Production.json (the default environment) overrides it with the old one.
            var digiHelseFolder = services[2].Folder;
            AppSettings.Write(digiHelseFolder, OldSet.SigningThumbprint, AbsentEncryption);
            AppSettings.WriteOverride(digiHelseFolder, "Production", null, OldSet.EncryptionThumbprint);
            return services;
        }

        [SupportedOSPlatform("windows")]
        private static void CreateAnew(string name, string displayName, string imagePath, string objectName)
        {
            ServiceRegistration.Delete(name);
            ServiceRegistration.Create(name, displayName, imagePath, objectName);
            StoreImagePathAsWindowsDoes(name, imagePath);
        }

        // Windows's CreateService stores ImagePath as REG_EXPAND_SZ; Wine 8 stores REG_SZ. The
        // product reads the registry value, so it is put back in the Windows form (same text).
        private static void StoreImagePathAsWindowsDoes(string name, string imagePath)
        {
            using var key = Microsoft.Win32.Registry.LocalMachine.OpenSubKey(
                @"SYSTEM\CurrentControlSet\Services\" + name, writable: true)
                ?? throw new InvalidOperationException($"Service {name} has no registry key.");
            key.SetValue("ImagePath", imagePath, Microsoft.Win32.RegistryValueKind.ExpandString);
        }

        private static CertificateSet LoadSet(string name, string signingFile, string encryptionFile)
        {
            return new CertificateSet(name, ThumbprintOf(signingFile), ThumbprintOf(encryptionFile));
        }

        /// <summary>The DER bytes of a certificate shipped beside the tests (shared/certs).</summary>
        public static byte[] DerOf(string file)
        {
            using var certificate = X509Certificate2.CreateFromPem(
                File.ReadAllText(Path.Combine(CertificateFolder, file)));
            return certificate.RawData;
        }

        private static string ThumbprintOf(string file)
        {
            using var certificate = X509Certificate2.CreateFromPem(
                File.ReadAllText(Path.Combine(CertificateFolder, file)));
            return certificate.Thumbprint;
        }

        [SupportedOSPlatform("windows")]
        private void Import(string pemFile)
        {
            CertificateStoreAccess.AddPublic(pemFile);
        }

        private static void CopyTestService(string folder)
        {
            if (!File.Exists(Path.Combine(TestServiceFolder, ExeName)))
            {
                throw new InvalidOperationException(
                    $"The test service is not published to {TestServiceFolder}; run tests/wine.");
            }

            foreach (var source in Directory.GetFiles(TestServiceFolder, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(folder, Path.GetRelativePath(TestServiceFolder, source));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(source, target, overwrite: true);
            }
        }

        [SupportedOSPlatform("windows")]
        private static void StopQuietly(string name)
        {
            // Clean-up goes on whatever happens here (a stop that never returns included): the
            // prefix is thrown away after the run.
            var stop = System.Threading.Tasks.Task.Run(() =>
            {
                using var controller = new ServiceController(name);
                if (controller.Status != ServiceControllerStatus.Stopped)
                {
                    controller.Stop();
                    controller.WaitForStatus(ServiceControllerStatus.Stopped, TimeSpan.FromSeconds(30));
                }
            });
            try
            {
                stop.Wait(TimeSpan.FromSeconds(60));
            }
            catch (AggregateException)
            {
                // Already stopped, gone, or did not stop in time.
            }
        }

        private static void DeleteQuietly(string folder)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A service that would not stop keeps its exe open; the prefix goes anyway.
            }
        }
    }
}
