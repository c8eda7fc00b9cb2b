using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Thumbprints;
using Xunit;

namespace CertDeploy.Core.Tests.Thumbprints;

public class ThumbprintTests
{
    private const string What = "CERTDEPLOY_SIGNING_THUMBPRINT";
    private const string Expected = "EB6A96FB1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F";

    [Theory]
    // Already normalised: unchanged.
    [InlineData("EB6A96FB1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F")]
    // Copied from the certificate dialog of Windows 10 1703 / Server 2016 and older: U+200E first.
    [InlineData("\u200EEB6A96FB1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F")]
    // The mark in the middle and a Windows line break after it, as pasted into a text file.
    [InlineData("EB6A96FB1C2D3E4F5A6B\u200E7C8D9E0F1A2B3C4D5E6F\r\n")]
    // Older dialogs: lower case with spaces between the bytes.
    [InlineData("eb 6a 96 fb 1c 2d 3e 4f 5a 6b 7c 8d 9e 0f 1a 2b 3c 4d 5e 6f")]
    // The same with the leading mark as the dialog copies it.
    [InlineData("\u200Eeb 6a 96 fb 1c 2d 3e 4f 5a 6b 7c 8d 9e 0f 1a 2b 3c 4d 5e 6f")]
    // No-break spaces between the bytes (from a web page or a mail).
    [InlineData("EB\u00A06A\u00A096\u00A0FB\u00A01C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F")]
    // Colons (openssl -fingerprint) and hyphens.
    [InlineData("EB:6A:96:FB:1C:2D:3E:4F:5A:6B:7C:8D:9E:0F:1A:2B:3C:4D:5E:6F")]
    [InlineData("eb-6a-96-fb-1c-2d-3e-4f-5a-6b-7c-8d-9e-0f-1a-2b-3c-4d-5e-6f")]
    // Mixed case.
    [InlineData("Eb6a96Fb1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6F")]
    // Surrounding whitespace: tabs, spaces, line breaks on both sides.
    [InlineData("\t  EB6A96FB1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F \r\n\t")]
    // Quotes around the value, double and single, with whitespace outside and inside.
    [InlineData("\"EB6A96FB1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F\"")]
    [InlineData(" 'EB6A96FB1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F'\r\n")]
    [InlineData("\" EB6A96FB1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F \"")]
    // Curly quotes and guillemets from a word processor.
    [InlineData("\u201CEB6A96FB1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F\u201D")]
    [InlineData("\u00ABEB6A96FB1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F\u00BB")]
    // The mark outside the quotes.
    [InlineData("\u200E\"EB6A96FB1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F\"")]
    // Other invisible format characters: RLM, zero-width space, BOM, bidi embeddings and isolates.
    [InlineData("\u200FEB6A96FB\u200B1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F\uFEFF")]
    [InlineData("\u202AEB6A96FB1C2D3E4F\u202C5A6B7C8D9E0F1A2B3C4D5E6F\u202E")]
    [InlineData("\u2066EB6A96FB1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F\u2069\u2067\u2068")]
    // A soft hyphen (also Cf) inside a byte.
    [InlineData("EB6A96FB1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6\u00ADF")]
    // An invisible character outside the Basic Multilingual Plane (a tag, Cf) at the end.
    [InlineData("EB6A96FB1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F\U000E0001")]
    public void Normalize_PastedForm_GivesFortyUpperCaseDigits(string input)
    {
        Assert.Equal(Expected, Thumbprint.Normalize(input, What));
    }

    [Fact]
    public void TryNormalize_GoodInput_ReturnsTrueAndNoError()
    {
        var ok = Thumbprint.TryNormalize("\u200Eeb6a96fb1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f", What,
            out var normalized, out var error);

        Assert.True(ok);
        Assert.Equal(Expected, normalized);
        Assert.Equal("", error);
    }

    [Fact]
    public void TryNormalize_BadInput_ReturnsFalseAndEmptyResult()
    {
        var ok = Thumbprint.TryNormalize("EB6A", What, out var normalized, out var error);

        Assert.False(ok);
        Assert.Equal("", normalized);
        Assert.Equal(What + " has 4 hexadecimal digits; a thumbprint has 40.", error);
    }

    [Fact]
    public void Normalize_BadInput_ThrowsCertDeployExceptionWithTheMessage()
    {
        var e = Assert.Throws<CertDeployException>(
            () => Thumbprint.Normalize("EB6A96FB1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6G", What));

        Assert.Equal(What + ": character 'G' (U+0047) at position 40 is not a hexadecimal digit.", e.Message);
        Assert.Equal(e.Message, Assert.Single(e.Findings).Message);
    }

    [Fact]
    public void TryNormalize_LoneSurrogate_IsShownByCodePoint()
    {
        // A broken paste can leave half of a surrogate pair; it cannot be printed, only named.
        // (A Fact, not a Theory row: test data serialisation would replace the lone surrogate.)
        var ok = Thumbprint.TryNormalize("EB\uD800", What, out _, out var error);

        Assert.False(ok);
        Assert.Equal(What + ": character U+D800 at position 3 is not a hexadecimal digit.", error);
    }

    [Fact]
    public void Normalize_InvisibleCharacter_NeverAppearsRawInTheMessage()
    {
        var e = Assert.Throws<CertDeployException>(
            () => Thumbprint.Normalize("\u200EEB6A96FB\u200F1C2D3E4F5A6B7C8D9E0F1A2B3C4D\r\n5E6F", What));

        Assert.DoesNotContain('\u200E', e.Message);
        Assert.DoesNotContain('\u200F', e.Message);
        Assert.DoesNotContain('\r', e.Message);
        Assert.Equal(What + ": character U+000D at position 39 is not a hexadecimal digit "
            + "(counting 2 invisible characters before it).", e.Message);
    }
}
