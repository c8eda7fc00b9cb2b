using System;
using System.IO;
using System.Linq;
using System.Text;
using CertDeploy.Core.Configuration;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Installer;
using CertDeploy.Core.Tests.Configuration;
using CertDeploy.Core.Tests.Installer;
using CertDeploy.Core.Thumbprints;
using Xunit;
using static CertDeploy.Core.Tests.Installer.CosDocServer;

namespace CertDeploy.Core.Tests.Breaking;

/// <summary>Valid but unusual appsettings files and pasted thumbprints, through the facade and the editor.</summary>
public class HostileConfigurationTests
{
    private static readonly string NewSigning = NewSet.Signing.Thumbprint;
    private static readonly string NewEncryption = NewSet.Encryption.Thumbprint;
    private static readonly string OldSigning = OldSet.Signing.Thumbprint;
    private static readonly string OldEncryption = OldSet.Encryption.Thumbprint;

    [Fact]
    public void WholeRun_EnvironmentFileSetsThumbprintWithColonKey_DoesNotLeaveTheOldValueInForce()
    {
        using var server = new CosDocServer();

        // .NET configuration reads "CertSettings:SigningThumbprint" at the root exactly like the
        // nested form; appsettings.Production.json is read after appsettings.json and wins.
        var environmentFile = Path.Combine(server.Folders["KPRService1"], "appsettings.Production.json");
        File.WriteAllText(environmentFile,
            "{\r\n  \"CertSettings:SigningThumbprint\": \"" + OldSigning + "\"\r\n}\r\n");

        PrepareResult? prepared = null;
        try
        {
            prepared = server.Deployment().Prepare(NewSelection());
        }
        catch (CertDeployException e)
        {
            // Refusing with a message that names the file is an acceptable outcome.
            Assert.Contains(e.Findings, f => f.Message.Contains(environmentFile, StringComparison.Ordinal));
            return;
        }

        Assert.True(server.RunScript(prepared!.PlanData).Succeeded);
        Assert.DoesNotContain(OldSigning, File.ReadAllText(environmentFile), StringComparison.Ordinal);
    }

    [Fact]
    public void WholeRun_BaseFileSetsThumbprintWithColonKeyOnly_UpdatesIt()
    {
        using var server = new CosDocServer();
        File.WriteAllText(server.AppSettings("KPRService1"),
            "{\n  \"CertSettings:SigningThumbprint\": \"" + OldSigning + "\",\n"
            + "  \"CertSettings:EncryptionThumbprint\": \"" + OldEncryption + "\"\n}\n");

        PrepareResult? prepared = null;
        try
        {
            prepared = server.Deployment().Prepare(NewSelection());
        }
        catch (CertDeployException e)
        {
            // The message must not claim the file has no CertSettings: .NET reads it from there.
            Assert.DoesNotContain(e.Findings, f => f.Message.Contains("has no top-level CertSettings",
                StringComparison.Ordinal));
            return;
        }

        Assert.True(server.RunScript(prepared!.PlanData).Succeeded);
        Assert.Contains(NewSigning, File.ReadAllText(server.AppSettings("KPRService1")), StringComparison.Ordinal);
    }

    [Fact]
    public void WholeRun_SectionKeyWrittenWithUnicodeEscape_IsUpdated()
    {
        using var server = new CosDocServer();
        File.WriteAllText(server.AppSettings("KPRService1"),
            "{\n  \"Cert\\u0053ettings\": { \"Signing\\u0054humbprint\": \"" + OldSigning
            + "\", \"EncryptionThumbprint\": \"" + OldEncryption + "\" }\n}\n");

        var run = server.RunScript(server.Deployment().Prepare(NewSelection()).PlanData);

        Assert.True(run.Succeeded, run.Failure?.ToString());
        Assert.Equal("{\n  \"Cert\\u0053ettings\": { \"Signing\\u0054humbprint\": \"" + NewSigning
            + "\", \"EncryptionThumbprint\": \"" + NewEncryption + "\" }\n}\n",
            File.ReadAllText(server.AppSettings("KPRService1")));
    }

