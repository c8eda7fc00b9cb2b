using System.IO;
using System.Security.Cryptography.X509Certificates;
using CertDeploy.Core.Certificates;
using CertDeploy.Core.Ports;
using CertDeploy.Core.Tests.Support;
using Xunit;

namespace CertDeploy.Core.Tests.Certificates;

/// <summary>The public certificates of real enterprise certificate sets in shared/certs.</summary>
public static class RealCertificates
{
    public static readonly string[] Files =
    {
        "buypass-seid1-test-digdir-auth+enc-eku.pem",
        "buypass-seid1-test-helsenorge-auth+enc.pem",
        "buypass-seid1-test-helsenorge-sign.pem",
        "buypass-seid2-prod-nhn-sign.pem",
        "buypass-seid2-test-psd2-qseal.pem",
        "buypass-seid2-test-qceseal-auth+enc.pem",
        "buypass-seid2-test-qceseal-sign.pem",
        "buypass-seid2-test-vid-auth+enc.pem",
        "buypass-seid2-test-vid-sign.pem",
        "commfides-seid1-prod-ks-enc.pem",
        "commfides-seid1-test-auth.pem",
        "commfides-seid1-test-sign.pem",
        "commfides-seid2-prod-ks-auth.pem",
        "commfides-seid2-prod-ks-enc.pem",
        "commfides-seid2-prod-ks-sign.pem",
        "commfides-seid2-test-digdir-auth.pem",
        "commfides-seid2-test-digdir-sign.pem",
    };

    public static TheoryData<string> FileRows()
    {
        var rows = new TheoryData<string>();
        foreach (var file in Files)
        {
            rows.Add(file);
        }

        return rows;
    }

    /// <summary>The DER bytes of a file in shared/certs; skips the test where shared/ is absent.</summary>
    public static byte[] Load(string file)
    {
        var folder = SharedFolder.Path;
        if (folder == null)
        {
            Assert.Skip("The shared folder with the real certificates is not beside the repository.");
        }

        var path = Path.Combine(folder, "certs", file);
        if (!File.Exists(path))
        {
            Assert.Skip("The real certificate " + path + " is not there.");
        }

        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(path));
        return certificate.RawData;
    }

    public static CertificateFacts Facts(string file, KeyStorageKind key = KeyStorageKind.None) =>
        CertificateFacts.FromStore(new StoreCertificate(Load(file), Key(key)));

    public static KeyLocation Key(KeyStorageKind kind) => kind switch
    {
        KeyStorageKind.None => KeyLocation.NoKey,
        KeyStorageKind.Hardware => new KeyLocation(kind, null, "Microsoft Platform Crypto Provider"),
        _ => new KeyLocation(kind, @"C:\ProgramData\Microsoft\Crypto\Keys\key",
            "Microsoft Software Key Storage Provider"),
    };
}
