using System;
using System.IO;
using System.Linq;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Installer;
using CertDeploy.Core.Planning;
using CertDeploy.Core.Ports;
using CertDeploy.Core.Tests.Doubles;
using CertDeploy.Core.Tests.Installer;
using CertDeploy.Core.Tests.Support;
using Xunit;
using static CertDeploy.Core.Tests.Installer.CosDocServer;

namespace CertDeploy.Core.Tests.Breaking;

/// <summary>Machines in awkward states: shared folders, cycles, slow services, left-overs, repairs.</summary>
public class RunSituationTests
{
    private static readonly string NewSigning = NewSet.Signing.Thumbprint;
    private static readonly string NewEncryption = NewSet.Encryption.Thumbprint;
    private static readonly string OldSigning = OldSet.Signing.Thumbprint;
    private static readonly string OldEncryption = OldSet.Encryption.Thumbprint;

    [Fact]
    public void Prepare_ServicesDependingOnEachOtherInACycle_RefusedBeforeAnythingChanges()
    {
        using var server = new CosDocServer();
        server.Services["KPRService1"].DependsOn.Add("KPRService2");
        server.Services["KPRService2"].DependsOn.Add("KPRService1");

        // "Any problem stops the run here [in Prepare], with every problem listed, and nothing is changed."
        var error = Assert.Throws<CertDeployException>(() => server.Deployment().Prepare(NewSelection()));

        Assert.Contains(error.Findings, f => f.Message.Contains("KPRService1", StringComparison.Ordinal));
    }

    [Fact]
    public void WholeRun_ServicesInADependencyCycle_LeavesTheMachineAsItWas()
    {
        using var server = new CosDocServer();
        server.Services["KPRService1"].DependsOn.Add("KPRService2");
        server.Services["KPRService2"].DependsOn.Add("KPRService1");
        var before = server.Fingerprint();

        try
        {
            var plan = server.Deployment().Prepare(NewSelection()).PlanData;
            var result = server.RunScript(plan);
            Assert.False(result.Succeeded);
        }
        catch (CertDeployException)
        {
            // Refused in Prepare: also fine.
        }

        Assert.Equal(before, server.Fingerprint());
    }

    [Fact]
    public void WholeRun_TwoServicesShareOneFolder_FileWrittenOnceBothRestartedRollbackRestoresIt()
    {
        using var server = new CosDocServer();
        var shared = server.Folders["KPRService1"];
        server.Services["KPRService2"].ImagePath = "\"" + Path.Combine(shared, "KPRService1.exe") + "\" --second";
        server.Services["KPRService2"].StateAfterStart = _ => ServiceState.Stopped;
        var original = File.ReadAllBytes(server.AppSettings("KPRService1"));
        var plan = server.Deployment().Prepare(NewSelection()).PlanData;

        var result = server.RunScript(plan);

        Assert.False(result.Succeeded);
        Assert.Equal(original, File.ReadAllBytes(server.AppSettings("KPRService1")));
        Assert.Equal(ServiceState.Running, server.Services["KPRService1"].State);
    }

    [Fact]
    public void WholeRun_UpgradeReplacedTheFileBeforeWrite_RollbackRestoresTheReplacedFile()
    {
        using var server = new CosDocServer();
        var plan = server.Deployment().Prepare(NewSelection()).PlanData;
        var shipped = "{\n  \"CertSettings\": {\n    \"SigningThumbprint\": \"\",\n"
            + "    \"EncryptionThumbprint\": \"\"\n  },\n  \"NewSetting\": 2\n}\n";
        File.WriteAllText(server.AppSettings("KPRService1"), shipped);
        server.Services["DigiHelseMottak"].FailsToStart = _ => true;

        var result = server.RunScript(plan);

        Assert.False(result.Succeeded);
        Assert.Equal(shipped, File.ReadAllText(server.AppSettings("KPRService1")));
    }

    [Fact]
    public void WholeRun_SameCertificateForBothRoles_GrantsEachKeyOnce()
    {
        using var server = new CosDocServer();
        var both = TestCertificates.Create(TestCertificates.Signing
            | System.Security.Cryptography.X509Certificates.X509KeyUsageFlags.KeyEncipherment,
            organisationNumber: "912345678");
        server.AddCertificate(both);

        var prepared = server.Deployment().Prepare(Properties(
            (PropertyNames.SigningThumbprint, both.Thumbprint),
            (PropertyNames.EncryptionThumbprint, both.Thumbprint)));
        var result = server.RunScript(prepared.PlanData);

        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Equal(3, prepared.Plan.KeyGrants.Count);
        Assert.Equal(Json(both.Thumbprint, both.Thumbprint), File.ReadAllText(server.AppSettings("KPRService1")));
    }

    [Fact]
    public void Repair_FilesHoldTheRememberedThumbprintsInLowerCase_NothingRewrittenNothingRestarted()
    {
        using var server = new CosDocServer();
        Assert.True(server.RunScript(server.Deployment().Prepare(NewSelection()).PlanData).Succeeded);
        foreach (var service in new[] { "KPRService1", "KPRService2", "DigiHelseMottak", "CosDocAuthServer" })
        {
            File.WriteAllText(server.AppSettings(service),
                Json(NewSigning.ToLowerInvariant(), NewEncryption.ToLowerInvariant()));
        }

        var before = server.Fingerprint();
        var restarts = server.Services.History.Count;

        // The certificate store matches thumbprints without regard to case: these files are current.
        var repair = server.Deployment().Prepare(Properties(
            (PropertyNames.RememberedSigning, NewSigning), (PropertyNames.RememberedEncryption, NewEncryption)));
        var result = server.RunScript(repair.PlanData);

        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Equal(restarts, server.Services.History.Count);
        Assert.Equal(before, server.Fingerprint());
    }