    [Fact]
    public void WholeRun_CertSettingsOnlyInTheEnvironmentFile_UpdatesThatFileAndLeavesTheBaseByteIdentical()
    {
        using var server = new CosDocServer();
        var folder = server.Folders["KPRService2"];
        var baseText = "{ \"Logging\": { \"LogLevel\": { \"Default\": \"Warning\" } } }";
        File.WriteAllText(server.AppSettings("KPRService2"), baseText);
        server.Services["KPRService2"].Environment.Add("DOTNET_ENVIRONMENT=Staging");
        var staging = Path.Combine(folder, "appsettings.Staging.json");
        File.WriteAllText(staging, Json(OldSigning, OldEncryption));

        var run = server.RunScript(server.Deployment().Prepare(NewSelection()).PlanData);

        Assert.True(run.Succeeded, run.Failure?.ToString());
        Assert.Equal(baseText, File.ReadAllText(server.AppSettings("KPRService2")));
        Assert.Equal(Json(NewSigning, NewEncryption), File.ReadAllText(staging));
    }

    [Fact]
    public void SetThumbprints_BomCrlfMixedWithLfAndEscapedOldValue_ChangesOnlyTheValues()
    {
        var escapedOld = string.Concat(OldSigning.Select(c => "\\u00" + ((int)c).ToString("X2")));
        var text = "// header\r\n{\n  \"Other\": \"a\\\"b\\\\c\\u00e6\",\r\n  \"CertSettings\": {\r\n"
            + "    \"SigningThumbprint\": \"" + escapedOld + "\",\n"
            + "    \"EncryptionThumbprint\": \"" + OldEncryption + "\", /* trailing */\r\n  },\n}\r\n";
        var content = TempFolder.Encode(text, bom: true);

        var updated = AppSettingsEditor.SetThumbprints("x.json", content, NewSigning, NewEncryption);

        Assert.NotNull(updated);
        var expected = TempFolder.Encode(text.Replace(escapedOld, NewSigning, StringComparison.Ordinal)
            .Replace(OldEncryption, NewEncryption, StringComparison.Ordinal), bom: true);
        Assert.Equal(expected, updated);
        Assert.Equal(NewSigning, AppSettingsEditor.Read("x.json", updated!).SigningThumbprint);
    }

    [Fact]
    public void SetThumbprints_LargeFileWithOtherSections_OtherBytesIdentical()
    {
        var filler = new StringBuilder();
        for (var i = 0; i < 20000; i++)
        {
            filler.Append("  \"Key").Append(i).Append("\": \"v\\u00f8\\n").Append(i).Append("\", // c\n");
        }

        var head = "{\n" + filler;
        var tail = "  \"CertSettings\": { \"SigningThumbprint\": \"" + OldSigning
            + "\", \"EncryptionThumbprint\": \"" + OldEncryption + "\" }\n}\n";
        var content = Encoding.UTF8.GetBytes(head + tail);

        var updated = AppSettingsEditor.SetThumbprints("big.json", content, NewSigning, NewEncryption)!;

        Assert.Equal(Encoding.UTF8.GetBytes(head + tail.Replace(OldSigning, NewSigning, StringComparison.Ordinal)
            .Replace(OldEncryption, NewEncryption, StringComparison.Ordinal)), updated);
    }

    [Theory]
    // U+200E before, as the Windows certificate dialog copies it.
    [InlineData("\u200e{0}")]
    // U+200E in the middle and CRLF after.
    [InlineData("{1}\u200e{2}\r\n")]
    // Lower case with a space between every byte.
    [InlineData("{3}")]
    // Zero-width space, word joiner, BOM and bidi isolates between the digits.
    [InlineData("\u2066{1}\u200b\u2060\ufeff{2}\u2069")]
    // No-break and narrow no-break spaces between bytes, tab and line feed around.
    [InlineData("\t{4}\n")]
    // Curly quotes from a word processor with an LRM inside.
    [InlineData("\u201c\u200e{0}\u201d")]
    public void Normalize_PastedForms_GiveTheThumbprint(string format)
    {
        var pairs = Enumerable.Range(0, 20).Select(i => NewSigning.Substring(i * 2, 2)).ToList();
        var input = string.Format(System.Globalization.CultureInfo.InvariantCulture, format,
            NewSigning, NewSigning.Substring(0, 20), NewSigning.Substring(20),
            string.Join(" ", pairs).ToLowerInvariant(), string.Join("\u00a0", pairs.Take(10)) + "\u202f"
            + string.Join("\u00a0", pairs.Skip(10)));

        Assert.Equal(NewSigning, Thumbprint.Normalize(input, "CERTDEPLOY_SIGNING_THUMBPRINT"));
    }

    [Fact]
    public void Normalize_FullWidthDigits_RefusedNamingTheCharacter()
    {
        var input = "\uff11" + NewSigning.Substring(1);

        var error = Assert.Throws<CertDeployException>(() => Thumbprint.Normalize(input, "P"));

        Assert.Equal("P: character '\uff11' (U+FF11) at position 1 is not a hexadecimal digit.", error.Message);
    }
}
