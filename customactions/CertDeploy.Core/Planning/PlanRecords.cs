using System.Collections.Generic;

namespace CertDeploy.Core.Planning
{
    /// <summary>One configuration file whose two CertSettings values the run sets.</summary>
    /// <param name="Path">The file's full path.</param>
    /// <param name="Owner">The name of the service that reads this file; its restart depends on it.</param>
    /// <param name="OldSigning">The signing thumbprint in the file at planning time; null if absent.</param>
    /// <param name="NewSigning">The signing thumbprint to write.</param>
    /// <param name="OldEncryption">The encryption thumbprint at planning time; null if absent.</param>
    /// <param name="NewEncryption">The encryption thumbprint to write.</param>
    public sealed record FileChange(string Path, string Owner, string? OldSigning,
        string NewSigning, string? OldEncryption, string NewEncryption);

    /// <summary>Read access to one private key file for the account of one service.</summary>
    /// <param name="KeyFilePath">The private key file.</param>
    /// <param name="Thumbprint">The certificate whose key this is.</param>
    /// <param name="ServiceName">The service that needs the access.</param>
    /// <param name="AccountName">The service's account at planning time.</param>
    /// <param name="Sid">That account's SID at planning time.</param>
    public sealed record KeyGrant(string KeyFilePath, string Thumbprint, string ServiceName,
        string AccountName, string Sid);

    /// <summary>A service that is restarted if it is running and its files or key access changed.</summary>
    /// <param name="ServiceName">The service.</param>
    /// <param name="DependsOn">The services it depends on (as the service control manager says).</param>
    public sealed record ServiceRestart(string ServiceName, IReadOnlyList<string> DependsOn);
}
