using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Installer;
using CertDeploy.Core.Ports;
using CertDeploy.Core.Tests.Installer;
using CertDeploy.Core.Tests.ScriptModel;
using CertDeploy.Core.Tests.Support;
using Xunit;
using static CertDeploy.Core.Tests.Installer.CosDocServer;

namespace CertDeploy.Core.Tests.Breaking.Round4;

/// <summary>
/// CERTDEPLOY_PFX_FILES and CERTDEPLOY_PFX_PASSWORD with real PKCS#12 files, and the exit code
/// 1602 promise ("cancelled by the user; everything was rolled back").
/// </summary>
public class Pkcs12AndCancelTests
{
    private const string Password = "hemmelig";

    [Theory]
    [InlineData("pa;ss=word")] // both CustomActionData separators
    [InlineData("  leading and trailing  ")] // spaces belong to the password
    [InlineData("[ProductCode]{x}")] // characters Windows Installer formats in property values
    [InlineData("blåbærsyltetøy=1;")] // Norwegian letters and separators at the end
    public void Prepare_PasswordWithSeparatorsSpacesAndBrackets_ImportsAndLeaksNowhere(string password)
    {
        using var server = new CosDocServer();
        var fresh = TestCertificates.Buypass(Seid.Two, "912345678", TestCertificates.Now.AddDays(-1));
        var pfx = Path.Combine(server.Root, "virksomhet.p12");
        File.WriteAllBytes(pfx, TestCertificates.ExportPkcs12(password, fresh.Signing, fresh.Encryption));

        var prepared = server.Deployment().Prepare(Properties(
            (PropertyNames.Pkcs12Files, pfx), (PropertyNames.Pkcs12Password, password),
            (PropertyNames.SigningThumbprint, fresh.Signing.Thumbprint),
            (PropertyNames.EncryptionThumbprint, fresh.Encryption.Thumbprint)));

        Assert.Equal(fresh.Encryption.Thumbprint, prepared.Plan.EncryptionThumbprint);
        var secret = password.Trim();
        Assert.DoesNotContain(secret, server.Log.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, prepared.PlanData, StringComparison.Ordinal);
        Assert.DoesNotContain(prepared.Findings, f => f.Message.Contains(secret, StringComparison.Ordinal));

        // The test key port knows only the keys the server was built with; the imported ones are
        // made known to it as Windows would have them.
        foreach (var key in prepared.Plan.KeyFiles.Where(k => !server.Keys.Descriptors.ContainsKey(k.Path)))
        {
            server.Keys.AddKey(key.Path);
        }

        var result = server.RunScript(prepared.PlanData);
        Assert.True(result.Succeeded, result.Failure?.ToString());
    }

    [Fact]
    public void Prepare_SecondFileFailsToImport_CertificatesOfTheFirstAreRemovedAgain()
    {
        using var server = new CosDocServer();
        var fresh = TestCertificates.Buypass(Seid.Two, "912345678", TestCertificates.Now.AddDays(-1));
        var good = Path.Combine(server.Root, "sign.p12");
        var second = Path.Combine(server.Root, "enc.p12");
        File.WriteAllBytes(good, TestCertificates.ExportPkcs12(Password, fresh.Signing));
        File.WriteAllBytes(second, TestCertificates.ExportPkcs12(Password, fresh.Encryption));
        var before = MachineState(server);

        // The store fails on the second file as a Win32 or I/O error would (the shared fault injector).
        server.Faults.FailWhenCallStartsWith = "Store.Import " + second;
        server.Faults.Armed = true;
        var error = Record.Exception(() => server.Deployment().Prepare(Properties(
            (PropertyNames.Pkcs12Files, good + ";" + second), (PropertyNames.Pkcs12Password, Password),
            (PropertyNames.SigningThumbprint, fresh.Signing.Thumbprint),
            (PropertyNames.EncryptionThumbprint, fresh.Encryption.Thumbprint))));

        // README, What a run does: "nothing is changed (certificates it imported are removed again)".
        Assert.NotNull(error);
        Assert.True(server.Faults.Fired);
        Assert.Null(server.Store.Find(fresh.Signing.Thumbprint));
        Assert.Equal(before, MachineState(server));
    }

    [Fact]
    public void Prepare_MissingFileAndWrongPasswordAndGoodFile_EveryBadFileNamedAndNothingStays()
    {
        using var server = new CosDocServer();
        var fresh = TestCertificates.Buypass(Seid.Two, "912345678", TestCertificates.Now.AddDays(-1));
        var good = Path.Combine(server.Root, "sign.p12");
        var missing = Path.Combine(server.Root, "missing.p12");
        var otherPassword = Path.Combine(server.Root, "enc.p12");
        File.WriteAllBytes(good, TestCertificates.ExportPkcs12(Password, fresh.Signing));
        File.WriteAllBytes(otherPassword, TestCertificates.ExportPkcs12("annet", fresh.Encryption));
        var ports = server.Ports with { Store = new AdapterLikeStore(server.Store) };
        var before = MachineState(server);

        var error = Assert.Throws<CertDeployException>(() => new Deployment(ports, server.Log).Prepare(Properties(
            (PropertyNames.Pkcs12Files, $"{good};{missing};{otherPassword}"),
            (PropertyNames.Pkcs12Password, Password),
            (PropertyNames.SigningThumbprint, fresh.Signing.Thumbprint),
            (PropertyNames.EncryptionThumbprint, fresh.Encryption.Thumbprint))));

        // README: "Any problem stops the run here, with every problem listed". Both bad files are
        // independent problems: an administrator who fixes the path should not learn of the
        // password only on the next attempt.
        var messages = string.Join("\n", error.Findings.Select(f => f.Message));
        Assert.Contains(missing, messages, StringComparison.Ordinal);
        Assert.Contains(otherPassword, messages, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, messages, StringComparison.Ordinal);
        Assert.Null(server.Store.Find(fresh.Signing.Thumbprint));
        Assert.Equal(before, MachineState(server));
    }