    [Fact]
    public void WholeRun_StopTimesOut_RollsBackAndNamesTheService()
    {
        using var server = new CosDocServer();
        server.Services["KPRService2"].StopDuration = TimeSpan.FromSeconds(90);
        var before = server.Fingerprint();
        var plan = server.Deployment().Prepare(NewSelection((PropertyNames.ServiceTimeoutSeconds, " 30 "))).PlanData;

        var result = server.RunScript(plan);

        Assert.False(result.Succeeded);
        Assert.Contains("KPRService2", result.Failure?.Message, StringComparison.Ordinal);
        Assert.Equal(before, server.Fingerprint());
    }

    [Fact]
    public void WholeRun_BackupFolderOfACrashedEarlierRunIsThere_RunSucceedsAndKeepsIt()
    {
        using var server = new CosDocServer();
        var earlier = RunIds.Create(TestCertificates.Now.AddDays(-1));
        var earlierFolder = Path.Combine(server.Root, "ProgramData", "CertDeploy", "Backups", earlier);
        Directory.CreateDirectory(earlierFolder);
        File.WriteAllText(Path.Combine(earlierFolder, "journal.txt"), "FileBackup,C:\\x,file-000.bak\nFileWri");

        var result = server.RunScript(server.Deployment().Prepare(NewSelection()).PlanData);

        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.True(Directory.Exists(earlierFolder));
    }

    [Fact]
    public void Prepare_PropertiesWithWhitespaceQuotesAndLowerCase_Accepted()
    {
        using var server = new CosDocServer();

        var plan = server.Deployment().Prepare(Properties(
            (PropertyNames.SigningThumbprint, "  \"" + NewSigning.ToLowerInvariant() + "\"  "),
            (PropertyNames.EncryptionThumbprint, "'" + NewEncryption + "'\r\n"),
            (PropertyNames.ServicePatterns, " kpr* ; digihelse* ;cosdocauthserver "),
            (PropertyNames.Restart, " 1 "))).Plan;

        Assert.Equal(NewSigning, plan.SigningThumbprint);
        Assert.Equal(4, plan.FileChanges.Count);
    }

    [Fact]
    public void Prepare_ImagePathWithNtPrefixQuotesAndVariables_FindsTheFolder()
    {
        using var server = new CosDocServer();
        server.Environment.Variables["CosDocRoot"] = Path.Combine(server.Root, "Program Files", "CosDoc");
        server.Services["KPRService2"].ImagePath = "\\??\\\"%CosDocRoot%" + Path.DirectorySeparatorChar
            + "KPR Service 2" + Path.DirectorySeparatorChar + "KPRService2.exe\" -k";

        PrepareResult? prepared = null;
        var error = Record.Exception(() => prepared = server.Deployment().Prepare(NewSelection()));

        // Either found, or refused with a message naming the service; never a crash or a wrong folder.
        if (error != null)
        {
            var refused = Assert.IsType<CertDeployException>(error);
            Assert.Contains(refused.Findings, f => f.Message.Contains("KPRService2", StringComparison.Ordinal));
            return;
        }

        Assert.Contains(prepared!.Plan.FileChanges, f => f.Path == server.AppSettings("KPRService2"));
    }

    [Fact]
    public void WholeRun_UpgradeAddsAnEnvironmentFileWithCertSettingsAfterPrepare_DoesNotLeaveItsPlaceholderInForce()
    {
        using var server = new CosDocServer();
        var plan = server.Deployment().Prepare(NewSelection()).PlanData;

        // The CosDoc upgrade's InstallFiles runs after the immediate Prepare and ships a new layer.
        var production = Path.Combine(server.Folders["KPRService1"], "appsettings.Production.json");
        File.WriteAllText(production, Json("", ""));
        var result = server.RunScript(plan);

        if (result.Succeeded)
        {
            Assert.Equal(Json(NewSigning, NewEncryption), File.ReadAllText(production));
        }
        else
        {
            Assert.Contains(production, result.Failure?.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void WholeRun_FolderNamesWithNorwegianLettersSeparatorsAndEmoji_RoundTripThroughPlanAndJournal()
    {
        using var server = new CosDocServer();
        server.AddService("KPRÅlesund", "Kommune Ålesund; KPR, [test] %x% \ud83d\ude00 100%", quoted: true,
            @"NT SERVICE\KPRÅlesund", ServiceState.Running);
        // Dies on the new certificates only, so that the rollback's restart with the old ones succeeds.
        server.Services["KPRÅlesund"].StateAfterStart = _ =>
            File.ReadAllText(server.AppSettings("KPRÅlesund")).Contains(NewSigning, StringComparison.Ordinal)
                ? ServiceState.Stopped
                : ServiceState.Running;
        var before = server.Fingerprint();
        var plan = server.Deployment().Prepare(NewSelection()).PlanData;

        var result = server.RunScript(plan);

        Assert.False(result.Succeeded);
        Assert.Equal(before, server.Fingerprint());
    }
}
