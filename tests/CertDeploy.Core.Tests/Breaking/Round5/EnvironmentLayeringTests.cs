using System;
using System.IO;
using System.Linq;
using System.Text;
using CertDeploy.Core.Configuration;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Ports;
using CertDeploy.Core.Tests.Configuration;
using CertDeploy.Core.Tests.Doubles;
using Xunit;

namespace CertDeploy.Core.Tests.Breaking.Round5;

/// <summary>
/// Which appsettings.{Environment}.json a .NET service really reads, and which files .NET accepts,
/// held against ConfigLayers. The .NET behaviour asserted here was checked on this machine with
/// the .NET 10 runtime (WebApplication.CreateBuilder and Host.CreateApplicationBuilder):
/// DOTNET_ENVIRONMENT wins over ASPNETCORE_ENVIRONMENT for WebApplicationBuilder since .NET 7,
/// and a worker service ignores ASPNETCORE_ENVIRONMENT altogether.
/// </summary>
public sealed class EnvironmentLayeringTests : IDisposable
{
    private const string Owner = "service KPRService1";
    private const string WithCertSettings =
        "{ \"CertSettings\": { \"SigningThumbprint\": \"A\", \"EncryptionThumbprint\": \"B\" } }";

    private readonly TempFolder _folder = new();
    private readonly FakeMachineEnvironment _machine = new();
    private readonly PhysicalFileSystem _files = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Resolve_BothEnvironmentVariablesDiffer_FileOfDotNetEnvironmentIsUpdatedOrRunStops()
    {
        var basePath = _folder.Write("appsettings.json", WithCertSettings);
        _folder.Write("appsettings.Staging.json", WithCertSettings);
        var test = _folder.Write("appsettings.Test.json", WithCertSettings);

        // WebApplication.CreateBuilder (.NET 7 and later) and a worker service both run as "Test"
        // here and read appsettings.Test.json; only the legacy WebHost reads Staging.
        var layout = Resolve("ASPNETCORE_ENVIRONMENT=Staging", "DOTNET_ENVIRONMENT=Test");

        var updatesTest = layout.FilesToUpdate.Contains(test);
        var stops = layout.Findings.Any(f => f.IsError);
        Assert.True(updatesTest || stops,
            $"{test} is what the service reads, yet the plan updates only "
            + $"[{string.Join(", ", layout.FilesToUpdate)}] and says: "
            + string.Join(" | ", layout.Findings.Select(f => $"{f.Severity} {f.Code}: {f.Message}")));
        Assert.Contains(basePath, layout.FilesToUpdate);
    }

    [Fact]
    public void Resolve_BothEnvironmentVariablesDiffer_WarningDoesNotMisstateDotNet()
    {
        _folder.Write("appsettings.json", WithCertSettings);

        var layout = Resolve("ASPNETCORE_ENVIRONMENT=Staging", "DOTNET_ENVIRONMENT=Test");

        // The claim "as an ASP.NET Core host does" is wrong for WebApplicationBuilder since .NET 7:
        // there DOTNET_ENVIRONMENT wins.
        Assert.DoesNotContain(layout.Findings, f => f.Message.Contains(
            "CertDeploy uses 'Staging', as an ASP.NET Core host does", StringComparison.Ordinal));
    }

    [Fact]
    public void Resolve_OnlyAspNetCoreEnvironmentSet_ProductionFileAWorkerReadsIsNotSilentlyLeftOld()
    {
        var basePath = _folder.Write("appsettings.json", WithCertSettings);
        _folder.Write("appsettings.Staging.json", WithCertSettings);
        var production = _folder.Write("appsettings.Production.json", WithCertSettings);

        // A worker service (Host.CreateApplicationBuilder + UseWindowsService, as a KPR service
        // is) ignores ASPNETCORE_ENVIRONMENT and runs as Production: it reads
        // appsettings.Production.json. CertDeploy cannot tell the host kind from outside, so it
        // must update that file too, or at least say that it may apply.
        var layout = Resolve("ASPNETCORE_ENVIRONMENT=Staging");

        var updatesProduction = layout.FilesToUpdate.Contains(production);
        var namesProduction = layout.Findings.Any(f =>
            f.Message.Contains("appsettings.Production.json", StringComparison.OrdinalIgnoreCase));
        Assert.True(updatesProduction || namesProduction,
            $"{production} holds CertSettings and a worker service reads it, yet the plan updates only "
            + $"[{string.Join(", ", layout.FilesToUpdate)}] with findings: ["
            + string.Join(" | ", layout.Findings.Select(f => $"{f.Severity} {f.Code}: {f.Message}")) + "]");
        Assert.Contains(basePath, layout.FilesToUpdate);
    }

    [Fact]
    public void Resolve_EnvironmentFileSetsCertSettingsToNull_BaseFileIsUpdatedWithoutError()
    {
        var basePath = _folder.Write("appsettings.json", WithCertSettings);
        _folder.Write("appsettings.Production.json", "{ \"CertSettings\": null, \"Logging\": {} }");

        // .NET reads "CertSettings": null as a null value of the key CertSettings; the base file's
        // CertSettings:SigningThumbprint still applies, and the service starts.
        var layout = Resolve();

        Assert.Equal([basePath], layout.FilesToUpdate);
        var errors = string.Join(" | ", layout.Findings.Where(f => f.IsError).Select(f => f.Message));
        Assert.True(errors.Length == 0, errors);
    }

    [Fact]
    public void Resolve_JsonKeyWithDoubleUnderscore_IsNotCertSettings()
    {
        // '__' is translated to ':' only in environment variable names, never in JSON keys.
        var basePath = _folder.Write("appsettings.json",
            "{ \"CertSettings__SigningThumbprint\": \"X\", \"CertSettings\": "
            + "{ \"SigningThumbprint\": \"A\", \"EncryptionThumbprint\": \"B\" } }");

        var layout = Resolve();

        Assert.Equal([basePath], layout.FilesToUpdate);
        Assert.Empty(layout.Findings);
        var values = AppSettingsEditor.Read(basePath, File.ReadAllBytes(basePath));
        Assert.Equal("A", values.SigningThumbprint);
    }

    [Fact]
    public void Resolve_OverrideVariableInOtherCaseInServiceEnvironment_IsReported()
    {
        _folder.Write("appsettings.json", WithCertSettings);

        // Windows environment variable names, and .NET configuration keys, ignore case.
        var layout = Resolve("CERTSETTINGS__ENCRYPTIONTHUMBPRINT=0D02");

        var error = Assert.Single(layout.Findings);
        Assert.Equal("ThumbprintOverriddenByVariable", error.Code);
        Assert.Equal("The environment variable CERTSETTINGS__ENCRYPTIONTHUMBPRINT is set in the "
            + "Environment registry value of service KPRService1 (value \"0D02\"): it overrides "
            + "ENCRYPTIONTHUMBPRINT from the appsettings files of service KPRService1, so changing "
            + "the files would not take effect. Remove the variable and run again.", error.Message);
    }

    [Fact]
    public void Resolve_PrefixedDotNetVariable_IsNoOverrideOfTheFiles()
    {
        _folder.Write("appsettings.json", WithCertSettings);

        // DOTNET_CertSettings__SigningThumbprint lands in host configuration, which appsettings.json
        // overrides: it is not a later layer, so it must not stop the run.
        var layout = Resolve("DOTNET_CertSettings__SigningThumbprint=0D02");

        Assert.Empty(layout.Findings);
    }

    private ConfigLayout Resolve(params string[] serviceEnvironment) =>
        ConfigLayers.Resolve(_folder.Path, Owner, serviceEnvironment, _machine, _files);
}
