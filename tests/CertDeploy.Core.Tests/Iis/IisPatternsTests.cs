using System;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Iis;
using Xunit;

namespace CertDeploy.Core.Tests.Iis;

public class IisPatternsTests
{
    [Theory]
    [InlineData("Authentication", "Default Web Site", "/Authentication", "AuthPool", true)]   // last path part
    [InlineData("authentication", "Default Web Site", "/api/Authentication/", "P", true)]   // nested, case, slash
    [InlineData("AuthPool", "Default Web Site", "/x", "AuthPool", true)]                   // pool name
    [InlineData("CosDocAuthServer", "CosDocAuthServer", "/", "DefaultAppPool", true)]       // site of a root app
    [InlineData("CosDoc", "CosDoc", "/Kpr", "P", false)]              // site name does not take its other apps
    [InlineData("Auth", "Default Web Site", "/Authentication", "P", false)]               // whole names only
    [InlineData("KPR*", "CosDoc", "/", "KPRWeb", true)]                                   // wildcard on the pool
    [InlineData("Default Web Site/Authentication", "Default Web Site", "/Authentication", "P", true)]
    [InlineData("Default Web Site/*", "Default Web Site", "/api/Authentication", "P", true)] // * spans '/'
    [InlineData("CosDoc/", "CosDoc", "/", "P", true)]                                     // a site's root
    [InlineData("CosDoc/", "CosDoc", "/Kpr", "P", false)]                                 // not its children
    public void Matches_Rows(string pattern, string site, string path, string pool, bool expected)
    {
        var application = new ApplicationConfig(site, path, pool, @"C:\x", 1);

        Assert.Equal(expected, IisPatterns.Matches(pattern, application));
    }

    [Fact]
    public void Parse_Blank_GivesTheServicePatternsDefault()
    {
        Assert.Equal(new[] { "KPR*", "DigiHelse*", "Authentication", "CosDocAuthServer" }, IisPatterns.Parse("  "));
    }

    [Fact]
    public void Parse_SiteAndPathItems_AreKeptTrimmedAndUnique()
    {
        Assert.Equal(new[] { "Default Web Site/Authentication", "KPRWeb" },
            IisPatterns.Parse(" Default Web Site/Authentication ; KPRWeb;;kprweb "));
    }

    [Fact]
    public void Parse_BadItems_AllReportedWithTheProperty()
    {
        var error = Assert.Throws<CertDeployException>(() => IisPatterns.Parse(@"IIS AppPool\Auth;*/*;Good"));

        Assert.Equal(new[]
        {
            "IIS application pattern \"IIS AppPool\\Auth\" in CERTDEPLOY_IIS_APPS contains \"\\\". Give a pool, "
                + "site or application name, or site and application path joined by '/', for example Default "
                + "Web Site/Authentication.",
            "IIS application pattern \"*/*\" in CERTDEPLOY_IIS_APPS matches every application in IIS. Name the "
                + "applications to configure, for example Authentication.",
        }, Array.ConvertAll(System.Linq.Enumerable.ToArray(error.Findings), f => f.Message));
    }

    [Fact]
    public void Parse_PastedInvisibleMarkAndQuestionMarksOnly_BothRefusedWithTheMarkShown()
    {
        // A ZERO WIDTH SPACE that came with a copy from a web page, and a pattern that names no
        // application but only the length of its name.
        var error = Assert.Throws<CertDeployException>(
            () => IisPatterns.Parse("Default Web Site/Authentication\u200B;??/???;KPRWeb"));

        Assert.Equal(new[]
        {
            "IIS application pattern \"Default Web Site/Authentication<U+200B>\" in CERTDEPLOY_IIS_APPS "
                + "holds the invisible character U+200B at position 32, which no pool, site or application "
                + "name contains (it comes with copy and paste). Type the pattern again.",
            "IIS application pattern \"??/???\" in CERTDEPLOY_IIS_APPS matches applications by the length "
                + "of their names alone. Name the applications to configure, for example Authentication.",
        }, Array.ConvertAll(System.Linq.Enumerable.ToArray(error.Findings), f => f.Message));
    }
}
