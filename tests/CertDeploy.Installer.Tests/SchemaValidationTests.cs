using System;
using System.Linq;
using CertDeploy.Installer.Tests.Authoring;
using CertDeploy.Installer.Tests.Support;
using Xunit;

namespace CertDeploy.Installer.Tests;

public class SchemaValidationTests
{
    private static SchemaCheck Schemas()
    {
        var folder = RepositoryFolders.WixSchemas;
        if (folder == null)
        {
            Assert.Skip("The WiX schemas are not laid out in shared/wix-xsd beside the repository, "
                + "so the .wxs files cannot be checked against them here.");
        }

        return new SchemaCheck(folder);
    }

    [Fact]
    public void Validate_EveryWxsOfTheInstaller_HasNoComplaint()
    {
        var schemas = Schemas();
        var authoring = Authorings.Real;

        var complaints = authoring.WxsFiles.SelectMany(f => schemas.Validate(f, authoring.Files[f])).ToList();

        Assert.Equal(new[] { Authorings.Deployment, Authorings.Dialog, Authorings.Package }, authoring.WxsFiles);
        Assert.Empty(complaints);
    }

    [Fact]
    public void Validate_UndeclaredAttribute_NamesFileLineAndAttribute()
    {
        var schemas = Schemas();
        var broken = Authorings.Real.With(Authorings.Deployment,
            "<EnsureTable Id=\"ComboBox\" />", "<EnsureTable Id=\"ComboBox\" Bogus=\"1\" />");
        var (line, column) = Position(broken.Files[Authorings.Deployment], "Bogus=");

        var complaints = schemas.Validate(Authorings.Deployment, broken.Files[Authorings.Deployment]);

        Assert.Equal(new[] { $"{Authorings.Deployment}({line},{column}): The 'Bogus' attribute is not allowed." },
            complaints);
    }

    [Fact]
    public void Validate_V3ConditionAsInnerText_IsRefused()
    {
        var schemas = Schemas();
        var broken = Authorings.Real.With(Authorings.Deployment,
            "<Custom Action=\"CertDeploy_Prepare\" After=\"InstallFiles\"",
            "<Custom Action=\"CertDeploy_Prepare\" After=\"InstallFiles\">NOT Installed</Custom>\n"
                + "<Custom Action=\"X\"");
        var (line, column) = Position(broken.Files[Authorings.Deployment], "NOT Installed</Custom>");

        var complaints = schemas.Validate(Authorings.Deployment, broken.Files[Authorings.Deployment]);

        Assert.Equal(new[]
        {
            $"{Authorings.Deployment}({line},{column}): The element cannot contain text. Content model is empty.",
        }, complaints);
    }

    [Fact]
    public void Validate_UnknownUtilElement_IsReportedThoughOnlyAWarning()
    {
        var schemas = Schemas();
        var broken = Authorings.Real.With(Authorings.Deployment, "<EnsureTable Id=\"ComboBox\" />",
            "<EnsureTable Id=\"ComboBox\" /><util:Bogus xmlns:util=\"http://wixtoolset.org/schemas/v4/wxs/util\" />");
        var (line, column) = Position(broken.Files[Authorings.Deployment], "<util:Bogus");

        var complaints = schemas.Validate(Authorings.Deployment, broken.Files[Authorings.Deployment]);

        Assert.Equal(new[]
        {
            $"{Authorings.Deployment}({line},{column + 1}): Could not find schema information for the element "
                + "'http://wixtoolset.org/schemas/v4/wxs/util:Bogus'.",
        }, complaints);
    }

    private static (int Line, int Column) Position(string text, string marker)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var at = lines[i].IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                return (i + 1, at + 1);
            }
        }

        throw new ArgumentException($"'{marker}' is not in the text", nameof(marker));
    }
}
