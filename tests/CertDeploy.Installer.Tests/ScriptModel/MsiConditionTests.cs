using System.Collections.Generic;
using System.Linq;
using CertDeploy.Installer.Tests.Authoring;
using CertDeploy.Installer.Tests.Support;
using Xunit;

namespace CertDeploy.Installer.Tests.ScriptModel;

public class MsiConditionTests
{
    private const string RunCondition =
        "(NOT Installed OR REINSTALL) AND NOT UPGRADINGPRODUCTCODE AND NOT (REMOVE~=\"ALL\")";

    private const string RefuseCondition =
        "RollbackDisabled AND (NOT Installed OR REINSTALL) AND NOT UPGRADINGPRODUCTCODE AND NOT (REMOVE~=\"ALL\")";

    [Theory]
    // A bare property that is set and not empty is true.
    [InlineData("Installed", "Installed=1", true)]
    // A bare property that is not set is false.
    [InlineData("Installed", "", false)]
    // Set to the empty string counts as not set.
    [InlineData("Installed", "Installed=", false)]
    // A bare property holding "0" is still set, hence true (it is no integer test).
    [InlineData("RollbackDisabled", "RollbackDisabled=0", true)]
    // NOT of an unset property.
    [InlineData("NOT Installed", "", true)]
    // NOT applies to the next operand only, then AND: (NOT A) AND B.
    [InlineData("NOT A AND B", "B=1", true)]
    // NOT binds tighter than AND even when A is set.
    [InlineData("NOT A AND B", "A=1;B=1", false)]
    // AND binds tighter than OR: A OR (B AND C).
    [InlineData("A OR B AND C", "A=1", true)]
    // Parentheses override it: (A OR B) AND C.
    [InlineData("(A OR B) AND C", "A=1", false)]
    // Double negation.
    [InlineData("NOT NOT A", "A=x", true)]
    // = is case-sensitive.
    [InlineData("REMOVE=\"ALL\"", "REMOVE=all", false)]
    // ~= ignores case.
    [InlineData("REMOVE~=\"ALL\"", "REMOVE=all", true)]
    // ~= against an unset property compares the empty string.
    [InlineData("REMOVE~=\"ALL\"", "", false)]
    // ~= is equality, not containment: a feature list is not ALL.
    [InlineData("REMOVE~=\"ALL\"", "REMOVE=Main,ALL", false)]
    // <> is true for different strings.
    [InlineData("Mode<>\"Repair\"", "Mode=Remove", true)]
    // ~<> is false when only the case differs.
    [InlineData("Mode~<>\"repair\"", "Mode=Repair", false)]
    // An integer literal compares as an integer with an integer-valued property.
    [InlineData("Level = 3", "Level=03", true)]
    // A quoted "1" compares as a string: "01" is not "1".
    [InlineData("Valid = \"1\"", "Valid=01", false)]
    // Two properties holding integers compare as integers.
    [InlineData("A = B", "A=7;B=007", true)]
    // Two properties holding text compare as strings.
    [InlineData("A = B", "A=x;B=X", false)]
    // A negative integer literal.
    [InlineData("Delta = -5", "Delta=-5", true)]
    // A string may hold operators and parentheses.
    [InlineData("X = \"A AND (B\"", "X=A AND (B", true)]
    // Whitespace and line breaks as the authoring wraps them.
    [InlineData("  (NOT Installed\n   OR REINSTALL)  ", "REINSTALL=ALL;Installed=1", true)]
    // Property names are case-sensitive: "installed" is another property.
    [InlineData("installed", "Installed=1", false)]
    // A blank condition always holds.
    [InlineData("   ", "", true)]
    public void Evaluate_Row_GivesTheWindowsInstallerResult(string condition, string properties, bool expected)
    {
        Assert.Equal(expected, MsiCondition.Evaluate(condition, Parse(properties)));
    }

