using System;
using System.IO;
using System.Linq;
using System.Text;
using CertDeploy.Core.Configuration;
using Xunit;

namespace CertDeploy.Core.Tests.Configuration;

public sealed class AppSettingsEditorTests : IDisposable
{
    private const string OldSigning = "1111111111111111111111111111111111111111";
    private const string OldEncryption = "2222222222222222222222222222222222222222";
    private const string NewSigning = "A1B2C3D4E5F60718293A4B5C6D7E8F9001122334";
    private const string NewEncryption = "FFEEDDCCBBAA99887766554433221100FFEEDDCC";

    // As found in the field: comments of both kinds, a trailing comma, escapes, non-ASCII text.
    private const string FieldFile = """
        {
          // Logging as shipped
          "Logging": {
            "LogLevel": { "Default": "Information", "Microsoft": "Warning", },
          },
          /* Certificates: virksomhetssertifikat
             from Buypass */
          "CertSettings": {
            "SigningThumbprint": "1111111111111111111111111111111111111111", // signing
            "EncryptionThumbprint": "2222222222222222222222222222222222222222",
          },
          "Paths": { "Log": "C:\\ProgramData\\CosDoc\\log", "Quote": "say \"hei\" \u00e6\u00f8\u00e5 \/" },
          "Kommune": "Ålesund",
          "Numbers": [1, -2.5e3, 0, true, false, null,],
        }
        """;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void SetThumbprints_FieldFileWithCommentsAndTrailingCommas_ChangesOnlyTheTwoValues()
    {
        var path = _folder.Write("appsettings.json", FieldFile);

        var changed = FileUpdate.Apply(path, NewSigning, NewEncryption);

        Assert.True(changed);
        var expected = FieldFile.Replace(OldSigning, NewSigning).Replace(OldEncryption, NewEncryption);
        Assert.Equal(Encoding.UTF8.GetBytes(expected), File.ReadAllBytes(path));
        Assert.Equal(new CertSettingsValues(true, NewSigning, NewEncryption),
            AppSettingsEditor.Read(path, File.ReadAllBytes(path)));
    }

    [Theory]
    [InlineData(true, "\r\n")]   // what Notepad and Visual Studio save on Windows
    [InlineData(false, "\n")]    // what editors on other systems and many tools save
    [InlineData(true, "\n")]
    [InlineData(false, "\r\n")]
    public void SetThumbprints_BomAndLineEndings_EveryByteOutsideTheValuesStays(bool bom, string newline)
    {
        var original = TempFolder.Encode(FieldFile.Replace("\n", newline), bom);
        var path = _folder.Write("appsettings.json", original);

        Assert.True(FileUpdate.Apply(path, NewSigning, NewEncryption));

        var written = File.ReadAllBytes(path);
        var signingAt = IndexOf(original, OldSigning);
        var encryptionAt = IndexOf(original, OldEncryption);
        Assert.Equal(original.Length, written.Length);
        for (var i = 0; i < original.Length; i++)
        {
            var inSigning = i >= signingAt && i < signingAt + 40;
            var inEncryption = i >= encryptionAt && i < encryptionAt + 40;
            if (!inSigning && !inEncryption)
            {
                Assert.True(original[i] == written[i], $"byte {i} changed from {original[i]} to {written[i]}");
            }
        }

        Assert.Equal(NewSigning, Encoding.ASCII.GetString(written, signingAt, 40));
        Assert.Equal(NewEncryption, Encoding.ASCII.GetString(written, encryptionAt, 40));
        Assert.Equal(bom, written.Take(3).SequenceEqual(new byte[] { 0xEF, 0xBB, 0xBF }));
    }

