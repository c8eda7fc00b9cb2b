using System;
using System.Runtime.Versioning;
using System.Security.Principal;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Ports;

namespace CertDeploy.Windows.Accounts
{
    /// <summary>
    /// Account names and SIDs translated by Windows (LookupAccountName and LookupAccountSid
    /// behind <see cref="NTAccount.Translate"/> and <see cref="SecurityIdentifier.Translate"/>).
    /// </summary>
    /// <remarks>
    /// Relies on: IdentityNotMappedException for a name or SID that no authority knows (then
    /// null is returned); other failures, such as an unreachable domain controller, are errors.
    /// A local account written ".\user" is looked up as COMPUTERNAME\user.
    /// </remarks>
    [SupportedOSPlatform("windows")]
    public sealed class WindowsAccountLookup : IAccountLookup
    {
        /// <inheritdoc />
        public string? TryGetSid(string accountName)
        {
            try
            {
                var sid = new NTAccount(LocalMachineQualified(accountName))
                    .Translate(typeof(SecurityIdentifier));
                return ((SecurityIdentifier)sid).Value;
            }
            catch (IdentityNotMappedException)
            {
                return null;
            }
            catch (ArgumentException error)
            {
                throw new CertDeployException(
                    $"\"{accountName}\" is not a valid account name. Check the service's account " +
                    "(Log On tab in services.msc).", error);
            }
            catch (SystemException error) when (IsLookupFailure(error))
            {
                throw Win32Failure.Wrap($"Could not look up the SID of account {accountName}", error,
                    "Check that the domain controller can be reached, and run the installation again.");
            }
        }

        /// <inheritdoc />
        public string? TryGetName(string sid)
        {
            SecurityIdentifier identifier;
            try
            {
                identifier = new SecurityIdentifier(sid);
            }
            catch (ArgumentException error)
            {
                throw new CertDeployException($"\"{sid}\" is not a security identifier (S-1-5-...).", error);
            }

            try
            {
                return ((NTAccount)identifier.Translate(typeof(NTAccount))).Value;
            }
            catch (IdentityNotMappedException)
            {
                return null;
            }
            catch (SystemException error) when (IsLookupFailure(error))
            {
                throw Win32Failure.Wrap($"Could not look up the account name of {sid}", error,
                    "Check that the domain controller can be reached, and run the installation again.");
            }
        }

        // The service control manager writes a local account as ".\user", but LookupAccountName
        // knows no "." domain and reports such a name as not mapped: name the machine instead.
        private static string LocalMachineQualified(string accountName) =>
            accountName.StartsWith(@".\", StringComparison.Ordinal)
                ? Environment.MachineName + accountName.Substring(1)
                : accountName;

        // Translate reports a Win32 error of the lookup as a plain SystemException.
        private static bool IsLookupFailure(SystemException error) =>
            error.GetType() == typeof(SystemException) || error is System.ComponentModel.Win32Exception;
    }
}
