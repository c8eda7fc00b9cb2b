using System.Linq;
using System.Security.Cryptography.X509Certificates;
using Xunit;

namespace CertDeploy.Core.Tests.Support;

public class TestCertificatesTests
{
    [Fact]
    public void BuypassSeid2_HasTheProfilesKeyUsagesAndOrganisationIdentifier()
    {
        var set = TestCertificates.Buypass(Seid.Two, "912345678");

        Assert.Equal(X509KeyUsageFlags.NonRepudiation, Usage(set.Signing));
        Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, Usage(set.Encryption));
        Assert.Contains("NTRNO-912345678", set.Signing.Subject, System.StringComparison.Ordinal);
        Assert.Equal(set.Signing.Subject, set.Encryption.Subject);
        Assert.True(set.Signing.HasPrivateKey);
        Assert.Equal(3072, set.Signing.GetRSAPublicKey()!.KeySize);
        Assert.True(set.Signing.Extensions.OfType<X509KeyUsageExtension>().Single().Critical);
    }

    [Fact]
    public void CommfidesSeid1_HasThreeCertificatesWithSerialNumberAndDifferentLocality()
    {
        var set = TestCertificates.Commfides(Seid.One, "987654321");

        Assert.NotNull(set.Authentication);
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, Usage(set.Authentication!));
        Assert.Equal(TestCertificates.CommfidesEncryption, Usage(set.Encryption));
        Assert.NotEqual(set.Signing.Subject, set.Encryption.Subject);
        Assert.Equal(2048, set.Signing.GetRSAPublicKey()!.KeySize);
    }

    private static X509KeyUsageFlags Usage(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages;
}
