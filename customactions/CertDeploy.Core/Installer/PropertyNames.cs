namespace CertDeploy.Core.Installer
{
    /// <summary>
    /// The Windows Installer properties CertDeploy reads. Public ones are Secure in the package
    /// and documented in README; their names are final once released.
    /// </summary>
    public static class PropertyNames
    {
        /// <summary>Thumbprint of the signing certificate; any pasted form is accepted.</summary>
        public const string SigningThumbprint = "CERTDEPLOY_SIGNING_THUMBPRINT";

        /// <summary>Thumbprint of the encryption certificate; any pasted form is accepted.</summary>
        public const string EncryptionThumbprint = "CERTDEPLOY_ENCRYPTION_THUMBPRINT";

        /// <summary>Service name patterns (* and ?), separated by semicolons.</summary>
        public const string ServicePatterns = "CERTDEPLOY_SERVICES";

        /// <summary>
        /// IIS application patterns (* and ?), separated by semicolons: a pool, site or application
        /// name, or "site/application path".
        /// </summary>
        public const string IisApplications = "CERTDEPLOY_IIS_APPS";

        /// <summary>Seconds to wait for a service to stop, and again to start.</summary>
        public const string ServiceTimeoutSeconds = "CERTDEPLOY_SERVICE_TIMEOUT";

        /// <summary>"0" to change files and key access without restarting any service.</summary>
        public const string Restart = "CERTDEPLOY_RESTART";

        /// <summary>PKCS#12 files to import into LocalMachine\My first, separated by semicolons.</summary>
        public const string Pkcs12Files = "CERTDEPLOY_PFX_FILES";

        /// <summary>The password of the PKCS#12 files (Hidden: never logged).</summary>
        public const string Pkcs12Password = "CERTDEPLOY_PFX_PASSWORD";

        /// <summary>Days before expiry from which a chosen certificate gets a warning.</summary>
        public const string ExpiryWarningDays = "CERTDEPLOY_EXPIRY_WARNING_DAYS";

        /// <summary>The signing thumbprint remembered in the registry at the last successful run.</summary>
        public const string RememberedSigning = "CERTDEPLOY_REMEMBERED_SIGNING";

        /// <summary>
        /// The encryption thumbprint remembered in the registry at the last successful run.
        /// </summary>
        public const string RememberedEncryption = "CERTDEPLOY_REMEMBERED_ENCRYPTION";

        /// <summary>Private: the serialised plan that Prepare hands to the deferred actions.</summary>
        public const string Plan = "CertDeployPlan";
    }
}
