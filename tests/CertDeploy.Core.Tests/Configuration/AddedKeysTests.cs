using System;
using System.IO;
using System.Text;
using CertDeploy.Core.Configuration;
using Xunit;

namespace CertDeploy.Core.Tests.Configuration;

/// <summary>A missing thumbprint key is added inside CertSettings in the file's own style.</summary>
public sealed class AddedKeysTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void SetThumbprints_TwoSpacesTrailingCommaAndComment_AddsAfterTheCommentWithTrailingComma()
    {
        var before = "{\n  \"CertSettings\": {\n    \"SigningThumbprint\": \"old\", // the signing one\n"
            + "  },\n  \"X\": 1\n}\n";
        var after = "{\n  \"CertSettings\": {\n    \"SigningThumbprint\": \"S\", // the signing one\n"
            + "    \"EncryptionThumbprint\": \"E\",\n  },\n  \"X\": 1\n}\n";

        AssertUpdate(before, after);
    }

    [Fact]
    public void SetThumbprints_FourSpacesNoCommaBlockComment_PutsTheCommaRightAfterTheValue()
    {
        var before = "{\n    \"CertSettings\": {\n        \"SigningThumbprint\": \"old\" /* signing */\n    }\n}";
        var after = "{\n    \"CertSettings\": {\n        \"SigningThumbprint\": \"S\", /* signing */\n"
            + "        \"EncryptionThumbprint\": \"E\"\n    }\n}";

        AssertUpdate(before, after);
    }

    [Fact]
    public void SetThumbprints_TabsBothMissing_AddsBothAfterTheLastProperty()
    {
        var before = "{\n\t\"CertSettings\": {\n\t\t\"Store\": \"My\"\n\t}\n}";
        var after = "{\n\t\"CertSettings\": {\n\t\t\"Store\": \"My\",\n\t\t\"SigningThumbprint\": \"S\",\n"
            + "\t\t\"EncryptionThumbprint\": \"E\"\n\t}\n}";

        AssertUpdate(before, after);
    }

    [Fact]
    public void SetThumbprints_EmptySectionFourSpacesCrlf_OpensItOverLinesWithCrlf()
    {
        var before = "{\r\n    \"Logging\": {},\r\n    \"CertSettings\": {}\r\n}\r\n";
        var after = "{\r\n    \"Logging\": {},\r\n    \"CertSettings\": {\r\n        \"SigningThumbprint\": \"S\",\r\n"
            + "        \"EncryptionThumbprint\": \"E\"\r\n    }\r\n}\r\n";

        AssertUpdate(before, after, bom: true);
    }

    [Fact]
    public void SetThumbprints_EmptySectionWithComment_KeepsTheCommentAndAddsBelowIt()
    {
        var before = "{\n  \"CertSettings\": {\n    // filled in by CertDeploy\n  }\n}";
        var after = "{\n  \"CertSettings\": {\n    // filled in by CertDeploy\n    \"SigningThumbprint\": \"S\",\n"
            + "    \"EncryptionThumbprint\": \"E\"\n  }\n}";

        AssertUpdate(before, after);
    }

    [Fact]
    public void SetThumbprints_EmptySectionOnOneLineFile_AddsOnTheSameLine()
    {
        AssertUpdate("{ \"CertSettings\": {} }",
            "{ \"CertSettings\": { \"SigningThumbprint\": \"S\", \"EncryptionThumbprint\": \"E\" } }");
    }

    [Fact]
    public void SetThumbprints_SectionOnOneLine_AddsOnTheSameLineWithItsSeparator()
    {
        AssertUpdate("{\n  \"CertSettings\": { \"SigningThumbprint\" : \"x\" }\n}",
            "{\n  \"CertSettings\": { \"SigningThumbprint\" : \"S\", \"EncryptionThumbprint\" : \"E\" }\n}");
    }

    [Fact]
    public void SetThumbprints_LastPropertyNotAtLineStart_IndentsOneLevelBelowTheSection()
    {
        var before = "{\n  \"CertSettings\": { \"SigningThumbprint\": \"x\"\n  }\n}";
        var after = "{\n  \"CertSettings\": { \"SigningThumbprint\": \"S\",\n"
            + "    \"EncryptionThumbprint\": \"E\"\n  }\n}";

        AssertUpdate(before, after);
    }

    private void AssertUpdate(string before, string after, bool bom = false)
    {
        var path = _folder.Write("appsettings.json", before, bom);

        Assert.True(FileUpdate.Apply(path, "S", "E"));

        Assert.Equal(TempFolder.Encode(after, bom), File.ReadAllBytes(path));
        Assert.Equal(new CertSettingsValues(true, "S", "E"), AppSettingsEditor.Read(path, File.ReadAllBytes(path)));
        Assert.Null(AppSettingsEditor.SetThumbprints(path, File.ReadAllBytes(path), "S", "E"));
    }
}
