using System;
using System.IO;
using System.Linq;
using System.Text;
using CertDeploy.Core.Configuration;
using CertDeploy.Core.Ports;
using CertDeploy.Core.Tests.Doubles;
using Xunit;

namespace CertDeploy.Core.Tests.Configuration;

/// <summary>
/// "CertSettings:SigningThumbprint" at the top level, which .NET configuration reads exactly like
/// the SigningThumbprint property of a CertSettings object.
/// </summary>
public sealed class FlatCertSettingsKeysTests : IDisposable
{
    private const string OldSigning = "1111111111111111111111111111111111111111";
    private const string OldEncryption = "2222222222222222222222222222222222222222";
    private const string NewSigning = "A1B2C3D4E5F60718293A4B5C6D7E8F9001122334";
    private const string NewEncryption = "FFEEDDCCBBAA99887766554433221100FFEEDDCC";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Read_FlatKeysInAnyCase_ReadsBothValues()
    {
        var text = "{ \"Logging\": {}, \"certsettings:SIGNINGTHUMBPRINT\": \"" + OldSigning
            + "\", \"CertSettings:EncryptionThumbprint\": \"" + OldEncryption + "\" }";

        var values = AppSettingsEditor.Read("a.json", Encoding.UTF8.GetBytes(text));

        Assert.Equal(new CertSettingsValues(true, OldSigning, OldEncryption), values);
    }

    [Fact]
    public void SetThumbprints_FlatKeysWithCommentsAndCrlf_ChangesOnlyTheTwoValues()
    {
        var text = "\uFEFF{\r\n  // certificates\r\n  \"CertSettings:SigningThumbprint\": \"" + OldSigning
            + "\", /* signing */\r\n  \"Kommune\": \"\u00c5lesund\",\r\n  \"CertSettings:EncryptionThumbprint\": \""
            + OldEncryption + "\",\r\n}\r\n";
        var path = _folder.Write("appsettings.json", text);

        Assert.True(FileUpdate.Apply(path, NewSigning, NewEncryption));

        var expected = text.Replace(OldSigning, NewSigning, StringComparison.Ordinal)
            .Replace(OldEncryption, NewEncryption, StringComparison.Ordinal);
        Assert.Equal(Encoding.UTF8.GetBytes(expected), File.ReadAllBytes(path));
    }

    [Fact]
    public void SetThumbprints_FlatKeysAlreadyEqualIgnoringCase_ReturnsNull()
    {
        var text = "{ \"CertSettings:SigningThumbprint\": \"" + NewSigning.ToLowerInvariant()
            + "\", \"CertSettings:EncryptionThumbprint\": \"" + NewEncryption + "\" }";

        Assert.Null(AppSettingsEditor.SetThumbprints("a.json", Encoding.UTF8.GetBytes(text), NewSigning,
            NewEncryption));
    }

    [Fact]
    public void SetThumbprints_KeyWrittenWithEscapedColon_IsRecognised()
    {
        // \u003a is ':': .NET configuration reads the decoded key.
        var text = "{ \"CertSettings\\u003aSigningThumbprint\": \"" + OldSigning
            + "\", \"CertSettings:EncryptionThumbprint\": \"" + OldEncryption + "\" }";

        var result = AppSettingsEditor.SetThumbprints("a.json", Encoding.UTF8.GetBytes(text), NewSigning,
            NewEncryption);

        Assert.Equal(text.Replace(OldSigning, NewSigning, StringComparison.Ordinal)
            .Replace(OldEncryption, NewEncryption, StringComparison.Ordinal), Encoding.UTF8.GetString(result!));
    }

    [Theory]
    // the last flat key is the last property of the root: a comma goes after it
    [InlineData("{\n  \"A\": 1,\n  \"CertSettings:SigningThumbprint\": \"S\"\n}\n",
        "{\n  \"A\": 1,\n  \"CertSettings:SigningThumbprint\": \"S\",\n"
        + "  \"CertSettings:EncryptionThumbprint\": \"E\"\n}\n")]
    // other properties follow the last flat key: the new key goes right after it, with a comma
    [InlineData("{\r\n\t\"CertSettings:SigningThumbprint\" : \"S\", // signing\r\n\t\"B\": 2\r\n}",
        "{\r\n\t\"CertSettings:SigningThumbprint\" : \"S\", // signing\r\n"
        + "\t\"CertSettings:EncryptionThumbprint\" : \"E\",\r\n\t\"B\": 2\r\n}")]
    // a trailing comma after the last property stays a trailing comma
    [InlineData("{\n    \"CertSettings:SigningThumbprint\": \"S\",\n}",
        "{\n    \"CertSettings:SigningThumbprint\": \"S\",\n    \"CertSettings:EncryptionThumbprint\": \"E\",\n}")]
    // a root written on one line gets the new key on that line
    [InlineData("{ \"CertSettings:SigningThumbprint\": \"S\" }",
        "{ \"CertSettings:SigningThumbprint\": \"S\", \"CertSettings:EncryptionThumbprint\": \"E\" }")]
    // the key shares its line with the opening brace: one level of two spaces
    [InlineData("{ \"CertSettings:SigningThumbprint\": \"S\",\n\"B\": 2 }",
        "{ \"CertSettings:SigningThumbprint\": \"S\",\n  \"CertSettings:EncryptionThumbprint\": \"E\",\n\"B\": 2 }")]
    public void SetThumbprints_OnlyFlatKeysOneMissing_AddsItAfterTheLastFlatKeyInTheFileStyle(
        string text, string expected)
    {
        var result = AppSettingsEditor.SetThumbprints("a.json", Encoding.UTF8.GetBytes(text), "S", "E");

        Assert.Equal(expected, Encoding.UTF8.GetString(result!));
        Assert.Equal(new CertSettingsValues(true, "S", "E"), AppSettingsEditor.Read("a.json", result!));
    }

