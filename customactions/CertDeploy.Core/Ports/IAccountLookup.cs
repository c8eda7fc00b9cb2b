namespace CertDeploy.Core.Ports
{
    /// <summary>
    /// Translates account names the core cannot compute itself (domain and local users, managed
    /// service accounts) to security identifiers, and SIDs back to names for the log. Well-known
    /// accounts and virtual accounts are handled by the core without this port.
    /// </summary>
    public interface IAccountLookup
    {
        /// <summary>The SID in string form ("S-1-5-21-..."), or null if the name is unknown.</summary>
        string? TryGetSid(string accountName);

        /// <summary>The account name of a SID ("DOMAIN\name"), or null if it cannot be resolved.</summary>
        string? TryGetName(string sid);
    }
}
