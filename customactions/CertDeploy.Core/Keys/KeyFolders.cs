using System;
using CertDeploy.Core.Diagnostics;

namespace CertDeploy.Core.Keys
{
    /// <summary>
    /// The folders where Windows keeps the machine's software private keys, below
    /// %ProgramData%. Paths are Windows paths (backslashes) on every OS, so that the core can
    /// compute and test them on Linux.
    /// </summary>
    public sealed class KeyFolders
    {
        /// <summary>The folders below the given %ProgramData% (for instance C:\ProgramData).</summary>
        /// <exception cref="CertDeployException">The folder is blank.</exception>
        public KeyFolders(string programData)
        {
            if (string.IsNullOrWhiteSpace(programData))
            {
                throw new CertDeployException(
                    "The ProgramData folder of this machine is unknown, so the private key files " +
                    "cannot be found. Check the ProgramData environment variable.");
            }

            ProgramData = programData.Trim().TrimEnd('\\', '/');
        }

        /// <summary>%ProgramData% as given, without a trailing separator.</summary>
        public string ProgramData { get; }

        /// <summary>CNG machine keys (key storage providers): Microsoft\Crypto\Keys.</summary>
        public string Cng => Combine(@"Microsoft\Crypto\Keys");

        /// <summary>CryptoAPI RSA machine keys: Microsoft\Crypto\RSA\MachineKeys.</summary>
        public string CapiRsa => Combine(@"Microsoft\Crypto\RSA\MachineKeys");

        /// <summary>CryptoAPI DSS and Diffie-Hellman machine keys: ...\Crypto\DSS\MachineKeys.</summary>
        public string CapiDss => Combine(@"Microsoft\Crypto\DSS\MachineKeys");

        /// <summary>A file in one of the key folders.</summary>
        public static string FileIn(string folder, string fileName) => folder + "\\" + fileName;

        private string Combine(string relative) => ProgramData + "\\" + relative;
    }
}
