using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Iis;
using CertDeploy.Core.Ports;
using CertDeploy.Core.Targets;
using Xunit;

namespace CertDeploy.Core.Tests.Iis;

public class AppCmdTests
{
    [Theory]
    [InlineData("DefaultAppPool")]              // plain
    [InlineData("Kjernejournal Auth")]          // a space, which would split an unquoted argument
    [InlineData("Pool \"A\"")]                   // quotes inside
    [InlineData(@"Trailing\")]                  // a backslash before the closing quote
    [InlineData(@"Two\\ and \""")]               // backslashes before a quote inside
    [InlineData("Æøå & | ^ %windir%")]           // shell characters: no shell is involved
    [InlineData("")]                             // empty stays an argument
    public void Join_AnyPoolName_ArrivesAsOneUnchangedArgument(string poolName)
    {
        var split = CommandLine.SplitArguments(AppCmd.RecycleArguments(poolName));

        Assert.Equal(new[] { "recycle", "apppool", "/apppool.name:" + poolName }, split);
        Assert.Equal(new[] { "list", "apppool", poolName, "/text:state" },
            CommandLine.SplitArguments(AppCmd.StateArguments(poolName)));
    }

    [Theory]
    [InlineData("Started\r\n", ApplicationPoolState.Started)]     // as appcmd prints it
    [InlineData("Stopped", ApplicationPoolState.Stopped)]
    [InlineData("  Starting ", ApplicationPoolState.Starting)]    // surrounding space
    [InlineData("Stopping", ApplicationPoolState.Stopping)]
    [InlineData("Unknown", ApplicationPoolState.Unknown)]         // WAS not running
    public void ParseState_Rows(string output, ApplicationPoolState expected)
    {
        Assert.Equal(expected, AppCmd.ParseState("P", output));
    }

    [Fact]
    public void ParseState_AnyOtherAnswer_NamesThePoolAndTheAnswer()
    {
        var error = Assert.Throws<CertDeployException>(() => AppCmd.ParseState("Auth", "started"));

        Assert.Equal("Could not read the state of IIS application pool Auth: appcmd answered \"started\". Check "
            + "that the pool exists in IIS Manager.", error.Message);
    }
}