    [Theory]
    // First install: nothing is installed yet.
    [InlineData(RunCondition, "", true)]
    // The new product of a major upgrade is a first install of that product.
    [InlineData(RunCondition, "WIX_UPGRADE_DETECTED={11111111-2222-3333-4444-555555555555}", true)]
    // The old product being removed by a major upgrade.
    [InlineData(RunCondition, "Installed=1;REMOVE=ALL;UPGRADINGPRODUCTCODE={AAAAAAAA-2222-3333-4444-555555555555}",
        false)]
    // Repair.
    [InlineData(RunCondition, "Installed=1;REINSTALL=ALL", true)]
    // Uninstall.
    [InlineData(RunCondition, "Installed=1;REMOVE=ALL", false)]
    // Uninstall with the value in lower case, as msiexec accepts it on the command line.
    [InlineData(RunCondition, "Installed=1;REMOVE=all", false)]
    // Maintenance that is neither repair nor removal (a Change of features): not a run.
    [InlineData(RunCondition, "Installed=1;ADDLOCAL=Main", false)]
    // Rollback disabled on a first install: the refusal fires.
    [InlineData(RefuseCondition, "RollbackDisabled=1", true)]
    // Rollback disabled on uninstall: nothing to refuse, uninstall goes on.
    [InlineData(RefuseCondition, "RollbackDisabled=1;Installed=1;REMOVE=ALL", false)]
    // Rollback enabled: no refusal.
    [InlineData(RefuseCondition, "", false)]
    // The dialog's Next: the selection is valid only with "1".
    [InlineData("CertDeploySelectionValid = \"1\"", "CertDeploySelectionValid=0", false)]
    // The maintenance dialog's repair branch.
    [InlineData("NOT Installed OR WixUI_InstallMode = \"Repair\"", "Installed=1;WixUI_InstallMode=Repair", true)]
    public void Evaluate_AuthoredCondition_HoldsInExactlyTheIntendedScenarios(string condition, string properties,
        bool expected)
    {
        Assert.Equal(expected, MsiCondition.Evaluate(condition, Parse(properties)));
    }

    [Fact]
    public void Evaluate_EveryConditionOfTheAuthoring_IsUnderstood()
    {
        var conditions = Authorings.Real.WxsFiles
            .SelectMany(file => Authorings.Real.Document(file).Descendants()
                .Select(e => (File: file, Element: e, Condition: (string?)e.Attribute("Condition"))))
            .Where(c => c.Condition != null)
            .ToList();

        Assert.True(conditions.Count >= 20, $"only {conditions.Count} conditions found in the authoring");
        foreach (var (file, element, condition) in conditions)
        {
            var exception = Record.Exception(() => MsiCondition.Evaluate(condition, Parse("Installed=1")));
            Assert.True(exception == null, $"{file}, {element.Name.LocalName}: {exception?.Message}");
        }
    }

    [Theory]
    // XOR is Windows Installer syntax, but not modelled.
    [InlineData("A XOR B", 2, "the operator XOR is not one this evaluator understands")]
    // IMP likewise.
    [InlineData("A IMP B", 2, "the operator IMP is not one this evaluator understands")]
    // A relational operator.
    [InlineData("VersionNT >= 600", 10, "the operator '>=' is not one this evaluator understands (=, <>, ~=, ~<>)")]
    // The substring operator.
    [InlineData("A >< \"x\"", 2, "the operator '><' is not one this evaluator understands (=, <>, ~=, ~<>)")]
    // An environment variable.
    [InlineData("%PATH", 0,
        "'%' is not understood (environment variables, component and feature states are not modelled)")]
    // A feature's action state.
    [InlineData("&Main = 3", 0,
        "'&' is not understood (environment variables, component and feature states are not modelled)")]
    // A lower-case keyword is not guessed to be the operator.
    [InlineData("not Installed", 0,
        "'not': the authoring writes operators in upper case, and this evaluator does not guess what another "
        + "spelling means")]
    // A literal standing alone.
    [InlineData("\"ALL\"", 0, "the literal \"ALL\" stands alone; only a property may be a condition by itself")]
    // An unclosed parenthesis.
    [InlineData("(A OR B", 7, "expected ')' but found 'end of condition'")]
    // A closing parenthesis too many.
    [InlineData("A)", 1, "unexpected ')' after a complete condition")]
    // An unclosed string.
    [InlineData("A = \"ALL", 4, "a string is not closed with '\"'")]
    // Two operands without an operator.
    [InlineData("A B", 2, "unexpected 'B' after a complete condition")]
    // A dangling operator.
    [InlineData("A AND", 5, "expected a property, a string or an integer but found 'end of condition'")]
    // A comparison without a right side.
    [InlineData("A =", 3, "expected a value after '=' but found 'end of condition'")]
    // Integers beyond Windows Installer's range.
    [InlineData("A = 40000", 4, "the integer 40000 is outside -32767..32767")]
    // A text value compared with an integer: Windows Installer's rule is not modelled.
    [InlineData("A = 1", 0, "'x' is compared with an integer but is none; the evaluator does not model Windows "
        + "Installer's mixed comparison")]
    // An error on the right of an OR whose left side already decides.
    [InlineData("B OR (A", 7, "expected ')' but found 'end of condition'")]
    public void Evaluate_UnknownSyntax_Throws(string condition, int position, string problem)
    {
        var error = Assert.Throws<ConditionSyntaxException>(() =>
            MsiCondition.Evaluate(condition, Parse("A=x;B=1")));

        Assert.Equal($"Cannot evaluate condition '{condition}' at position {position}: {problem}", error.Message);
    }

    private static Dictionary<string, string> Parse(string properties) =>
        properties.Split(';', System.StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1]);
}
