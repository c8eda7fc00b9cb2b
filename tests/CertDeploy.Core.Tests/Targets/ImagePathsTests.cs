using System;
using System.IO;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Ports;
using CertDeploy.Core.Targets;
using CertDeploy.Core.Tests.Doubles;
using Xunit;

namespace CertDeploy.Core.Tests.Targets;

public class ImagePathsTests
{
    internal static WindowsPathFileSystem InstalledFiles() => new(
        @"C:\Program Files\KPR\KPR.exe",
        @"C:\Program Files\KPR Service\KPR Service.exe",
        @"C:\Program Files\DigiHelse\DigiHelse.Service.exe",
        @"C:\Program Files\DigiHelse\DigiHelse.Api.dll",
        @"C:\Program Files (x86)\CosDoc\Auth\CosDocAuthServer.dll",
        @"D:\KPR\KPR.exe",
        @"D:\KPR\KPR.Api.dll",
        @"\\fileserver\apps\KPR\KPR.exe",
        "/opt/kpr/KPR Service/KPR.exe");

    internal static FakeMachineEnvironment Environment()
    {
        var environment = new FakeMachineEnvironment();
        environment.Variables["ProgramFiles"] = @"C:\Program Files";
        environment.Variables["ProgramFiles(x86)"] = @"C:\Program Files (x86)";
        environment.Variables["SystemRoot"] = @"C:\Windows";
        return environment;
    }

