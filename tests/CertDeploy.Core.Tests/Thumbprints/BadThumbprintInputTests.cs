using CertDeploy.Core.Thumbprints;
using Xunit;

namespace CertDeploy.Core.Tests.Thumbprints;

/// <summary>
/// Bad thumbprint inputs and the exact message each one gets. Every message names the source
/// (here the property), says what is wrong and where, and shows invisible characters only by
/// their code point.
/// </summary>
public class BadThumbprintInputTests
{
    private const string What = "CERTDEPLOY_SIGNING_THUMBPRINT";

    public static TheoryData<string?, string> Rows => new()
    {
        // Nothing at all: the property was not set.
        { null, What + " is empty." },
        // Set but empty.
        { "", What + " is empty." },
        // Only whitespace: line breaks and a tab.
        { " \r\n\t", What + " is empty: it holds only spaces, line breaks or invisible characters." },
        // Only the invisible mark the certificate dialog copies.
        { "\u200E", What + " is empty: it holds only spaces, line breaks or invisible characters." },
        // Quotes with nothing but a space between them.
        { "\" \"", What + " is empty: there is nothing between the quotes." },
        // One digit short (the last one lost when copying).
        { "EB6A96FB1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6", What + " has 39 hexadecimal digits; a thumbprint has 40." },
        // One digit too many.
        { "EB6A96FB1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F0", What + " has 41 hexadecimal digits; a thumbprint has 40." },
        // Two bytes short, in the spaced form of older dialogs.
        { "eb 6a 96 fb 1c 2d 3e 4f 5a 6b 7c 8d 9e 0f 1a 2b 3c 4d 5e", What
            + " has 38 hexadecimal digits; a thumbprint has 40." },
        // A SHA-256 hash instead of the SHA-1 thumbprint.
        { new string('A', 64), What + " has 64 hexadecimal digits; a thumbprint has 40. 64 digits are a "
            + "SHA-256 hash: copy the Thumbprint field (SHA-1) instead." },
        // A letter just past F, at position 7.
        { "EB6A96GB1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F", What
            + ": character 'G' (U+0047) at position 7 is not a hexadecimal digit." },
        // The same after the invisible mark: the position counts it, and says so.
        { "\u200EEB6A96GB1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F", What + ": character 'G' (U+0047) at position 8 is not a "
            + "hexadecimal digit (counting 1 invisible character before it)." },
        // The letter O for the digit 0.
        { "EB6A96FB1C2D3E4F5A6B7C8D9EOF1A2B3C4D5E6F", What
            + ": character 'O' (U+004F) at position 27 is not a hexadecimal digit." },
        // A line break inside the value (only around it is accepted); shown by code point.
        { "EB6A96FB1C2D3E4F5A6B\n7C8D9E0F1A2B3C4D5E6F", What
            + ": character U+000A at position 21 is not a hexadecimal digit." },
        // A tab between bytes (only spaces, colons and hyphens separate bytes).
        { "EB\t6A96FB1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F", What
            + ": character U+0009 at position 3 is not a hexadecimal digit." },
        // An opening quote without a closing one.
        { "\"EB6A96FB1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F", What
            + ": character '\"' (U+0022) at position 1 is not a hexadecimal digit." },
        // Quotes that do not pair: the closing one is reported, after the leading whitespace.
        { "  'EB6A96FB1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F\"", What
            + ": character ''' (U+0027) at position 3 is not a hexadecimal digit." },
        // A hexadecimal prefix.
        { "0xEB6A96FB1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F", What
            + ": character 'x' (U+0078) at position 2 is not a hexadecimal digit." },
        // Commas are not byte separators.
        { "EB,6A,96,FB,1C,2D,3E,4F,5A,6B,7C,8D,9E,0F,1A,2B,3C,4D,5E,6F", What
            + ": character ',' (U+002C) at position 3 is not a hexadecimal digit." },
        // A label pasted with the value.
        { "Thumbprint: EB6A96FB1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F", What
            + ": character 'T' (U+0054) at position 1 is not a hexadecimal digit." },
        // Text after the value.
        { "EB6A96FB1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F (signing)", What
            + ": character '(' (U+0028) at position 42 is not a hexadecimal digit." },
        // A full-width digit, which looks like 1 but is not ASCII.
        { "EB6A96FB\uFF11C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F", What
            + ": character '\uFF11' (U+FF11) at position 9 is not a hexadecimal digit." },
        // A combining accent on a digit: invisible on its own, shown by code point.
        { "E\u0301B6A96FB1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F", What
            + ": character U+0301 at position 2 is not a hexadecimal digit." },
        // A character outside the Basic Multilingual Plane counts as one position.
        { "EB\U0001F600X", What + ": character '\U0001F600' (U+1F600) at position 3 is not a hexadecimal digit." },
        // An invisible tag character outside the Basic Multilingual Plane: one position, skipped.
        { "\U000E0001EBX6A", What + ": character 'X' (U+0058) at position 4 is not a hexadecimal "
            + "digit (counting 1 invisible character before it)." },
        // A line separator inside the value (around it, it would be trimmed as whitespace).
        { "EB6A\u20287C", What + ": character U+2028 at position 5 is not a hexadecimal digit." },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void TryNormalize_BadInput_RefusesWithExactMessage(string? input, string message)
    {
        var ok = Thumbprint.TryNormalize(input, What, out var normalized, out var error);

        Assert.False(ok);
        Assert.Equal("", normalized);
        Assert.Equal(message, error);
    }
}
