using System.IO;
using System.Linq;
using CertDeploy.Core.Ports;
using CertDeploy.Windows.Store;
using Xunit;

namespace CertDeploy.Windows.Tests
{
    internal static class WineStore
    {
        public const string RemoveDoesNotWork = "Under Wine 8.0 X509Store.Remove returns without "
            + "error and leaves the certificate in LocalMachine\\My.";
    }

    /// <summary>
    /// The product's store port against LocalMachine\My holding the two public certificate sets.
    /// The store has no private keys here: Wine keeps keys where the product cannot locate them.
    /// </summary>
    public sealed class WindowsCertificateStoreTests
    {
        private readonly CosDocMachine _machine;
        private readonly WindowsCertificateStore _store = new();

        public WindowsCertificateStoreTests(CosDocMachine machine) => _machine = machine;

        [Fact]
        public void List_BothSetsImported_HoldsAllFourWithoutKeys()
        {
            Lane.Require();

            var listed = _store.List();

            foreach (var file in new[]
            {
                "buypass-seid2-test-vid-sign.pem", "buypass-seid2-test-vid-auth+enc.pem",
                "commfides-seid2-prod-ks-sign.pem", "commfides-seid2-prod-ks-enc.pem",
            })
            {
                var der = CosDocMachine.DerOf(file);
                var entry = Assert.Single(listed, c => c.RawData.SequenceEqual(der));
                Assert.Equal(KeyLocation.NoKey, entry.Key);
            }
        }

        [Theory]
        [InlineData("buypass-seid2-test-vid-sign.pem")]   // old set, Buypass
        [InlineData("commfides-seid2-prod-ks-enc.pem")]   // new set, Commfides
        public void Find_ImportedCertificate_ReturnsItsDerBytes(string file)
        {
            Lane.Require();
            var der = CosDocMachine.DerOf(file);
            var thumbprint = System.Convert.ToHexString(
                System.Security.Cryptography.SHA1.HashData(der));

            var found = _store.Find(thumbprint);

            Assert.NotNull(found);
            Assert.Equal(der, found.RawData);
        }

        [Fact]
        public void Find_ThumbprintNotInStore_ReturnsNull()
        {
            Lane.Require();

            Assert.Null(_store.Find(CosDocMachine.AbsentSigning));
        }

        // Measured with Wine 8.0: X509Store.Remove on LocalMachine\My returns without error but
        // the certificate stays. Skipped under Wine.
        [Fact]
        public void Remove_CertificateAddedForTheTest_IsGoneAndOthersStay()
        {
            Lane.Require();
            Assert.SkipWhen(Lane.IsWine, WineStore.RemoveDoesNotWork);
            var pem = Path.Combine(CosDocMachine.CertificateFolder, "commfides-seid2-prod-ks-auth.pem");
            var thumbprint = CertificateStoreAccess.AddPublic(pem);
            Assert.NotNull(_store.Find(thumbprint));

            _store.Remove(thumbprint);
            _store.Remove(thumbprint); // a second removal, as a repeated rollback does

            Assert.Null(_store.Find(thumbprint));
            Assert.NotNull(_store.Find(_machine.NewSet.SigningThumbprint));
        }

        // A control for the test above: removal through X509Store alone, without the product.
        [Fact]
        public void X509StoreRemove_CertificateAddedForTheTest_IsGone()
        {
            Lane.Require();
            Assert.SkipWhen(Lane.IsWine, WineStore.RemoveDoesNotWork);
            var pem = Path.Combine(CosDocMachine.CertificateFolder, "commfides-seid2-prod-ks-auth.pem");
            var thumbprint = CertificateStoreAccess.AddPublic(pem);
            Assert.Contains(thumbprint, CertificateStoreAccess.Thumbprints());

            CertificateStoreAccess.Remove(thumbprint);

            Assert.DoesNotContain(thumbprint, CertificateStoreAccess.Thumbprints());
        }
    }
}