    [Theory]
    // Quoted, no arguments: the usual form written by installers.
    [InlineData(@"""C:\Program Files\KPR\KPR.exe""", @"C:\Program Files\KPR")]
    // Quoted with arguments, one of them a URL with '/'.
    [InlineData(@"""C:\Program Files\KPR\KPR.exe"" -service --urls http://localhost:5000", @"C:\Program Files\KPR")]
    // Arguments directly after the closing quote, without a blank.
    [InlineData(@"""C:\Program Files\KPR\KPR.exe""-service", @"C:\Program Files\KPR")]
    // Blanks around the whole value.
    [InlineData(@"  ""C:\Program Files\KPR\KPR.exe""  ", @"C:\Program Files\KPR")]
    // Unquoted with spaces: C:\Program.exe is tried first and does not exist.
    [InlineData(@"C:\Program Files\KPR\KPR.exe", @"C:\Program Files\KPR")]
    // Unquoted with spaces and arguments.
    [InlineData(@"C:\Program Files\KPR\KPR.exe -service", @"C:\Program Files\KPR")]
    // Unquoted, two blanks before the arguments.
    [InlineData(@"C:\Program Files\KPR\KPR.exe  -service", @"C:\Program Files\KPR")]
    // Unquoted, a space in the folder and in the file name: the last prefix is the program.
    [InlineData(@"C:\Program Files\KPR Service\KPR Service.exe", @"C:\Program Files\KPR Service")]
    // A dot in the file name before .exe.
    [InlineData(@"C:\Program Files\DigiHelse\DigiHelse.Service.exe --console", @"C:\Program Files\DigiHelse")]
    // Unquoted without spaces.
    [InlineData(@"D:\KPR\KPR.exe", @"D:\KPR")]
    // Without ".exe": appended as CreateProcess does.
    [InlineData(@"D:\KPR\KPR -service", @"D:\KPR")]
    // Quoted without ".exe".
    [InlineData(@"""D:\KPR\KPR""", @"D:\KPR")]
    // REG_EXPAND_SZ, quoted.
    [InlineData(@"""%ProgramFiles%\KPR\KPR.exe""", @"C:\Program Files\KPR")]
    // REG_EXPAND_SZ, unquoted, expanding to a path with spaces.
    [InlineData(@"%ProgramFiles%\KPR\KPR.exe -service", @"C:\Program Files\KPR")]
    // Variable names are case-insensitive on Windows.
    [InlineData(@"""%PROGRAMFILES%\KPR\KPR.exe""", @"C:\Program Files\KPR")]
    // NT object-manager prefix, unquoted.
    [InlineData(@"\??\C:\Program Files\KPR\KPR.exe", @"C:\Program Files\KPR")]
    // NT object-manager prefix inside the quotes.
    [InlineData(@"""\??\C:\Program Files\KPR\KPR.exe"" -service", @"C:\Program Files\KPR")]
    // Long-path prefix.
    [InlineData(@"\\?\D:\KPR\KPR.exe", @"D:\KPR")]
    // Long-path prefix of a share.
    [InlineData(@"\\?\UNC\fileserver\apps\KPR\KPR.exe", @"\\fileserver\apps\KPR")]
    // A share.
    [InlineData(@"\\fileserver\apps\KPR\KPR.exe", @"\\fileserver\apps\KPR")]
    // Forward slashes: Windows accepts them; the folder comes back with '\'.
    [InlineData(@"""C:/Program Files/KPR/KPR.exe""", @"C:\Program Files\KPR")]
    // ".." in the path: resolved before the file is looked for.
    [InlineData(@"""C:\Program Files\Other\..\KPR\KPR.exe""", @"C:\Program Files\KPR")]
    // dotnet.exe quoted with the .dll quoted: the .dll's folder.
    [InlineData(@"""C:\Program Files\dotnet\dotnet.exe"" ""C:\Program Files\DigiHelse\DigiHelse.Api.dll""",
        @"C:\Program Files\DigiHelse")]
    // dotnet.exe unquoted at a path with spaces (it need not exist: only the .dll matters).
    [InlineData(@"C:\Program Files\dotnet\dotnet.exe ""C:\Program Files\DigiHelse\DigiHelse.Api.dll""",
        @"C:\Program Files\DigiHelse")]
    // Bare "dotnet", found through PATH.
    [InlineData(@"dotnet ""C:\Program Files\DigiHelse\DigiHelse.Api.dll""", @"C:\Program Files\DigiHelse")]
    // Bare "DOTNET.EXE", unquoted .dll, arguments after the .dll.
    [InlineData(@"DOTNET.EXE D:\KPR\KPR.Api.dll --urls http://localhost:5001", @"D:\KPR")]
    // Quoted bare "dotnet" with "exec".
    [InlineData(@"""dotnet"" exec ""C:\Program Files\DigiHelse\DigiHelse.Api.dll""", @"C:\Program Files\DigiHelse")]
    // Host options with values before the .dll.
    [InlineData(@"dotnet exec --runtimeconfig ""D:\KPR\KPR.Api.runtimeconfig.json"" "
        + @"--depsfile D:\KPR\KPR.Api.deps.json --roll-forward Major D:\KPR\KPR.Api.dll", @"D:\KPR")]
    // Variables in both the host and the .dll.
    [InlineData(@"""%ProgramFiles%\dotnet\dotnet.exe"" ""%ProgramFiles(x86)%\CosDoc\Auth\CosDocAuthServer.dll""",
        @"C:\Program Files (x86)\CosDoc\Auth")]
    // NT prefix on the .dll.
    [InlineData(@"dotnet ""\??\D:\KPR\KPR.Api.dll""", @"D:\KPR")]
    // Unix path with spaces, unquoted (tests on Linux use real folders of this form).
    [InlineData("/opt/kpr/KPR Service/KPR.exe --x", "/opt/kpr/KPR Service")]
    public void ApplicationFolder_EveryImagePathForm_FolderOfTheProgram(string imagePath, string expected)
    {
        var folder = ImagePaths.ApplicationFolder("KPRService1", imagePath, Environment(), InstalledFiles());

        Assert.Equal(expected, folder);
    }

    [Fact]
    public void ApplicationFolder_UnquotedWithSpaces_TriesEachPrefixInWindowsOrder()
    {
        var files = InstalledFiles();

        ImagePaths.ApplicationFolder("KPRService1", @"C:\Program Files\KPR Service\KPR Service.exe -x",
            Environment(), files);

        Assert.Equal(new[]
        {
            @"C:\Program.exe",
            @"C:\Program Files\KPR.exe",
            @"C:\Program Files\KPR Service\KPR.exe",
            @"C:\Program Files\KPR Service\KPR Service.exe",
        }, files.Probes);
    }

    [Fact]
    public void ApplicationFolder_UnquotedAndAShorterProgramExists_TakesItAsWindowsWould()
    {
        var files = InstalledFiles().Add(@"C:\Program.exe");

        var folder = ImagePaths.ApplicationFolder("KPRService1", @"C:\Program Files\KPR\KPR.exe -service",
            Environment(), files);

        Assert.Equal(@"C:\", folder);
    }

    [Fact]
    public void ApplicationFolder_RealFolderWithSpaces_FoundOnTheRealFileSystem()
    {
        var root = Path.Combine(Path.GetTempPath(), "certdeploy-targets-" + Guid.NewGuid().ToString("N"));
        var folder = Path.Combine(root, "KPR Service");
        Directory.CreateDirectory(folder);
        try
        {
            File.WriteAllBytes(Path.Combine(folder, "KPR.exe"), new byte[] { 0x4D, 0x5A });

            var found = ImagePaths.ApplicationFolder("KPRService1", Path.Combine(folder, "KPR.exe") + " -service",
                Environment(), new PhysicalFileSystem());

            Assert.Equal(folder, found);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void ApplicationFolder_QuotedProgramMissing_ErrorNamesServiceAndImagePath()
    {
        var error = Assert.Throws<CertDeployException>(() => ImagePaths.ApplicationFolder(
            "KPRService1", @"""C:\Program Files\KPR\KPR.exe"" -x", Environment(), new WindowsPathFileSystem()));

        Assert.Equal(@"Service KPRService1: cannot find the program in ImagePath "
            + @"""""C:\Program Files\KPR\KPR.exe"" -x"": C:\Program Files\KPR\KPR.exe does not exist. "
            + "Check that the service is installed there.",
            error.Message);
    }
}
