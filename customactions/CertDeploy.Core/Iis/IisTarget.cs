using System.Collections.Generic;
using CertDeploy.Core.Targets;

namespace CertDeploy.Core.Iis
{
    /// <summary>An IIS application CertDeploy configures: where its files are, whom it runs as.</summary>
    /// <param name="Application">The application as applicationHost.config describes it.</param>
    /// <param name="ApplicationFolder">Its root virtual directory's physical path, expanded.</param>
    /// <param name="Account">Its pool's identity, translated to a SID.</param>
    /// <param name="Environment">
    /// Its environment entries (NAME=value): the pool's environment variables, then those of
    /// web.config's aspNetCore element, which the ASP.NET Core Module sets over them.
    /// </param>
    public sealed record IisTarget(ApplicationConfig Application, string ApplicationFolder,
        AccountSid Account, IReadOnlyList<string> Environment)
    {
        /// <summary>
        /// The name the plan uses for this target's restart, files and grants:
        /// IIS AppPool\&lt;pool&gt; (see <see cref="TargetNames"/>).
        /// </summary>
        public string TargetName => TargetNames.ApplicationPool(Application.PoolName);

        /// <summary>"IIS application Site/path (pool P)", for messages.</summary>
        public string Description =>
            $"IIS application {Application.FullName} (application pool {Application.PoolName})";
    }

    /// <summary>The IIS applications found, and everything worth telling about the search.</summary>
    /// <param name="Targets">The applications that match and could be resolved.</param>
    /// <param name="Findings">Warnings and errors, all of them.</param>
    /// <param name="IisInstalled">Whether this machine has an applicationHost.config.</param>
    public sealed record IisDiscoveryResult(IReadOnlyList<IisTarget> Targets,
        IReadOnlyList<Diagnostics.Finding> Findings, bool IisInstalled);
}
