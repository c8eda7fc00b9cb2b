using CertDeploy.Core.Diagnostics;
using Xunit;

namespace CertDeploy.Core.Tests;

public class LogTemplateTests
{
    [Fact]
    public void Render_FillsHolesInOrder()
    {
        var text = LogExtensions.Render("Wrote {File}: {Old} -> {New}", new object?[] { "a.json", "AB", "CD" });

        Assert.Equal("Wrote a.json: AB -> CD", text);
    }

    [Fact]
    public void Render_LeavesHolesWithoutValuesAsWritten()
    {
        var text = LogExtensions.Render("Service {Name} in {Folder}", new object?[] { "KPR1" });

        Assert.Equal("Service KPR1 in {Folder}", text);
    }
}
