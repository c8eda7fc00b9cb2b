using System;

namespace CertDeploy.Core.Targets
{
    /// <summary>
    /// How the plan names what it restarts and whom files and grants belong to: a Windows service
    /// by its service name, an IIS application pool as IIS AppPool\&lt;pool&gt;, the name of its
    /// account. No service name holds '\', so the two never collide, also where a service and a
    /// pool share a name (a machine that moved the authentication service into IIS).
    /// </summary>
    public static class TargetNames
    {
        /// <summary>The prefix of an application pool's target name.</summary>
        public const string PoolPrefix = @"IIS AppPool\";

        /// <summary>The target name of an application pool.</summary>
        public static string ApplicationPool(string poolName)
        {
            if (poolName == null)
            {
                throw new ArgumentNullException(nameof(poolName));
            }

            return PoolPrefix + poolName;
        }

        /// <summary>Whether the target name is an application pool's, and which pool.</summary>
        public static bool TryGetPool(string targetName, out string poolName)
        {
            if (targetName != null
                && targetName.StartsWith(PoolPrefix, StringComparison.OrdinalIgnoreCase)
                && targetName.Length > PoolPrefix.Length)
            {
                poolName = targetName.Substring(PoolPrefix.Length);
                return true;
            }

            poolName = "";
            return false;
        }
    }
}
