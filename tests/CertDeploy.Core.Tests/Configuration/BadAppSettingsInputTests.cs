using System;
using System.IO;
using System.Linq;
using CertDeploy.Core.Configuration;
using Xunit;

namespace CertDeploy.Core.Tests.Configuration;

/// <summary>
/// Files that .NET configuration would refuse, or that CertDeploy cannot change without guessing:
/// each gets its exact message with path, line and column, and the file stays as it was.
/// </summary>
public sealed class BadAppSettingsInputTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    // nothing at all
    [InlineData("", null, null,
        "{path} is empty: expected a JSON object such as { \"CertSettings\": { ... } }.")]
    // whitespace only counts as empty
    [InlineData(" \r\n\t\n", null, null,
        "{path} is empty: expected a JSON object such as { \"CertSettings\": { ... } }.")]
    // comments are no content
    [InlineData("// nothing\n/* here */\n", null, null,
        "{path} holds only comments: expected a JSON object such as { \"CertSettings\": { ... } }.")]
    // a string that runs into the next line
    [InlineData("{\n  \"CertSettings\": {\n    \"SigningThumbprint\": \"ABC\n  }\n}", 3, 26,
        "Unterminated string starting at line 3, column 26 of {path}: the line ends before the closing '\"'.")]
    // a string that runs to the end of the file
    [InlineData("{\"a\": \"x", 1, 7,
        "Unterminated string starting at line 1, column 7 of {path}: the file ends before the closing '\"'.")]
    // a block comment never closed
    [InlineData("{\n  /* open\n  \"a\": 1\n}", 2, 3,
        "Unterminated comment starting at line 2, column 3 of {path}: the closing '*/' is missing.")]
    // a second closing brace after the root
    [InlineData("{}\n}", 2, 1,
        "Unexpected '}' at line 2, column 1 of {path} after the end of the root object (opened at line 1, "
        + "column 1, closed at line 1, column 2): only whitespace and comments may follow it.")]
    // an array at the root
    [InlineData("[1, 2]", 1, 1,
        "The root of {path} is an array at line 1, column 1: .NET configuration needs an object ({ ... }) at the top.")]
    // a string at the root, after a comment
    [InlineData("// x\n\"text\"", 2, 1,
        "The root of {path} is a string at line 2, column 1: .NET configuration needs an object ({ ... }) at the top.")]
    // the comma between two properties forgotten
    [InlineData("{\n  \"a\": 1\n  \"b\": 2\n}", 3, 3,
        "Unexpected '\"' at line 3, column 3 of {path}: expected ',' or '}' after the value of \"a\".")]
    // two commas: a trailing comma is fine, an empty property is not
    [InlineData("{\n  \"a\": 1,,\n}", 2, 10,
        "Unexpected ',' at line 2, column 10 of {path}: expected a property name in double quotes or '}'.")]
    // a JavaScript-style key without quotes
    [InlineData("{ foo: 1 }", 1, 3,
        "Unexpected word 'foo' at line 1, column 3 of {path}: expected a property name in double quotes or '}'.")]
    // single quotes are not JSON
    [InlineData("{ 'a': 1 }", 1, 3,
        "Unexpected \"'\" at line 1, column 3 of {path}: expected a property name in double quotes or '}'.")]
    // a Windows path with single backslashes
    [InlineData("{ \"a\": \"C:\\data\" }", 1, 11,
        "Invalid escape '\\d' at line 1, column 11 of {path}: expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t "
        + "or \\u followed by four hexadecimal digits. Write a backslash as \\\\.")]
    // \u with a letter that is not hexadecimal
    [InlineData("{ \"a\": \"\\u12G4\" }", 1, 9,
        "Invalid escape '\\u12G' at line 1, column 9 of {path}: expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t "
        + "or \\u followed by four hexadecimal digits. Write a backslash as \\\\.")]
    // literals are lower case
    [InlineData("{ \"a\": True }", 1, 8,
        "Unexpected word 'True' at line 1, column 8 of {path}: expected a value for \"a\".")]
    // a property without value
    [InlineData("{\n  \"a\":\n}", 3, 1,
        "Unexpected '}' at line 3, column 1 of {path}: expected a value for \"a\".")]
    // the colon forgotten
    [InlineData("{ \"a\" 1 }", 1, 7,
        "Unexpected '1' at line 1, column 7 of {path}: expected ':' after the property name \"a\".")]
    // the file cut off inside a nested object
    [InlineData("{\n  \"a\": {\n    \"b\": 1\n", 4, 1,
        "Unexpected end of file at line 4, column 1 of {path}: expected ',' or '}' after the value of \"b\" "
        + "(the object opened at line 2, column 8 is not closed).")]
    // the same section twice, differing in case only
    [InlineData("{\n  \"CertSettings\": {},\n  \"certsettings\": {}\n}", 3, 3,
        "Duplicate key \"CertSettings\" in {path}: at line 2, column 3 and again as \"certsettings\" at line 3, "
        + "column 3. .NET configuration treats keys without regard to case and refuses duplicates; "
        + "remove one of them.")]
    // the same thumbprint key twice inside CertSettings
    [InlineData("{ \"CertSettings\": { \"SigningThumbprint\": \"A\", \"SigningThumbprint\": \"B\" } }", 1, 47,
        "Duplicate key \"SigningThumbprint\" in {path}: at line 1, column 21 and again at line 1, column 47. "
        + ".NET configuration treats keys without regard to case and refuses duplicates; remove one of them.")]
    // a key equal to another only after its escape is decoded
    [InlineData("{ \"ab\": 1, \"\\u0061B\": 2 }", 1, 12,
        "Duplicate key \"ab\" in {path}: at line 1, column 3 and again as \"aB\" at line 1, column 12. "
        + ".NET configuration treats keys without regard to case and refuses duplicates; remove one of them.")]
    // a number with a leading zero
    [InlineData("{ \"a\": 012 }", 1, 8,
        "Invalid number at line 1, column 8 of {path}: a number may not start with 0 followed by more digits; "
        + "write it without leading zeros or as a string.")]
    // a minus sign alone
    [InlineData("{ \"a\": - }", 1, 8, "Invalid number at line 1, column 8 of {path}: expected a digit after '-'.")]
    // a decimal point without digits after it
    [InlineData("{ \"a\": 1. }", 1, 8, "Invalid number at line 1, column 8 of {path}: expected a digit after '.'.")]
    // an exponent without digits
    [InlineData("{ \"a\": 1e+ }", 1, 8,
        "Invalid number at line 1, column 8 of {path}: expected a digit in the exponent.")]
    // a tab typed inside a string
    [InlineData("{ \"a\": \"x\ty\" }", 1, 10,
        "Control character U+0009 inside the string at line 1, column 10 of {path}: write it as the escape \\u0009.")]
    // a non-breaking space pasted between tokens
    [InlineData("{\u00A0}", 1, 2,
        "Unexpected invisible character U+00A0 at line 1, column 2 of {path}: expected a property name "
        + "in double quotes or '}'.")]
    // columns count characters, not bytes: "æøå" is three characters in six bytes
    [InlineData("{ \"æøå\": 1 x }", 1, 12,
        "Unexpected 'x' at line 1, column 12 of {path}: expected ',' or '}' after the value of \"æøå\".")]
    // a single slash is no comment
    [InlineData("{ / }", 1, 3, "Unexpected '/' at line 1, column 3 of {path}: a comment starts with // or /*.")]
    // an array item missing before the comma
    [InlineData("{ \"a\": [,] }", 1, 9, "Unexpected ',' at line 1, column 9 of {path}: expected a value or ']'.")]
    // CertSettings that is not an object
    [InlineData("{\n  \"CertSettings\": \"ABC\"\n}", 2, 19,
        "\"CertSettings\" at line 2, column 19 of {path} is a string, not an object: expected \"CertSettings\": "
        + "{ \"SigningThumbprint\": \"...\", \"EncryptionThumbprint\": \"...\" }.")]
    // a thumbprint written as a number
    [InlineData("{ \"CertSettings\": { \"signingThumbprint\": 12, \"EncryptionThumbprint\": \"A\" } }", 1, 42,
        "The value of \"signingThumbprint\" in CertSettings at line 1, column 42 of {path} is a number: expected "
        + "the thumbprint as a string in double quotes. Correct the file and run again.")]
    // a thumbprint left as null
    [InlineData("{ \"CertSettings\": { \"SigningThumbprint\": \"A\", \"EncryptionThumbprint\": null } }", 1, 71,
        "The value of \"EncryptionThumbprint\" in CertSettings at line 1, column 71 of {path} is null: expected "
        + "the thumbprint as a string in double quotes. Correct the file and run again.")]
    // no CertSettings section at all
    [InlineData("{ \"Logging\": {} }", null, null,
        "{path} has no top-level CertSettings section: expected \"CertSettings\": { \"SigningThumbprint\": \"...\", "
        + "\"EncryptionThumbprint\": \"...\" } in the root object. Add the section, or leave this service out.")]
    public void SetThumbprints_BadFile_ExactMessageAndFileUnchanged(string text, int? line, int? column,
        string expectedTemplate)
    {
        AssertRejected(TempFolder.Encode(text), line, column, expectedTemplate);
    }

    [Fact]
    public void SetThumbprints_NestingDeeperThanDotNetReads_IsRejected()
    {
        // The root and 64 arrays: one container more than JsonDocument's default MaxDepth of 64.
        var text = "{\"a\":" + new string('[', 64) + new string(']', 64) + "}";

        AssertRejected(TempFolder.Encode(text), 1, 69,
            "Nesting deeper than 64 levels at line 1, column 69 of {path}: .NET configuration reads at most "
            + "64 levels of objects and arrays.");
    }

    [Fact]
    public void SetThumbprints_InvalidUtf8InAComment_NamesFileAndPosition()
    {
        // Latin-1 "ø" (0xF8) in a comment: a file saved in the wrong encoding.
        byte[] bytes = [.. TempFolder.Encode("{\n  // Troms"), 0xF8, .. TempFolder.Encode("\n}")];

        AssertRejected(bytes, 2, 11,
            "{path} is not valid UTF-8: the byte 0xF8 at line 2, column 11 (byte offset 12) does not start or "
            + "continue a UTF-8 character. Save the file as UTF-8 and run again.");
    }

    [Fact]
    public void SetThumbprints_OverlongUtf8InAString_IsRejected()
    {
        // 0xC0 0xAF is an overlong "/": well-formed UTF-8 never contains it.
        byte[] bytes = [.. TempFolder.Encode("{ \"a\": \"x"), 0xC0, 0xAF, .. TempFolder.Encode("\" }")];

        AssertRejected(bytes, 1, 10,
            "{path} is not valid UTF-8: the byte 0xC0 at line 1, column 10 (byte offset 9) does not start or "
            + "continue a UTF-8 character. Save the file as UTF-8 and run again.");
    }

    [Fact]
    public void SetThumbprints_Utf16File_IsRejectedWithTheEncodingNamed()
    {
        byte[] bytes = [0xFF, 0xFE, .. System.Text.Encoding.Unicode.GetBytes("{}")];

        AssertRejected(bytes, null, null,
            "{path} is saved as UTF-16 (it starts with a UTF-16 byte order mark); CertDeploy reads and writes "
            + "UTF-8 only. Save the file as UTF-8 and run again.");
    }

    [Fact]
    public void Scan_StopBytesAtEveryOffsetOfEightByteWords_AreFound()
    {
        // The scanner skips strings and comments eight bytes at a time: a stop byte in any lane
        // of any word must still be seen.
        for (var offset = 0; offset < 20; offset++)
        {
            var filler = new string('a', offset);
            var tab = Assert.Throws<ConfigFileException>(() => AppSettingsEditor.Read("s.json",
                TempFolder.Encode("{\"k\": \"" + filler + "\t" + filler + "\"}")));
            Assert.Equal(8 + offset, tab.Column);

            byte[] badComment = [.. TempFolder.Encode("{ /* " + filler), 0xFF, .. TempFolder.Encode(" */ }")];
            var utf8 = Assert.Throws<ConfigFileException>(() => AppSettingsEditor.Read("c.json", badComment));
            Assert.Equal(6 + offset, utf8.Column);

            var lineComment = TempFolder.Encode("{ // " + filler + "\n \"CertSettings\": {} }");
            Assert.True(AppSettingsEditor.Read("l.json", lineComment).HasCertSettings);

            var blockComment = TempFolder.Encode("{ /* " + filler + "*" + filler + " */ \"CertSettings\": {} }");
            Assert.True(AppSettingsEditor.Read("b.json", blockComment).HasCertSettings);

            var escaped = TempFolder.Encode("{ \"CertSettings\": { \"SigningThumbprint\": \"" + filler + "\\\"x\" } }");
            Assert.Equal(filler + "\"x", AppSettingsEditor.Read("e.json", escaped).SigningThumbprint);
        }
    }

    [Fact]
    public void Read_BadFile_ThrowsTheSameMessage()
    {
        var path = _folder.Write("appsettings.json", "{ \"a\": 1,, }");

        var error = Assert.Throws<ConfigFileException>(() => AppSettingsEditor.Read(path, File.ReadAllBytes(path)));

        Assert.Equal($"Unexpected ',' at line 1, column 10 of {path}: expected a property name in double "
            + "quotes or '}'.",
            error.Message);
        Assert.Equal(path, error.FilePath);
    }

    private void AssertRejected(byte[] content, int? line, int? column, string expectedTemplate)
    {
        var path = _folder.Write("appsettings.json", content);

        var error = Assert.Throws<ConfigFileException>(() => FileUpdate.Apply(path, "S", "E"));

        Assert.Equal(expectedTemplate.Replace("{path}", path), error.Message);
        Assert.Equal(path, error.FilePath);
        Assert.Equal(line, error.Line);
        Assert.Equal(column, error.Column);
        Assert.True(content.SequenceEqual(File.ReadAllBytes(path)), "the file changed on disk");
        Assert.Single(Directory.GetFiles(_folder.Path));
    }
}
