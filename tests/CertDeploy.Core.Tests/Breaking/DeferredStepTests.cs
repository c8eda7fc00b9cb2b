using System;
using System.IO;
using System.Linq;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Installer;
using CertDeploy.Core.Planning;
using CertDeploy.Core.Ports;
using CertDeploy.Core.Tests.Doubles;
using CertDeploy.Core.Tests.Installer;
using Xunit;
using static CertDeploy.Core.Tests.Installer.CosDocServer;

namespace CertDeploy.Core.Tests.Breaking;

/// <summary>Whole runs through the facade where the machine changes or the plan is not what Prepare made.</summary>
public class DeferredStepTests
{
    private static readonly string NewSigning = NewSet.Signing.Thumbprint;
    private static readonly string NewEncryption = NewSet.Encryption.Thumbprint;

    [Fact]
    public void Grant_ServiceMovedFromLocalSystemToVirtualAccountAfterPrepare_GrantsTheNewAccount()
    {
        using var server = new CosDocServer();
        var plan = server.Deployment().Prepare(NewSelection()).PlanData;

        // A repair of CosDoc between the dialog and the deferred phase moves the auth server off LocalSystem.
        server.Services["CosDocAuthServer"].ObjectName = @"NT SERVICE\CosDocAuthServer";
        var result = server.RunScript(plan);

        Assert.True(result.Succeeded, result.Failure?.ToString());
        var sid = Core.Targets.ServiceAccounts.Resolve("CosDocAuthServer", @"NT SERVICE\CosDocAuthServer",
            server.Accounts).Sid;
        Assert.True(FakeKeyAccess.Allows(server.Keys.Descriptors[server.KeyFile(NewSet.Signing)], sid),
            "the auth server's new account cannot read the signing key");
        Assert.True(FakeKeyAccess.Allows(server.Keys.Descriptors[server.KeyFile(NewSet.Encryption)], sid),
            "the auth server's new account cannot read the encryption key");
    }

    [Fact]
    public void Restart_RunningServiceDependsOnAChangedOneWhoseOwnFileIsCurrent_StopsTheDependentFirst()
    {
        using var server = new CosDocServer();

        // KPRService2 depends on KPRService1 and already has the new thumbprints (set by hand);
        // only KPRService1 changes, and LocalSystem-like accounts need no grant for either.
        server.Services["KPRService1"].ObjectName = "LocalSystem";
        server.Services["KPRService2"].ObjectName = "LocalSystem";
        server.Services["DigiHelseMottak"].ObjectName = "LocalSystem";
        server.Services["KPRService2"].DependsOn.Add("KPRService1");
        File.WriteAllText(server.AppSettings("KPRService2"), Json(NewSigning, NewEncryption));
        var plan = server.Deployment().Prepare(NewSelection()).PlanData;

        var result = server.RunScript(plan);

        // Windows refuses to stop KPRService1 while KPRService2 runs (the adapter checks); the
        // dependent must be stopped first and started after, or the whole install rolls back.
        Assert.True(result.Succeeded, result.Failure?.ToString());
        var history = server.Services.History.ToList();
        var stopDependency = history.IndexOf("Stop KPRService1");
        var stopDependent = history.IndexOf("Stop KPRService2");
        Assert.True(stopDependency >= 0, string.Join("; ", history));
        Assert.True(stopDependent >= 0 && stopDependent < stopDependency,
            "KPRService1 was stopped while KPRService2, which depends on it, kept running: "
            + string.Join("; ", history));
    }

    [Fact]
    public void Parse_PlanCutOffAtARecordBoundary_IsRefused()
    {
        using var server = new CosDocServer();
        var plan = server.Deployment().Prepare(NewSelection()).PlanData;

        // Cut after the file records: grants and restarts are gone, but every record that is left is whole.
        var records = plan.Split('|');
        var lastFile = Array.FindLastIndex(records, r => r.StartsWith("File,", StringComparison.Ordinal));
        var truncated = string.Join("|", records.Take(lastFile + 1));

        var error = Assert.Throws<CertDeployException>(() => DeploymentPlan.Parse(truncated));
        Assert.Contains("malformed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_PlanWithTamperedSigningValue_IsRefusedAndWritesNothing()
    {
        using var server = new CosDocServer();
        var plan = server.Deployment().Prepare(NewSelection()).PlanData;
        var tampered = plan.Replace("Signing," + NewSigning, "Signing,not a thumbprint", StringComparison.Ordinal);
        Assert.NotEqual(plan, tampered);
        var before = File.ReadAllBytes(server.AppSettings("KPRService1"));

        Assert.Throws<CertDeployException>(() => server.Deployment().Write(tampered));

        Assert.Equal(before, File.ReadAllBytes(server.AppSettings("KPRService1")));
    }

    [Fact]
    public void WholeRun_ServiceIsPausedWhenRestartRuns_IsNotLeftOnTheOldCertificatesSilently()
    {
        using var server = new CosDocServer();
        var plan = server.Deployment().Prepare(NewSelection()).PlanData;
        server.Services["KPRService1"].State = ServiceState.Paused;

        var result = server.RunScript(plan);

        // A paused service still holds the old certificates in memory and resumes with them.
        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Contains(server.Log.At(LogLevel.Warning),
            line => line.Contains("KPRService1", StringComparison.Ordinal));
    }
}
