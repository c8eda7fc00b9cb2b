using System.Collections.Generic;
using CertDeploy.Core.Diagnostics;

namespace CertDeploy.Core.Configuration
{
    /// <summary>The configuration files of one application that must get the new thumbprints.</summary>
    public sealed class ConfigLayout
    {
        /// <summary>Creates a layout.</summary>
        /// <param name="environmentNames">The .NET environment names the application may run under.</param>
        /// <param name="filesToUpdate">Full paths of the files to change, appsettings.json first.</param>
        /// <param name="findings">What was found wrong or worth telling, naming file and owner.</param>
        public ConfigLayout(IReadOnlyList<string> environmentNames, IReadOnlyList<string> filesToUpdate,
            IReadOnlyList<Finding> findings)
        {
            EnvironmentNames = environmentNames;
            FilesToUpdate = filesToUpdate;
            Findings = findings;
        }

        /// <summary>
        /// The .NET environment names the application may run under, depending on how it is built
        /// ("Production" when none is set); the files of each are updated.
        /// </summary>
        public IReadOnlyList<string> EnvironmentNames { get; }

        /// <summary>Full paths of the files to change, appsettings.json first.</summary>
        public IReadOnlyList<string> FilesToUpdate { get; }

        /// <summary>Errors and warnings, each naming the file or variable and the owner.</summary>
        public IReadOnlyList<Finding> Findings { get; }
    }
}
