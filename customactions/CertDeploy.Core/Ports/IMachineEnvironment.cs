namespace CertDeploy.Core.Ports
{
    /// <summary>The machine's environment as a service started by the SCM would see it.</summary>
    public interface IMachineEnvironment
    {
        /// <summary>Expands %NAME% references with the machine's environment variables.</summary>
        string ExpandVariables(string text);

        /// <summary>A machine-wide environment variable, or null if it is not set.</summary>
        string? GetMachineVariable(string name);
    }
}
