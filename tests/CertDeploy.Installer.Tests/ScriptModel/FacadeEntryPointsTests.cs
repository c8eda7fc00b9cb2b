using System.Linq;
using CertDeploy.Installer.Tests.Support;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace CertDeploy.Installer.Tests.ScriptModel;

public class FacadeEntryPointsTests
{
    private static readonly MethodDeclarationSyntax[] Methods = CSharpSyntaxTree
        .ParseText(Authorings.Real.Files[Authorings.Actions]).GetRoot()
        .DescendantNodes().OfType<MethodDeclarationSyntax>().ToArray();

    [Fact]
    public void ScriptedMethods_AreWhatTheEntryPointsCallWithTheirCustomActionData()
    {
        Assert.Equal(7, FacadeEntryPoints.ScriptedMethods.Count);
        foreach (var (entry, method) in FacadeEntryPoints.ScriptedMethods)
        {
            var body = Methods.Single(m => m.Identifier.Text == entry).ToString();
            Assert.True(body.Contains($"deployment.{method}(PlanData(session)", System.StringComparison.Ordinal),
                $"{entry} does not call Deployment.{method} with its CustomActionData: {body}");
        }

        var planData = Methods.Single(m => m.Identifier.Text == "PlanData").ToString();
        Assert.Contains("session[\"CustomActionData\"]", planData, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_HandsThePlanBackInThePlanProperty()
    {
        var body = Methods.Single(m => m.Identifier.Text == "CertDeploy_Prepare").ToString();

        Assert.Contains("deployment.Prepare(Properties(session))", body, System.StringComparison.Ordinal);
        Assert.Contains("session[PropertyNames.Plan] = result.PlanData", body, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_SetsTheSelectionTheRegistryRemembers()
    {
        var body = Methods.Single(m => m.Identifier.Text == "CertDeploy_Prepare").ToString();

        // The model of the entry point sets the same two properties from the plan.
        Assert.Contains("session[RememberSigningProperty] = result.Plan.SigningThumbprint", body,
            System.StringComparison.Ordinal);
        Assert.Contains("session[RememberEncryptionProperty] = result.Plan.EncryptionThumbprint", body,
            System.StringComparison.Ordinal);
    }
}
