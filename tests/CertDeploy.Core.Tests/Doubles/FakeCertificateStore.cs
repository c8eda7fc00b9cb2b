using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using CertDeploy.Core.Ports;

namespace CertDeploy.Core.Tests.Doubles;

/// <summary>
/// LocalMachine\My in memory, holding real certificates. Import reads real PKCS#12 files and
/// creates a key file for each imported key in <paramref name="keyFolder"/>.
/// </summary>
public sealed class FakeCertificateStore(string keyFolder, FaultInjector? faults = null) : ICertificateStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, StoreCertificate> _byThumbprint = new(StringComparer.OrdinalIgnoreCase);

    public FakeCertificateStore(FaultInjector? faults = null)
        : this(Path.Combine(Path.GetTempPath(), "certdeploy-keys-" + Guid.NewGuid().ToString("N")), faults)
    {
    }

    public string KeyFolder { get; } = keyFolder;

    /// <summary>Thumbprints removed through <see cref="Remove"/>.</summary>
    public List<string> Removed { get; } = new();

    /// <summary>
    /// Adds a certificate with a key of the given kind. A file-backed key (the default when the
    /// certificate has a private key) gets a real, empty key file in the key folder.
    /// </summary>
    public StoreCertificate Add(X509Certificate2 certificate, KeyStorageKind? keyKind = null)
    {
        var kind = keyKind ?? (certificate.HasPrivateKey ? KeyStorageKind.CngFile : KeyStorageKind.None);
        var key = kind switch
        {
            KeyStorageKind.None => KeyLocation.NoKey,
            KeyStorageKind.Hardware => new KeyLocation(kind, null, "Microsoft Platform Crypto Provider"),
            _ => new KeyLocation(
                kind, CreateKeyFile(certificate.Thumbprint), "Microsoft Software Key Storage Provider"),
        };
        var entry = new StoreCertificate(certificate.RawData, key);

        lock (_gate)
        {
            _byThumbprint[certificate.Thumbprint] = entry;
        }

        return entry;
    }

    /// <summary>Adds a certificate whose key the test keeps in a file of its own choosing.</summary>
    public StoreCertificate AddWithKeyFile(X509Certificate2 certificate, string keyFilePath,
        KeyStorageKind kind = KeyStorageKind.CngFile)
    {
        var entry = new StoreCertificate(certificate.RawData,
            new KeyLocation(kind, keyFilePath, "Microsoft Software Key Storage Provider"));
        lock (_gate)
        {
            _byThumbprint[certificate.Thumbprint] = entry;
        }

        return entry;
    }

    public IReadOnlyList<StoreCertificate> List()
    {
        faults?.Enter("Store", "List", "");
        lock (_gate)
        {
            return _byThumbprint.Values.ToList();
        }
    }

    public StoreCertificate? Find(string thumbprint)
    {
        faults?.Enter("Store", "Find", thumbprint);
        lock (_gate)
        {
            return _byThumbprint.TryGetValue(thumbprint, out var c) ? c : null;
        }
    }

    public IReadOnlyList<string> Import(string pfxPath, string password)
    {
        faults?.Enter("Store", "Import", pfxPath);
        var collection = X509CertificateLoader.LoadPkcs12CollectionFromFile(pfxPath, password);
        var added = new List<string>();

        foreach (var certificate in collection)
        {
            bool known;
            lock (_gate)
            {
                known = _byThumbprint.ContainsKey(certificate.Thumbprint);
            }

            if (!known)
            {
                Add(certificate);
                added.Add(certificate.Thumbprint);
            }
        }

        return added;
    }

    public void Remove(string thumbprint)
    {
        faults?.Enter("Store", "Remove", thumbprint);
        lock (_gate)
        {
            _byThumbprint.Remove(thumbprint);
            Removed.Add(thumbprint);
        }
    }

    private string CreateKeyFile(string thumbprint)
    {
        Directory.CreateDirectory(KeyFolder);
        var path = Path.Combine(KeyFolder, "key-" + thumbprint.ToLowerInvariant());
        File.WriteAllBytes(path, Array.Empty<byte>());
        return path;
    }
}
