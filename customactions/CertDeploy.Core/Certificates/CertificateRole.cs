using System;

namespace CertDeploy.Core.Certificates
{
    /// <summary>What the CosDoc services use a certificate for, as its Key Usage allows.</summary>
    [Flags]
    public enum CertificateRole
    {
        /// <summary>Neither: an authentication certificate, or one without Key Usage.</summary>
        None = 0,

        /// <summary>Signing: Key Usage has nonRepudiation (contentCommitment).</summary>
        Signing = 1,

        /// <summary>Encryption: Key Usage has keyEncipherment or dataEncipherment.</summary>
        Encryption = 2,
    }
}
