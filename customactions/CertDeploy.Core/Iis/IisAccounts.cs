using System;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Ports;
using CertDeploy.Core.Targets;

namespace CertDeploy.Core.Iis
{
    /// <summary>The account an application pool's worker process runs as, as a SID.</summary>
    public static class IisAccounts
    {
        /// <summary>
        /// ApplicationPoolIdentity gives IIS AppPool\&lt;pool&gt; (computed, see
        /// <see cref="ServiceAccounts.AppPoolSid"/>); LocalSystem, LocalService and NetworkService
        /// their well-known SIDs; SpecificUser its userName through <paramref name="lookup"/>.
        /// </summary>
        /// <exception cref="CertDeployException">
        /// A SpecificUser pool without a userName, or an account that cannot be translated or is
        /// a group; the message names the pool.
        /// </exception>
        public static AccountSid Resolve(ApplicationPoolConfig pool, IAccountLookup lookup)
        {
            if (pool == null)
            {
                throw new ArgumentNullException(nameof(pool));
            }

            if (lookup == null)
            {
                throw new ArgumentNullException(nameof(lookup));
            }

            var owner = TargetNames.ApplicationPool(pool.Name);
            switch (pool.IdentityType)
            {
                case PoolIdentityType.ApplicationPoolIdentity:
                    return new AccountSid(owner, ServiceAccounts.AppPoolSid(pool.Name), true);
                case PoolIdentityType.LocalSystem:
                    return ServiceAccounts.Resolve(owner, "LocalSystem", lookup);
                case PoolIdentityType.LocalService:
                    return ServiceAccounts.Resolve(owner, @"NT AUTHORITY\LocalService", lookup);
                case PoolIdentityType.NetworkService:
                    return ServiceAccounts.Resolve(owner, @"NT AUTHORITY\NetworkService", lookup);
            }

            var user = (pool.UserName ?? "").Trim();
            if (user.Length == 0)
            {
                throw new CertDeployException(
                    $"Application pool {pool.Name} runs as a specific user but names none. Set its "
                    + "identity in IIS Manager (Application Pools, Advanced Settings, Identity).");
            }

            try
            {
                return ServiceAccounts.Resolve(owner, user, lookup);
            }
            catch (CertDeployException e)
            {
                throw new CertDeployException(
                    $"Application pool {pool.Name} runs as \"{user}\", which CertDeploy cannot use: "
                    + $"{e.Message} For an application pool, set the identity in IIS Manager "
                    + "(Application Pools, Advanced Settings, Identity).", e);
            }
        }
    }
}
