namespace CertDeploy.Core.Ports
{
    /// <summary>Every port the core uses to reach the machine, bundled for the entry points.</summary>
    /// <param name="Store">LocalMachine\My.</param>
    /// <param name="Services">The service control manager.</param>
    /// <param name="Accounts">Account name and SID translation.</param>
    /// <param name="Keys">Private key file access.</param>
    /// <param name="Files">The file system.</param>
    /// <param name="BackupGuard">Restricts backup folders to SYSTEM and Administrators.</param>
    /// <param name="Environment">The machine's environment variables.</param>
    /// <param name="Clock">Time and waiting.</param>
    /// <param name="Pools">The IIS application pools.</param>
    public sealed record MachinePorts(
        ICertificateStore Store,
        IServiceControl Services,
        IAccountLookup Accounts,
        IKeyAccess Keys,
        IFileSystem Files,
        IBackupFolderGuard BackupGuard,
        IMachineEnvironment Environment,
        IClock Clock,
        IApplicationPools Pools);
}
