using System;
using System.Collections.Generic;
using CertDeploy.Core.Installer;
using CertDeploy.Core.Tests.Installer;

namespace CertDeploy.Installer.Tests.ScriptModel;

/// <summary>
/// What each DTF entry point of CertDeployActions does, on a test machine: read the properties
/// (empty means not set) or CustomActionData, call the facade, hand the plan back in
/// CertDeployPlan. Each call makes a new facade, as each custom action runs in a fresh process.
/// <see cref="FacadeEntryPointsTests"/> checks this table against the entry point source.
/// </summary>
public static class FacadeEntryPoints
{
    /// <summary>DllEntry to the facade method that its entry point calls with CustomActionData.</summary>
    public static readonly IReadOnlyDictionary<string, string> ScriptedMethods = new Dictionary<string, string>
    {
        ["CertDeploy_Write"] = nameof(Deployment.Write),
        ["CertDeploy_WriteRollback"] = nameof(Deployment.WriteRollback),
        ["CertDeploy_Grant"] = nameof(Deployment.Grant),
        ["CertDeploy_GrantRollback"] = nameof(Deployment.GrantRollback),
        ["CertDeploy_Restart"] = nameof(Deployment.Restart),
        ["CertDeploy_RestartRollback"] = nameof(Deployment.RestartRollback),
        ["CertDeploy_Commit"] = nameof(Deployment.Commit),
    };

    /// <summary>The immediate entry points of the execute sequence.</summary>
    public static Action<string, IDictionary<string, string>> Immediate(CosDocServer server) =>
        (entry, properties) =>
        {
            if (entry != "CertDeploy_Prepare")
            {
                throw new InvalidOperationException($"No immediate entry point {entry} is modelled");
            }

            var result = server.Deployment().Prepare(new InstallerProperties(name =>
                properties.TryGetValue(name, out var value) && value.Length > 0 ? value : null));
            properties[PropertyNames.Plan] = result.PlanData;
            properties["CertDeployRememberSigning"] = result.Plan.SigningThumbprint;
            properties["CertDeployRememberEncryption"] = result.Plan.EncryptionThumbprint;
        };

    /// <summary>The deferred, rollback and commit entry points.</summary>
    public static Func<string, string, Action> Scripted(CosDocServer server) =>
        (entry, customActionData) => () =>
        {
            var deployment = server.Deployment();
            switch (ScriptedMethods.TryGetValue(entry, out var method) ? method : entry)
            {
                case nameof(Deployment.Write): deployment.Write(customActionData); break;
                case nameof(Deployment.WriteRollback): deployment.WriteRollback(customActionData); break;
                case nameof(Deployment.Grant): deployment.Grant(customActionData); break;
                case nameof(Deployment.GrantRollback): deployment.GrantRollback(customActionData); break;
                case nameof(Deployment.Restart): deployment.Restart(customActionData, null); break;
                case nameof(Deployment.RestartRollback): deployment.RestartRollback(customActionData); break;
                case nameof(Deployment.Commit): deployment.Commit(customActionData); break;
                default: throw new InvalidOperationException($"No scripted entry point {entry} is modelled");
            }
        };
}
