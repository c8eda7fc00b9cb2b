using System.Collections.Generic;
using CertDeploy.Core.Diagnostics;

namespace CertDeploy.Core.Configuration
{
    /// <summary>The configuration files of one application that must get the new thumbprints.</summary>
    public sealed class ConfigLayout
    {
        /// <summary>Creates a layout.</summary>
        /// <param name="environmentName">The .NET environment name the application runs under.</param>
        /// <param name="filesToUpdate">Full paths of the files to change, appsettings.json first.</param>
        /// <param name="findings">What was found wrong or worth telling, naming file and owner.</param>
        public ConfigLayout(string environmentName, IReadOnlyList<string> filesToUpdate,
            IReadOnlyList<Finding> findings)
        {
            EnvironmentName = environmentName;
            FilesToUpdate = filesToUpdate;
            Findings = findings;
        }

        /// <summary>The .NET environment name the application runs under ("Production" by default).</summary>
        public string EnvironmentName { get; }

        /// <summary>Full paths of the files to change, appsettings.json first.</summary>
        public IReadOnlyList<string> FilesToUpdate { get; }

        /// <summary>Errors and warnings, each naming the file or variable and the owner.</summary>
        public IReadOnlyList<Finding> Findings { get; }
    }
}
