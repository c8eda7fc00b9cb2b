using System.IO;
using CertDeploy.Core.Tests.Installer;
using Xunit;
using static CertDeploy.Core.Tests.Installer.CosDocServer;

namespace CertDeploy.Core.Tests.Breaking;

/// <summary>Settings files that an upgrade puts in place between Prepare and the deferred actions.</summary>
public class Round2UpgradeTests
{
    private static readonly string Old = OldSet.Signing.Thumbprint;

    [Fact]
    public void WholeRun_UpgradeAddsAnEnvironmentFileWithFlatKeysOnly_ItGetsTheNewThumbprints()
    {
        using var server = new CosDocServer();
        var prepared = server.Deployment().Prepare(NewSelection());
        var added = Path.Combine(server.Folders["KPRService1"], "appsettings.Production.json");
        File.WriteAllText(added, "{\n  \"CertSettings:SigningThumbprint\": \"" + Old.ToLowerInvariant()
            + "\",\n  \"CertSettings:EncryptionThumbprint\": \"" + OldSet.Encryption.Thumbprint + "\"\n}\n");

        var result = server.RunScript(prepared.PlanData);

        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Equal("{\n  \"CertSettings:SigningThumbprint\": \"" + NewSet.Signing.Thumbprint
            + "\",\n  \"CertSettings:EncryptionThumbprint\": \"" + NewSet.Encryption.Thumbprint + "\"\n}\n",
            File.ReadAllText(added));
    }

    [Fact]
    public void WholeRun_UpgradeAddsAMalformedEnvironmentFile_RolledBackByteForByte()
    {
        using var server = new CosDocServer();
        var prepared = server.Deployment().Prepare(NewSelection());
        File.WriteAllText(Path.Combine(server.Folders["KPRService2"], "appsettings.Production.json"),
            "{ \"CertSettings\": { \"SigningThumbprint\": 12 ");
        var before = server.Fingerprint();

        var result = server.RunScript(prepared.PlanData);

        Assert.False(result.Succeeded);
        Assert.Equal(before, server.Fingerprint());
    }

    [Fact]
    public void WholeRun_UpgradeAddsAFileForAnotherEnvironment_LeftAlone()
    {
        using var server = new CosDocServer();
        var prepared = server.Deployment().Prepare(NewSelection());
        var other = Path.Combine(server.Folders["KPRService1"], "appsettings.Staging.json");
        File.WriteAllText(other, Json(Old, OldSet.Encryption.Thumbprint));

        var result = server.RunScript(prepared.PlanData);

        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Equal(Json(Old, OldSet.Encryption.Thumbprint), File.ReadAllText(other));
    }
}
