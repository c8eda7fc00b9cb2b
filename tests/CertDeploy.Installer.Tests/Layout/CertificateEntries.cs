using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using CertDeploy.Core.Certificates;
using CertDeploy.Core.Ports;

namespace CertDeploy.Installer.Tests.Layout;

/// <summary>
/// The list entries of the certificate dialog for the real certificates in shared/certs,
/// made by the core exactly as the custom action makes them: CertificateFacts.FromStore,
/// CandidateRanking.Rank, DialogEntries.Format.
/// </summary>
public static class CertificateEntries
{
    /// <summary>Every key storage the Key column can name.</summary>
    public static readonly IReadOnlyList<KeyLocation> EveryKeyKind = new[]
    {
        KeyLocation.NoKey,
        new KeyLocation(KeyStorageKind.CapiFile, @"C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\k", null),
        new KeyLocation(KeyStorageKind.CngFile, @"C:\ProgramData\Microsoft\Crypto\Keys\k", null),
        new KeyLocation(KeyStorageKind.Hardware, null, "Microsoft Smart Card Key Storage Provider"),
        new KeyLocation(KeyStorageKind.Unreadable, null, null),
    };

    /// <summary>The .pem files of a folder, read as the store would hand them to the core.</summary>
    public static IReadOnlyList<CertificateFacts> Load(string certsFolder, KeyLocation key)
    {
        var files = Directory.GetFiles(certsFolder, "*.pem").OrderBy(f => f, StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new FileNotFoundException($"No .pem certificates in {certsFolder}", certsFolder);
        }

        return files.Select(file =>
        {
            using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(file));
            return CertificateFacts.FromStore(new StoreCertificate(certificate.RawData, key));
        }).ToList();
    }

    /// <summary>The list of one role as the dialog shows it: ranked, then formatted.</summary>
    public static IReadOnlyList<DialogEntry> List(IEnumerable<CertificateFacts> certificates,
        CertificateRole role, DateTimeOffset now) =>
        CandidateRanking.Rank(certificates, role, now)
            .Select(c => DialogEntries.Format(c, role, now))
            .ToList();

    /// <summary>
    /// Every entry the formatting can produce for these certificates: each key kind, each role
    /// (also the wrong one), before, during and after the validity period.
    /// </summary>
    public static IReadOnlyList<DialogEntry> EveryVariant(string certsFolder)
    {
        var entries = new List<DialogEntry>();
        foreach (var key in EveryKeyKind)
        {
            foreach (var certificate in Load(certsFolder, key))
            {
                var moments = new[]
                {
                    certificate.NotBefore.AddDays(-1),
                    certificate.NotBefore.AddDays(1),
                    certificate.NotAfter.AddDays(1),
                };
                foreach (var role in new[] { CertificateRole.Signing, CertificateRole.Encryption })
                {
                    entries.AddRange(moments.Select(now => DialogEntries.Format(certificate, role, now)));
                }
            }
        }

        return entries;
    }
}
