using CertDeploy.Installer.Tests.Authoring;
using Xunit;

namespace CertDeploy.Installer.Tests;

public class ConditionTermsTests
{
    [Theory]
    // The term as one of the top-level AND terms: required.
    [InlineData("NOT Installed AND NOT (REMOVE~=\"ALL\")", true)]
    // Written without parentheses: the same term.
    [InlineData("NOT Installed AND NOT REMOVE~=\"ALL\"", true)]
    // The whole condition in parentheses: still required.
    [InlineData("(NOT Installed AND NOT (REMOVE~=\"ALL\"))", true)]
    // A top-level OR: AND binds tighter, so the term does not always apply.
    [InlineData("REINSTALL OR NOT Installed AND NOT (REMOVE~=\"ALL\")", false)]
    // The term inside a parenthesised OR: not required.
    [InlineData("(REINSTALL OR NOT (REMOVE~=\"ALL\"))", false)]
    // "AND" inside a quoted value is no operator.
    [InlineData("X=\"A AND B\" AND NOT (REMOVE~=\"ALL\")", true)]
    // No condition at all: nothing is required.
    [InlineData(null, false)]
    public void Requires_RemoveTerm_OnlyWhenItAlwaysApplies(string? condition, bool required)
    {
        Assert.Equal(required, ConditionTerms.Requires(condition, "NOT (REMOVE~=\"ALL\")"));
    }
}