    [Fact]
    public void Prepare_SameFileListedTwiceInOtherSpellings_ImportedOnceAndRemovedOnceOnFailure()
    {
        using var server = new CosDocServer();
        var fresh = TestCertificates.Buypass(Seid.Two, "912345678", TestCertificates.Now.AddDays(-1));
        var pfx = Path.Combine(server.Root, "set.p12");
        File.WriteAllBytes(pfx, TestCertificates.ExportPkcs12(Password, fresh.Signing, fresh.Encryption));
        var before = MachineState(server);

        // The encryption certificate chosen for signing makes the plan fail after the imports.
        Assert.Throws<CertDeployException>(() => server.Deployment().Prepare(Properties(
            (PropertyNames.Pkcs12Files, $"{pfx}; \"{pfx}\" ;{pfx}"),
            (PropertyNames.Pkcs12Password, Password),
            (PropertyNames.SigningThumbprint, fresh.Encryption.Thumbprint),
            (PropertyNames.EncryptionThumbprint, fresh.Encryption.Thumbprint))));

        Assert.Equal(2, server.Store.Removed.Count);
        Assert.Null(server.Store.Find(fresh.Signing.Thumbprint));
        Assert.Equal(before, MachineState(server));
    }

    [Fact]
    public void WholeRun_UserCancelsWhileServicesRestart_CancelReachesTheInstallerAndEverythingIsRolledBack()
    {
        using var server = new CosDocServer();
        var before = server.Fingerprint();
        var plan = server.Deployment().Prepare(NewSelection()).PlanData;
        var progressCalls = 0;

        // msiexec answers Cancel to an ActionData message; the custom action turns that into
        // OperationCanceledException (README exit code 1602: "everything was rolled back").
        var result = new InstallScript(InstallScript.DesignOrder, name => () =>
        {
            var deployment = server.Deployment();
            switch (name)
            {
                case "CertDeploy_Write": deployment.Write(plan); break;
                case "CertDeploy_WriteRollback": deployment.WriteRollback(plan); break;
                case "CertDeploy_Grant": deployment.Grant(plan); break;
                case "CertDeploy_GrantRollback": deployment.GrantRollback(plan); break;
                case "CertDeploy_Restart":
                    deployment.Restart(plan, _ =>
                    {
                        if (++progressCalls == 2)
                        {
                            throw new OperationCanceledException("The user canceled while services restarted.");
                        }
                    });
                    break;
                case "CertDeploy_RestartRollback": deployment.RestartRollback(plan); break;
                case "CertDeploy_Commit": deployment.Commit(plan); break;
                default: throw new InvalidOperationException($"No custom action {name}");
            }
        }).Run();

        Assert.False(result.Succeeded);
        Assert.Equal("CertDeploy_Restart", result.FailedAction);

        // The entry point maps only OperationCanceledException (not a wrapper) to 1602.
        Assert.IsAssignableFrom<OperationCanceledException>(result.Failure);
        Assert.Empty(result.CleanupFailures);
        Assert.Equal(before, server.Fingerprint());
    }

    // The test store leaves the key file of a removed certificate behind (the Windows adapter
    // deletes it), so the key folder is compared through the store's content instead.
    private static string MachineState(CosDocServer server)
    {
        var keyFolder = Path.Combine(server.Root, "MachineKeys");
        var lines = server.Fingerprint().Split('\n').Where(l => !l.StartsWith(keyFolder, StringComparison.Ordinal));
        var thumbprints = server.Store.List()
            .Select(c => System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(c.RawData)
                .Thumbprint)
            .Order(StringComparer.Ordinal);
        return string.Join("\n", lines) + "\nstore: " + string.Join(",", thumbprints);
    }

    /// <summary>
    /// The in-memory store, failing as the Windows adapter does: an unreadable file or a wrong
    /// password is a CertDeployException naming the file and never the password.
    /// </summary>
    private sealed class AdapterLikeStore(ICertificateStore inner) : ICertificateStore
    {
        public IReadOnlyList<StoreCertificate> List() => inner.List();

        public StoreCertificate? Find(string thumbprint) => inner.Find(thumbprint);

        public IReadOnlyList<string> Import(string pfxPath, string password)
        {
            try
            {
                if (!File.Exists(pfxPath))
                {
                    throw new FileNotFoundException("The system cannot find the file specified", pfxPath);
                }

                return inner.Import(pfxPath, password);
            }
            catch (IOException error)
            {
                throw new CertDeployException($"Could not read the PKCS#12 file {pfxPath}: {error.Message}. "
                    + "Check the path in CERTDEPLOY_PFX_FILES and that the installer can read the file.");
            }
            catch (CryptographicException error)
            {
                throw new CertDeployException($"Could not open the PKCS#12 file {pfxPath}: {error.Message}. "
                    + "Check CERTDEPLOY_PFX_PASSWORD (the password sent with the certificates) and that the "
                    + "file is the .p12 or .pfx file from the certificate issuer.");
            }
        }

        public void Remove(string thumbprint) => inner.Remove(thumbprint);
    }
}
