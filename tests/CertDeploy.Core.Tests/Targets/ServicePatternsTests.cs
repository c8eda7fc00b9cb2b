using CertDeploy.Core.Targets;
using Xunit;

namespace CertDeploy.Core.Tests.Targets;

public class ServicePatternsTests
{
    [Fact]
    public void Default_CoversKprDigiHelseAndBothAuthenticationNames()
    {
        Assert.Equal(new[] { "KPR*", "DigiHelse*", "Authentication", "CosDocAuthServer" }, ServicePatterns.Default);
    }

    [Theory]
    [InlineData(null)]    // property not set
    [InlineData("")]      // set to nothing
    [InlineData("   ")]   // blanks only
    [InlineData(" ; ;")]  // separators only: no item left
    public void Parse_NothingGiven_Default(string? value)
    {
        Assert.Equal(ServicePatterns.Default, ServicePatterns.Parse(value));
    }

    [Theory]
    [InlineData("KPR*", new[] { "KPR*" })]                                    // one item
    [InlineData(" KPR* ; ;DigiHelse* ", new[] { "KPR*", "DigiHelse*" })]      // trimmed, empty item ignored
    [InlineData("KPR*;kpr*;KPR1", new[] { "KPR*", "KPR1" })]                  // duplicate (any case) kept once
    [InlineData("KPR Service;Kjerne?ournal", new[] { "KPR Service", "Kjerne?ournal" })] // spaces inside kept
    [InlineData("KPR*;", new[] { "KPR*" })]                                   // trailing separator
    public void Parse_List_TrimmedItems(string value, string[] expected)
    {
        Assert.Equal(expected, ServicePatterns.Parse(value));
    }

    [Theory]
    [InlineData("KPR*", "KPRService1", true)]             // prefix wildcard
    [InlineData("KPR*", "kprservice1", true)]             // case-insensitive
    [InlineData("KPR*", "KPR", true)]                     // '*' matches nothing too
    [InlineData("KPR*", "MyKPRService", false)]           // whole name: no match in the middle
    [InlineData("KPR", "KPRService1", false)]             // no wildcard: exact name only
    [InlineData("Authentication", "AUTHENTICATION", true)]// exact, any case
    [InlineData("KPR?", "KPR1", true)]                    // '?' is one character
    [InlineData("KPR?", "KPR", false)]                    // '?' is not zero characters
    [InlineData("KPR?", "KPR12", false)]                  // '?' is not two
    [InlineData("*Helse*", "DigiHelseApi", true)]         // two stars
    [InlineData("Digi*Api", "DigiHelseApi", true)]        // star in the middle
    [InlineData("Digi*Api", "DigiHelseApiX", false)]      // must end where the pattern ends
    [InlineData("*a*b", "aXbXab", true)]                  // backtracking over a false start
    [InlineData("KPR.Service", "KPRxService", false)]     // '.' is literal, not a regex
    [InlineData("KPR[1]", "KPR[1]", true)]                // brackets are literal
    public void Matches_WildcardsWholeNameIgnoringCase(string pattern, string name, bool expected)
    {
        Assert.Equal(expected, ServicePatterns.Matches(pattern, name));
    }
}
