using System;
using System.Collections.Generic;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Installer;
using Xunit;

namespace CertDeploy.Core.Tests.Installer;

public class InstallerPropertiesTests
{
    [Fact]
    public void Defaults_WhenNothingIsSet()
    {
        var properties = Properties();
        var findings = new List<Finding>();

        Assert.Equal(TimeSpan.FromSeconds(60), properties.ServiceTimeout(findings));
        Assert.Equal(30, properties.ExpiryWarningDays(findings));
        Assert.True(properties.RestartEnabled(findings));
        Assert.Empty(properties.Pkcs12Files());
        Assert.Empty(findings);
    }

    [Theory]
    [InlineData("0", false)] // the one way to switch restarts off
    [InlineData("1", true)]
    [InlineData(" 1 ", true)] // pasted with spaces
    public void RestartEnabled_ReadsZeroAndOne(string value, bool expected)
    {
        var findings = new List<Finding>();

        Assert.Equal(expected, Properties((PropertyNames.Restart, value)).RestartEnabled(findings));
        Assert.Empty(findings);
    }

    [Theory]
    [InlineData(PropertyNames.ServiceTimeoutSeconds, "0", "from 1 to 3600")] // below the lowest
    [InlineData(PropertyNames.ServiceTimeoutSeconds, "3601", "from 1 to 3600")] // above the highest
    [InlineData(PropertyNames.ServiceTimeoutSeconds, "-5", "from 1 to 3600")] // a sign is not a number here
    [InlineData(PropertyNames.ServiceTimeoutSeconds, "30s", "from 1 to 3600")] // a unit is not accepted
    [InlineData(PropertyNames.ExpiryWarningDays, "thirty", "from 0 to 3650")]
    public void BadNumber_IsAnErrorNamingPropertyAndValue(string name, string value, string range)
    {
        var findings = new List<Finding>();
        var properties = Properties((name, value));

        properties.ServiceTimeout(findings);
        properties.ExpiryWarningDays(findings);

        var finding = Assert.Single(findings);
        Assert.Equal($"{name}=\"{value}\" is not valid: give a whole number {range}.", finding.Message);
    }

    [Fact]
    public void BadRestartValue_IsAnErrorThatSaysWhatIsAllowed()
    {
        var findings = new List<Finding>();

        Properties((PropertyNames.Restart, "yes")).RestartEnabled(findings);

        Assert.Equal(
            "CERTDEPLOY_RESTART=\"yes\" is not valid: use 1 to restart the services (the default) " +
            "or 0 to leave them running with the old certificates until restarted.",
            Assert.Single(findings).Message);
    }

    [Fact]
    public void Pkcs12Files_SplitsOnSemicolonsAndDropsQuotes()
    {
        var files = Properties((PropertyNames.Pkcs12Files, "\"C:\\certs\\sign.p12\"; C:\\certs\\enc.pfx;;"))
            .Pkcs12Files();

        Assert.Equal(new[] { "C:\\certs\\sign.p12", "C:\\certs\\enc.pfx" }, files);
    }

    private static InstallerProperties Properties(params (string Name, string Value)[] values)
    {
        var map = new Dictionary<string, string>();
        foreach (var (name, value) in values)
        {
            map[name] = value;
        }

        return new InstallerProperties(n => map.TryGetValue(n, out var v) ? v : "");
    }
}
