using System;
using System.IO;
using System.Linq;
using CertDeploy.Core.Configuration;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Ports;
using CertDeploy.Core.Tests.Doubles;
using Xunit;

namespace CertDeploy.Core.Tests.Configuration;

public sealed class ConfigLayersTests : IDisposable
{
    private const string Owner = "service KPRService1";
    private const string WithCertSettings =
        "{ \"CertSettings\": { \"SigningThumbprint\": \"A\", \"EncryptionThumbprint\": \"B\" } }";
    private const string WithoutCertSettings = "{ \"Logging\": { \"LogLevel\": { \"Default\": \"Debug\" } } }";

    private readonly TempFolder _folder = new();
    private readonly FakeMachineEnvironment _machine = new();
    private readonly PhysicalFileSystem _files = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Resolve_NoEnvironmentSet_UsesProductionAndItsFile()
    {
        var basePath = _folder.Write("appsettings.json", WithCertSettings);
        var production = _folder.Write("appsettings.Production.json", WithCertSettings);
        _folder.Write("appsettings.Development.json", WithCertSettings);

        var layout = Resolve();

        Assert.Equal(["Production"], layout.EnvironmentNames);
        Assert.Equal([basePath, production], layout.FilesToUpdate);
        Assert.Empty(layout.Findings);
    }

    [Fact]
    public void Resolve_EnvironmentFromServiceValues_FindsTheFileWhateverItsCase()
    {
        var basePath = _folder.Write("AppSettings.JSON", WithCertSettings);
        var staging = _folder.Write("appsettings.staging.json", WithCertSettings);

        var layout = Resolve("aspnetcore_environment=Staging", "OTHER=1");

        Assert.Equal(["Staging", "Production"], layout.EnvironmentNames);
        Assert.Equal([basePath, staging], layout.FilesToUpdate);
    }

    [Fact]
    public void Resolve_EnvironmentFileWithoutCertSettings_IsLeftAlone()
    {
        var basePath = _folder.Write("appsettings.json", WithCertSettings);
        _folder.Write("appsettings.Production.json", WithoutCertSettings);

        var layout = Resolve();

        Assert.Equal([basePath], layout.FilesToUpdate);
        Assert.Empty(layout.Findings);
    }

    [Fact]
    public void Resolve_DotNetEnvironmentAsMachineVariable_IsUsed()
    {
        var basePath = _folder.Write("appsettings.json", WithCertSettings);
        var test = _folder.Write("appsettings.Test.json", WithCertSettings);
        _machine.Variables["DOTNET_ENVIRONMENT"] = "Test";

        var layout = Resolve();

        Assert.Equal(["Test", "Production"], layout.EnvironmentNames);
        Assert.Equal([basePath, test], layout.FilesToUpdate);
        Assert.Empty(layout.Findings);
    }

    [Fact]
    public void Resolve_ServiceValueAndMachineVariable_ServiceValueWins()
    {
        _folder.Write("appsettings.json", WithCertSettings);
        _machine.Variables["ASPNETCORE_ENVIRONMENT"] = "Machine";

        var layout = Resolve("ASPNETCORE_ENVIRONMENT=Service");

        Assert.Equal(["Service", "Production"], layout.EnvironmentNames);
    }

    [Fact]
    public void Resolve_AspNetCoreAndDotNetDiffer_BothFilesUpdatedWithAWarning()
    {
        var basePath = _folder.Write("appsettings.json", WithCertSettings);
        var test = _folder.Write("appsettings.Test.json", WithCertSettings);
        var staging = _folder.Write("appsettings.Staging.json", WithCertSettings);
        _folder.Write("appsettings.Production.json", WithCertSettings);
        _machine.Variables["ASPNETCORE_ENVIRONMENT"] = "Staging";

        var layout = Resolve("DOTNET_ENVIRONMENT=Test");

        Assert.Equal(["Test", "Staging"], layout.EnvironmentNames);
        Assert.Equal([basePath, test, staging], layout.FilesToUpdate);
        var warning = Assert.Single(layout.Findings);
        Assert.Equal(FindingSeverity.Warning, warning.Severity);
        Assert.Equal("SeveralEnvironmentFiles", warning.Code);
        Assert.Equal("service KPRService1 has DOTNET_ENVIRONMENT=Test and ASPNETCORE_ENVIRONMENT=Staging: "
            + "it runs as 'Test' or 'Staging', depending on how it is built, and CertDeploy cannot tell "
            + $"which. It updates {test} and {staging}. Set both variables to the same name to make this "
            + "certain.", warning.Message);
    }

    [Fact]
    public void Resolve_AspNetCoreAndDotNetDifferButOnlyOneFileExists_NoWarning()
    {
        var basePath = _folder.Write("appsettings.json", WithCertSettings);
        var staging = _folder.Write("appsettings.Staging.json", WithCertSettings);

        var layout = Resolve("DOTNET_ENVIRONMENT=Test", "ASPNETCORE_ENVIRONMENT=Staging");

        Assert.Equal([basePath, staging], layout.FilesToUpdate);
        Assert.Empty(layout.Findings);
    }

    [Fact]
    public void Resolve_EmptyEnvironmentValue_CountsAsNotSet()
    {
        _folder.Write("appsettings.json", WithCertSettings);
        _machine.Variables["DOTNET_ENVIRONMENT"] = "Test";

        Assert.Equal(["Test", "Production"], Resolve("ASPNETCORE_ENVIRONMENT=").EnvironmentNames);
    }

    [Fact]
    public void Resolve_NoAppSettings_ErrorNamesFolderAndOwner()
    {
        _folder.Write("web.config", "<configuration />");

        var layout = Resolve();

        Assert.Empty(layout.FilesToUpdate);
        var error = Assert.Single(layout.Findings);
        Assert.Equal("AppSettingsMissing", error.Code);
        Assert.Equal($"There is no appsettings.json in {_folder.Path}, the application folder of service "
            + "KPRService1. Check the path to its executable, or leave it out of CERTDEPLOY_SERVICES.",
            error.Message);
    }

