using System.Linq;
using CertDeploy.Installer.Tests.Authoring;
using CertDeploy.Installer.Tests.Support;
using Xunit;

namespace CertDeploy.Installer.Tests;

public class ExecuteSequenceTests
{
    private const string RunCondition =
        "(NOT Installed OR REINSTALL) AND NOT UPGRADINGPRODUCTCODE AND NOT (REMOVE~=\"ALL\")";

    [Fact]
    public void Read_Deployment_GivesTheDeploymentActionsInScriptOrder()
    {
        var sequence = ExecuteSequence.Read(Authorings.Real);

        var preparation = sequence.Actions.Where(a => a.Anchor == "InstallFiles")
            .Select(a => (a.Id, a.Execute)).ToArray();
        var deployment = sequence.Actions.Where(a => a.Anchor == "StartServices")
            .Select(a => (a.Id, a.Execute)).ToArray();

        Assert.Empty(sequence.Problems);
        Assert.Equal(new[]
        {
            ("CertDeploy_RefuseWithoutRollback", "immediate"),
            ("CertDeploy_RefuseMaintenanceWithoutReinstall", "immediate"),
            ("CertDeploy_Prepare", "immediate"),
        }, preparation);
        Assert.True(sequence.IndexOf("CertDeploy_Prepare") < sequence.IndexOf("WriteRegistryValues")
            || sequence.IndexOf("WriteRegistryValues") < 0);
        Assert.Equal(new[]
        {
            ("CertDeploy_SetRestartRollbackData", "immediate"), ("CertDeploy_RestartRollback", "rollback"),
            ("CertDeploy_SetWriteRollbackData", "immediate"), ("CertDeploy_WriteRollback", "rollback"),
            ("CertDeploy_SetWriteData", "immediate"), ("CertDeploy_Write", "deferred"),
            ("CertDeploy_SetGrantRollbackData", "immediate"), ("CertDeploy_GrantRollback", "rollback"),
            ("CertDeploy_SetGrantData", "immediate"), ("CertDeploy_Grant", "deferred"),
            ("CertDeploy_SetRestartData", "immediate"), ("CertDeploy_Restart", "deferred"),
            ("CertDeploy_SetCommitData", "immediate"), ("CertDeploy_Commit", "commit"),
        }, deployment);
    }

    [Fact]
    public void Read_Deployment_GivesConditionsWithWhitespaceCollapsed()
    {
        var sequence = ExecuteSequence.Read(Authorings.Real);

        var write = sequence.Actions.Single(a => a.Id == "CertDeploy_Write");
        var setter = sequence.Actions.Single(a => a.Id == "CertDeploy_SetWriteData");

        Assert.Equal(RunCondition, write.Condition);
        Assert.Equal(("CertDeploy_Write", RunCondition), (setter.Property, setter.Condition));
        Assert.True(write.AfterAnchor);
    }

    [Fact]
    public void Read_RememberPattern_RunsAfterAppSearchAndBeforeTheDeployment()
    {
        var sequence = ExecuteSequence.Read(Authorings.Real);

        var remember = sequence.Actions.Where(a => a.Anchor == "AppSearch").Select(a => a.Id).ToArray();

        Assert.Equal(new[]
        {
            "CertDeploy_KeepRememberedSigning", "CertDeploy_RememberGivenSigning",
            "CertDeploy_KeepRememberedEncryption", "CertDeploy_RememberGivenEncryption",
        }, remember);
        Assert.True(sequence.IndexOf("CertDeploy_RememberGivenEncryption") < sequence.IndexOf("CertDeploy_Prepare"));
    }

    [Fact]
    public void Read_UISequence_LoadsChoicesAfterCostFinalize()
    {
        var sequence = ExecuteSequence.Read(Authorings.Real, "InstallUISequence");

        var load = sequence.Actions.Single(a => a.Id == "CertDeploy_LoadChoices");

        Assert.Equal(("CostFinalize", true, "NOT (REMOVE~=\"ALL\")"), (load.Anchor, load.AfterAnchor, load.Condition));
    }

    [Fact]
    public void Read_ActionWithoutBeforeOrAfter_IsAProblem()
    {
        var broken = Authorings.Real.With(Authorings.Deployment,
            "<Custom Action=\"CertDeploy_Prepare\" After=\"InstallFiles\"",
            "<Custom Action=\"CertDeploy_Prepare\" Sequence=\"4001\"");

        var sequence = ExecuteSequence.Read(broken);

        Assert.Equal("CertDeploy_Prepare is not scheduled Before or After another action", sequence.Problems[0]);
    }
}
