using CertDeploy.Core.Diagnostics;

namespace CertDeploy.Core.Certificates
{
    /// <summary>A certificate in the store whose DER encoding cannot be read.</summary>
    public sealed class CertificateReadException : CertDeployException
    {
        /// <summary>Creates the exception for the certificate with this SHA-1 thumbprint.</summary>
        public CertificateReadException(string thumbprint, string detail)
            : base("The certificate " + thumbprint + @" in LocalMachine\My cannot be read: " + detail
                + ". Remove it from the store or import it again from its PKCS#12 file.")
        {
            Thumbprint = thumbprint;
        }

        /// <summary>The SHA-1 of the unreadable bytes, which is the thumbprint the store shows.</summary>
        public string Thumbprint { get; }
    }
}