    [Fact]
    public void Resolve_FolderMissing_ErrorNamesFolderAndOwner()
    {
        var missing = Path.Combine(_folder.Path, "gone");

        var layout = ConfigLayers.Resolve(missing, Owner, [], _machine, _files);

        var error = Assert.Single(layout.Findings);
        Assert.Equal($"The application folder {missing} of service KPRService1 does not exist. Check the "
            + "path to its executable.", error.Message);
    }

    [Fact]
    public void Resolve_MalformedEnvironmentFile_IsAFindingWithLineAndColumn()
    {
        var basePath = _folder.Write("appsettings.json", WithCertSettings);
        var production = _folder.Write("appsettings.Production.json", "{\n  \"CertSettings\": {\n  }\n  }\n}");

        var layout = Resolve();

        Assert.Equal([basePath], layout.FilesToUpdate);
        var error = Assert.Single(layout.Findings);
        Assert.Equal("AppSettingsInvalid", error.Code);
        Assert.Equal($"service KPRService1: Unexpected '}}' at line 5, column 1 of {production} after the end "
            + "of the root object (opened at line 1, column 1, closed at line 4, column 3): only whitespace "
            + "and comments may follow it.", error.Message);
    }

    [Fact]
    public void Resolve_MalformedBaseFile_IsAFindingNotAnException()
    {
        var basePath = _folder.Write("appsettings.json", "{ \"CertSettings\": { \"SigningThumbprint\": 1 } }");

        var layout = Resolve();

        Assert.Empty(layout.FilesToUpdate);
        var error = Assert.Single(layout.Findings);
        Assert.Equal($"service KPRService1: The value of \"SigningThumbprint\" in CertSettings at line 1, column 42 "
            + $"of {basePath} is a number: expected the thumbprint as a string in double quotes. Correct the "
            + "file and run again.", error.Message);
    }

    [Fact]
    public void Resolve_CertSettingsOnlyInEnvironmentFile_UpdatesThatFileOnly()
    {
        _folder.Write("appsettings.json", WithoutCertSettings);
        var production = _folder.Write("appsettings.Production.json", WithCertSettings);

        var layout = Resolve();

        Assert.Equal([production], layout.FilesToUpdate);
        Assert.Empty(layout.Findings);
    }

    [Fact]
    public void Resolve_NoCertSettingsAnywhere_IsAnError()
    {
        var basePath = _folder.Write("appsettings.json", WithoutCertSettings);
        var production = _folder.Write("appsettings.Production.json", WithoutCertSettings);

        var error = Assert.Single(Resolve().Findings);

        Assert.Equal("CertSettingsMissing", error.Code);
        Assert.Equal($"{basePath} of service KPRService1 has no top-level CertSettings section (neither a "
            + "\"CertSettings\" object nor \"CertSettings:...\" keys), and neither "
            + $"has {production}: the application does not read its certificates from there. Add "
            + "\"CertSettings\": { \"SigningThumbprint\": \"...\", \"EncryptionThumbprint\": \"...\" }, or leave "
            + "it out of CERTDEPLOY_SERVICES.", error.Message);
    }

    [Fact]
    public void Resolve_OverrideVariables_ReportedWithWhereTheyAreSet()
    {
        _folder.Write("appsettings.json", WithCertSettings);
        _machine.Variables["CertSettings:EncryptionThumbprint"] = "FFFF";

        var layout = Resolve("certsettings__signingthumbprint=ABCD");

        Assert.Equal(
        [
            "The environment variable certsettings__signingthumbprint is set in the Environment registry value "
            + "of service KPRService1 (value \"ABCD\"): it overrides signingthumbprint from the appsettings "
            + "files of service KPRService1, so changing the files would not take effect. Remove the variable "
            + "and run again.",
            "The environment variable CertSettings:EncryptionThumbprint is set as a machine environment "
            + "variable (value \"FFFF\"): it overrides EncryptionThumbprint from the appsettings files of "
            + "service KPRService1, so changing the files would not take effect. Remove the variable and run "
            + "again.",
        ], layout.Findings.Select(f => f.Message));
        Assert.All(layout.Findings, f => Assert.Equal("ThumbprintOverriddenByVariable", f.Code));
        Assert.All(layout.Findings, f => Assert.True(f.IsError));
    }

    [Fact]
    public void Resolve_UnrelatedVariablesWithSimilarNames_AreNoOverride()
    {
        _folder.Write("appsettings.json", WithCertSettings);
        _machine.Variables["DOTNET_CertSettings__SigningThumbprint"] = "x";

        var layout = Resolve("CertSettings__Store=My", "=C:=C:\\", "NOEQUALS");

        Assert.Empty(layout.Findings);
    }

    [Fact]
    public void Resolve_EnvironmentNameWithPathCharacters_IsAnError()
    {
        _folder.Write("appsettings.json", WithCertSettings);

        var error = Assert.Single(Resolve("DOTNET_ENVIRONMENT=..\\x").Findings);

        Assert.Equal("EnvironmentNameInvalid", error.Code);
        Assert.Equal("The environment name '..\\x' of service KPRService1 cannot be part of a file name, so "
            + "its environment-specific settings file cannot be found. Correct ASPNETCORE_ENVIRONMENT or "
            + "DOTNET_ENVIRONMENT.", error.Message);
    }

    private ConfigLayout Resolve(params string[] serviceEnvironment) =>
        ConfigLayers.Resolve(_folder.Path, Owner, serviceEnvironment, _machine, _files);
}