    [Fact]
    public void SetThumbprints_OnlyAnotherFlatCertSettingsKey_AddsBothAfterIt()
    {
        var text = "{\n  \"CertSettings:Store\": \"My\",\n  \"Logging\": {}\n}";

        var result = AppSettingsEditor.SetThumbprints("a.json", Encoding.UTF8.GetBytes(text), "S", "E");

        Assert.Equal("{\n  \"CertSettings:Store\": \"My\",\n  \"CertSettings:SigningThumbprint\": \"S\",\n"
            + "  \"CertSettings:EncryptionThumbprint\": \"E\",\n  \"Logging\": {}\n}",
            Encoding.UTF8.GetString(result!));
    }

    [Fact]
    public void SetThumbprints_NestedAndFlatForDifferentKeys_UpdatesEachWhereItIs()
    {
        var text = "{ \"CertSettings\": { \"SigningThumbprint\": \"" + OldSigning + "\" },\n"
            + "  \"CertSettings:EncryptionThumbprint\": \"" + OldEncryption + "\" }";

        var result = AppSettingsEditor.SetThumbprints("a.json", Encoding.UTF8.GetBytes(text), NewSigning,
            NewEncryption);

        Assert.Equal(text.Replace(OldSigning, NewSigning, StringComparison.Ordinal)
            .Replace(OldEncryption, NewEncryption, StringComparison.Ordinal), Encoding.UTF8.GetString(result!));
    }

    [Fact]
    public void SetThumbprints_SectionObjectAndFlatKeyOneMissing_AddsTheMissingOneInTheObject()
    {
        var text = "{ \"CertSettings:SigningThumbprint\": \"S\", \"CertSettings\": {} }";

        var result = AppSettingsEditor.SetThumbprints("a.json", Encoding.UTF8.GetBytes(text), "S", "E");

        Assert.Equal("{ \"CertSettings:SigningThumbprint\": \"S\", "
            + "\"CertSettings\": { \"EncryptionThumbprint\": \"E\" } }",
            Encoding.UTF8.GetString(result!));
    }

    [Theory]
    // no colon: a different key, not a key of the CertSettings section
    [InlineData("{ \"CertSettingsSigningThumbprint\": \"S\" }")]
    // a flat key inside another object is that object's key
    [InlineData("{ \"Other\": { \"CertSettings:SigningThumbprint\": \"S\" } }")]
    // a colon form of another section whose name starts like CertSettings
    [InlineData("{ \"CertSettingsOld:SigningThumbprint\": \"S\" }")]
    public void Read_KeysThatAreNotOfTheSection_NoCertSettings(string text)
    {
        Assert.False(AppSettingsEditor.Read("a.json", Encoding.UTF8.GetBytes(text)).HasCertSettings);
    }

    [Fact]
    public void SetThumbprints_SameKeyInBothForms_RefusedNamingBothAndFileUnchanged()
    {
        var text = "{\n  \"CertSettings\": { \"SigningThumbprint\": \"A\", \"EncryptionThumbprint\": \"B\" },\n"
            + "  \"certSettings:signingThumbprint\": \"C\"\n}";
        var path = _folder.Write("appsettings.json", text);

        var error = Assert.Throws<ConfigFileException>(() => FileUpdate.Apply(path, "S", "E"));

        Assert.Equal($"{path} sets CertSettings:SigningThumbprint twice: as \"SigningThumbprint\" in the "
            + "CertSettings section at line 2, column 21, and as \"certSettings:signingThumbprint\" at line 3, "
            + "column 3. .NET configuration refuses a file that sets a key twice, so the application cannot "
            + "start with it; remove one of them and run again.", error.Message);
        Assert.Equal((3, 3), (error.Line, error.Column));
        Assert.Equal(text, File.ReadAllText(path));
        Assert.Throws<ConfigFileException>(() => AppSettingsEditor.Read(path, File.ReadAllBytes(path)));
    }

    [Fact]
    public void SetThumbprints_FlatValueNotAString_RefusedNamingTheKey()
    {
        var path = _folder.Write("appsettings.json", "{ \"CertSettings:EncryptionThumbprint\": 12 }");

        var error = Assert.Throws<ConfigFileException>(() => FileUpdate.Apply(path, "S", "E"));

        Assert.Equal($"The value of \"CertSettings:EncryptionThumbprint\" at line 1, column 40 of {path} is a "
            + "number: expected the thumbprint as a string in double quotes. Correct the file and run again.",
            error.Message);
    }

    [Fact]
    public void Resolve_FlatKeysInBaseAndEnvironmentFile_BothToUpdate()
    {
        var basePath = _folder.Write("appsettings.json",
            "{ \"CertSettings:SigningThumbprint\": \"A\", \"CertSettings:EncryptionThumbprint\": \"B\" }");
        var production = _folder.Write("appsettings.Production.json", "{ \"CertSettings:SigningThumbprint\": \"A\" }");

        var layout = ConfigLayers.Resolve(_folder.Path, "service KPRService1", [], new FakeMachineEnvironment(),
            new PhysicalFileSystem());

        Assert.Equal([basePath, production], layout.FilesToUpdate);
        Assert.Empty(layout.Findings);
    }
}
