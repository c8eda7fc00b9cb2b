using System.Collections.Generic;
using CertDeploy.Core.Targets;

namespace CertDeploy.Core.Planning
{
    /// <summary>One configuration file whose two CertSettings values the run sets.</summary>
    /// <param name="Path">The file's full path.</param>
    /// <param name="Owner">
    /// The name of the service that reads this file, or IIS AppPool\&lt;pool&gt; for an IIS
    /// application; its restart depends on it.
    /// </param>
    /// <param name="OldSigning">The signing thumbprint in the file at planning time; null if absent.</param>
    /// <param name="NewSigning">The signing thumbprint to write.</param>
    /// <param name="OldEncryption">The encryption thumbprint at planning time; null if absent.</param>
    /// <param name="NewEncryption">The encryption thumbprint to write.</param>
    public sealed record FileChange(string Path, string Owner, string? OldSigning,
        string NewSigning, string? OldEncryption, string NewEncryption);

    /// <summary>Read access to one private key file for the account of one service.</summary>
    /// <param name="KeyFilePath">The private key file.</param>
    /// <param name="Thumbprint">The certificate whose key this is.</param>
    /// <param name="ServiceName">The service that needs the access, or IIS AppPool\&lt;pool&gt;.</param>
    /// <param name="AccountName">The service's account at planning time.</param>
    /// <param name="Sid">That account's SID at planning time.</param>
    public sealed record KeyGrant(string KeyFilePath, string Thumbprint, string ServiceName,
        string AccountName, string Sid);

    /// <summary>
    /// The private key file of a chosen certificate. The grant step gives read access on it to
    /// the account every target runs as at that moment, also to a target that needed no grant
    /// when the changes were planned.
    /// </summary>
    /// <param name="Thumbprint">The certificate whose key this is.</param>
    /// <param name="Path">The private key file.</param>
    public sealed record KeyFile(string Thumbprint, string Path);

    /// <summary>What a restart target is, and so how it is restarted.</summary>
    public enum RestartKind
    {
        /// <summary>A Windows service: stopped and started through the service control manager.</summary>
        Service,

        /// <summary>An IIS application pool: recycled, or left stopped when it is stopped.</summary>
        ApplicationPool,
    }

    /// <summary>
    /// A service or IIS application pool that is restarted if it is running and its files or key
    /// access changed.
    /// </summary>
    /// <param name="ServiceName">
    /// The service, or for a pool its target name IIS AppPool\&lt;pool&gt; (see
    /// <see cref="TargetNames"/>); files and grants name their owner the same way.
    /// </param>
    /// <param name="DependsOn">The services it depends on (as the service control manager says).</param>
    public sealed record ServiceRestart(string ServiceName, IReadOnlyList<string> DependsOn)
    {
        /// <summary>Whether this is a service or an application pool; follows from the name.</summary>
        public RestartKind Kind =>
            TargetNames.TryGetPool(ServiceName, out _) ? RestartKind.ApplicationPool : RestartKind.Service;

        /// <summary>The pool's name for an application pool; null for a service.</summary>
        public string? PoolName => TargetNames.TryGetPool(ServiceName, out var pool) ? pool : null;

        /// <summary>The restart of an IIS application pool (which depends on no service).</summary>
        public static ServiceRestart ForApplicationPool(string poolName) =>
            new ServiceRestart(TargetNames.ApplicationPool(poolName), new List<string>());

        /// <summary>"service NAME" or "IIS application pool NAME", for messages.</summary>
        public static string Describe(string targetName) =>
            TargetNames.TryGetPool(targetName, out var pool)
                ? "IIS application pool " + pool
                : "service " + targetName;
    }
}
