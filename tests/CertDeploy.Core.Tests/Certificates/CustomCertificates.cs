using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertDeploy.Core.Certificates;
using CertDeploy.Core.Ports;
using CertDeploy.Core.Tests.Support;

namespace CertDeploy.Core.Tests.Certificates;

/// <summary>Certificates with a subject or extensions the issuer profiles do not have.</summary>
public static class CustomCertificates
{
    private static readonly Lazy<RSA> Key = new(() => RSA.Create(2048));

    /// <summary>A certificate with this subject; with Key Usage <paramref name="usage"/>, or none when null.</summary>
    public static X509Certificate2 Create(X500DistinguishedName subject, X509KeyUsageFlags? usage,
        DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        var request = new CertificateRequest(subject, Key.Value, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (usage.HasValue)
        {
            request.CertificateExtensions.Add(new X509KeyUsageExtension(usage.Value, critical: true));
        }

        var from = notBefore ?? TestCertificates.Now.AddMonths(-1);
        return request.CreateSelfSigned(from, notAfter ?? from.AddYears(3));
    }

    public static CertificateFacts Facts(X509Certificate2 certificate, KeyStorageKind key = KeyStorageKind.CngFile) =>
        CertificateFacts.FromStore(new StoreCertificate(certificate.RawData, RealCertificates.Key(key)));
}