    [Fact]
    public void SetThumbprints_ValuesAlreadyEqual_ReturnsNullAndFileIsNotWritten()
    {
        var path = _folder.Write("appsettings.json", FieldFile);
        var before = File.GetLastWriteTimeUtc(path);

        Assert.Null(AppSettingsEditor.SetThumbprints(path, File.ReadAllBytes(path), OldSigning, OldEncryption));
        Assert.False(FileUpdate.Apply(path, OldSigning, OldEncryption));
        Assert.Equal(before, File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public void SetThumbprints_OneValueEqual_ChangesOnlyTheOther()
    {
        var path = _folder.Write("appsettings.json", FieldFile);

        Assert.True(FileUpdate.Apply(path, OldSigning, NewEncryption));

        Assert.Equal(FieldFile.Replace(OldEncryption, NewEncryption), File.ReadAllText(path));
    }

    [Fact]
    public void SetThumbprints_EqualOnlyIgnoringCase_IsAChange()
    {
        var text = """{ "CertSettings": { "SigningThumbprint": "abcd", "EncryptionThumbprint": "EF01" } }""";

        var result = AppSettingsEditor.SetThumbprints("a.json", Encoding.UTF8.GetBytes(text), "ABCD", "EF01");

        Assert.Equal(text.Replace("abcd", "ABCD"), Encoding.UTF8.GetString(result!));
    }

    [Fact]
    public void SetThumbprints_ValueWrittenWithEscapesEqualToNew_ReturnsNull()
    {
        // \u0041 is 'A': the decoded value is what .NET reads and what is compared.
        var text = """{ "CertSettings": { "SigningThumbprint": "\u0041B", "EncryptionThumbprint": "C\/D" } }""";

        Assert.Null(AppSettingsEditor.SetThumbprints("a.json", Encoding.UTF8.GetBytes(text), "AB", "C/D"));
    }

    [Fact]
    public void SetThumbprints_KeysInOtherCase_AreFoundAndKeptAsWritten()
    {
        var text = """
            {
              "certsettings": {
                "signingthumbprint": "old-1",
                "ENCRYPTIONTHUMBPRINT": "old-2"
              }
            }
            """;
        var path = _folder.Write("appsettings.json", text);

        Assert.True(FileUpdate.Apply(path, NewSigning, NewEncryption));

        Assert.Equal(text.Replace("old-1", NewSigning).Replace("old-2", NewEncryption), File.ReadAllText(path));
        Assert.Equal(new CertSettingsValues(true, NewSigning, NewEncryption),
            AppSettingsEditor.Read(path, File.ReadAllBytes(path)));
    }

    [Fact]
    public void SetThumbprints_NestedCertSettingsElsewhere_OnlyTopLevelChanges()
    {
        var text = """
            {
              "Other": { "CertSettings": { "SigningThumbprint": "keep", "EncryptionThumbprint": "keep" } },
              "CertSettings": { "SigningThumbprint": "old", "EncryptionThumbprint": "old" }
            }
            """;

        var result = AppSettingsEditor.SetThumbprints("a.json", Encoding.UTF8.GetBytes(text), "S", "E");

        var expected = text.Replace("""{ "SigningThumbprint": "old", "EncryptionThumbprint": "old" }""",
            """{ "SigningThumbprint": "S", "EncryptionThumbprint": "E" }""");
        Assert.Equal(expected, Encoding.UTF8.GetString(result!));
    }

    [Fact]
    public void SetThumbprints_NewValueNeedingEscapes_IsWrittenAsValidJson()
    {
        var text = """{ "CertSettings": { "SigningThumbprint": "x", "EncryptionThumbprint": "y" } }""";

        var result = AppSettingsEditor.SetThumbprints("a.json", Encoding.UTF8.GetBytes(text), "a\"b\\c", "d\ne");

        Assert.Equal("""{ "CertSettings": { "SigningThumbprint": "a\"b\\c", "EncryptionThumbprint": "d\ne" } }""",
            Encoding.UTF8.GetString(result!));
        Assert.Equal(new CertSettingsValues(true, "a\"b\\c", "d\ne"), AppSettingsEditor.Read("a.json", result!));
    }

    [Fact]
    public void Read_FileWithoutCertSettings_HasCertSettingsFalse()
    {
        var values = AppSettingsEditor.Read("a.json", Encoding.UTF8.GetBytes("""{ "Logging": {} }"""));

        Assert.Equal(new CertSettingsValues(false, null, null), values);
    }

    [Fact]
    public void Read_CertSettingsWithOneKey_OtherIsNull()
    {
        var values = AppSettingsEditor.Read("a.json",
            Encoding.UTF8.GetBytes("""{ "CertSettings": { "EncryptionThumbprint": "\u00C6" } }"""));

        Assert.Equal(new CertSettingsValues(true, null, "Æ"), values);
    }

    [Fact]
    public void Read_InvisibleMarkInValue_IsReturnedAsIs()
    {
        // A thumbprint pasted from the Windows certificate dialog starts with U+200E.
        var values = AppSettingsEditor.Read("a.json",
            Encoding.UTF8.GetBytes("{ \"CertSettings\": { \"SigningThumbprint\": \"\u200EAB\" } }"));

        Assert.Equal("\u200EAB", values.SigningThumbprint);
    }

    [Fact]
    public void SetThumbprints_LargeFileWithManyKeysInOneObject_FindsTheDuplicateAtTheEnd()
    {
        // More keys than the linear duplicate check handles: the hashed lookup must find it.
        var keys = string.Join(",\n", Enumerable.Range(0, 200).Select(i => $"  \"Key{i}\": {i}"));
        var text = "{\n" + keys + ",\n  \"key17\": 1\n}";

        var error = Assert.Throws<ConfigFileException>(() =>
            AppSettingsEditor.SetThumbprints("big.json", Encoding.UTF8.GetBytes(text), "S", "E"));

        Assert.Equal("Duplicate key \"Key17\" in big.json: at line 19, column 3 and again as \"key17\" at "
            + "line 202, column 3. .NET configuration treats keys without regard to case and refuses "
            + "duplicates; remove one of them.", error.Message);
    }

    [Fact]
    public void SetThumbprints_MaximumDepth_IsAccepted()
    {
        // 64 containers in all (the root and 63 arrays): the deepest .NET configuration reads.
        var text = "{\"CertSettings\":{\"SigningThumbprint\":\"x\",\"EncryptionThumbprint\":\"y\"},\"a\":"
            + new string('[', 63) + new string(']', 63) + "}";

        var result = AppSettingsEditor.SetThumbprints("deep.json", Encoding.UTF8.GetBytes(text), "S", "E");

        Assert.Equal(text.Replace("\"x\"", "\"S\"").Replace("\"y\"", "\"E\""), Encoding.UTF8.GetString(result!));
    }

    private static int IndexOf(byte[] haystack, string ascii)
    {
        var needle = Encoding.ASCII.GetBytes(ascii);
        for (var i = 0; i + needle.Length <= haystack.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }

        throw new InvalidOperationException($"{ascii} not found");
    }
}
