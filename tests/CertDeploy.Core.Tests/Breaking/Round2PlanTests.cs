using System;
using System.Linq;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Planning;
using CertDeploy.Core.Tests.Doubles;
using CertDeploy.Core.Tests.Installer;
using Xunit;
using static CertDeploy.Core.Tests.Installer.CosDocServer;

namespace CertDeploy.Core.Tests.Breaking;

/// <summary>Plans altered on their way through CustomActionData, with a correct End count.</summary>
public class Round2PlanTests
{
    private static DeploymentPlan With(DeploymentPlan plan, TimeSpan? timeout = null, TimeSpan? settle = null,
        Func<KeyFile, KeyFile>? key = null) =>
        new(plan.RunId, plan.BackupFolder, plan.SigningThumbprint, plan.EncryptionThumbprint, plan.FileChanges,
            plan.KeyGrants, plan.Restarts, plan.RestartEnabled, timeout ?? plan.ServiceTimeout,
            settle ?? plan.SettleTime, plan.Warnings, plan.KeyFiles.Select(key ?? (k => k)).ToList());

    [Fact]
    public void Grant_KeyRecordPointsAtAnotherFile_RefusedAndThatFileUntouched()
    {
        using var server = new CosDocServer();
        var plan = server.Deployment().Prepare(NewSelection()).Plan;
        var unrelated = server.KeyFile(OldSet.Encryption);
        var before = server.Keys.Descriptors[unrelated];
        var tampered = With(plan, key: k => k.Thumbprint == plan.SigningThumbprint ? k with { Path = unrelated } : k)
            .Serialize();

        var error = Record.Exception(() =>
        {
            var deployment = server.Deployment();
            deployment.Write(tampered);
            deployment.Grant(tampered);
        });

        Assert.IsType<CertDeployException>(error);
        Assert.Equal(before, server.Keys.Descriptors[unrelated]);
    }

    [Theory]
    // Zero: the installer property allows 1 to 3600 seconds.
    [InlineData(0L, 50_000_000L)]
    // One tick over the property's largest value, 3600 s.
    [InlineData(36_000_000_001L, 50_000_000L)]
    // The largest TimeSpan as the settle time: no wait on a machine can be that long.
    [InlineData(600_000_000L, long.MaxValue)]
    public void Parse_TimeoutOrSettleOutsideWhatPrepareMakes_Refused(long timeoutTicks, long settleTicks)
    {
        using var server = new CosDocServer();
        var plan = server.Deployment().Prepare(NewSelection()).Plan;
        var tampered = With(plan, TimeSpan.FromTicks(timeoutTicks), TimeSpan.FromTicks(settleTicks)).Serialize();

        Assert.Throws<CertDeployException>(() => DeploymentPlan.Parse(tampered));
    }
}
