using CertDeploy.Core.Targets;
using Xunit;

namespace CertDeploy.Core.Tests.Targets;

public class WindowsPathTests
{
    [Theory]
    [InlineData(@"C:\Program Files\KPR\KPR.exe", true)]   // drive root
    [InlineData(@"c:/Program Files/KPR.exe", true)]        // drive root with '/', lower-case drive
    [InlineData(@"\\fileserver\apps\KPR.exe", true)]       // share
    [InlineData("/tmp/kpr/KPR.exe", true)]                 // Unix root, for tests on real folders
    [InlineData(@"C:KPR\KPR.exe", false)]                  // drive-relative: the drive's current folder
    [InlineData(@"\KPR\KPR.exe", false)]                   // current-drive-relative
    [InlineData(@"\\fileserver", false)]                   // a server without a share
    [InlineData(@"KPR\KPR.exe", false)]                    // plain relative
    [InlineData("", false)]                                // empty
    public void IsRooted_ReadsWindowsAndUnixRoots(string path, bool expected)
    {
        Assert.Equal(expected, WindowsPath.IsRooted(path));
    }

    [Theory]
    [InlineData(@"C:\Program Files\KPR\KPR.exe", @"C:\Program Files\KPR")]   // plain
    [InlineData(@"C:\KPR.exe", @"C:\")]                                       // a file in the root
    [InlineData(@"C:/Program Files/KPR/KPR.exe", @"C:\Program Files\KPR")]    // '/' turned into '\'
    [InlineData(@"C:\Program Files\\KPR\.\KPR.exe", @"C:\Program Files\KPR")] // doubled separator and "."
    [InlineData(@"C:\Program Files\Other\..\KPR\KPR.exe", @"C:\Program Files\KPR")] // ".." resolved
    [InlineData(@"C:\..\KPR.exe", @"C:\")]                                    // ".." cannot climb above the root
    [InlineData(@"\\fileserver\apps\KPR\KPR.exe", @"\\fileserver\apps\KPR")] // share
    [InlineData(@"\\fileserver\apps\KPR.exe", @"\\fileserver\apps")]         // file at the share's top
    [InlineData("/tmp/kpr/KPR Service/KPR.exe", "/tmp/kpr/KPR Service")]      // Unix path keeps '/'
    [InlineData("/KPR.exe", "/")]                                             // Unix root
    public void GetDirectoryName_GivesTheFolderInWindowsForm(string path, string expected)
    {
        Assert.Equal(expected, WindowsPath.GetDirectoryName(path));
    }

    [Theory]
    [InlineData(@"C:\")]          // a root has no parent
    [InlineData(@"KPR\KPR.exe")]  // relative: unknown
    public void GetDirectoryName_RootOrRelative_Null(string path)
    {
        Assert.Null(WindowsPath.GetDirectoryName(path));
    }

    [Theory]
    [InlineData(@"C:\Program Files\KPR", "appsettings.json", @"C:\Program Files\KPR\appsettings.json")]
    // A trailing separator is not doubled.
    [InlineData(@"C:\Program Files\KPR\", "appsettings.json", @"C:\Program Files\KPR\appsettings.json")]
    [InlineData(@"C:\", "KPR.exe", @"C:\KPR.exe")]                                          // root
    [InlineData("/tmp/kpr", "appsettings.json", "/tmp/kpr/appsettings.json")]               // Unix folder uses '/'
    [InlineData(@"C:\KPR", @"D:\Other\a.json", @"D:\Other\a.json")]                         // rooted name wins
    [InlineData(@"C:\KPR", @"\sub\a.json", @"C:\KPR\sub\a.json")]                           // leading separator dropped
    public void Combine_JoinsWithTheFoldersSeparator(string folder, string name, string expected)
    {
        Assert.Equal(expected, WindowsPath.Combine(folder, name));
    }

    [Theory]
    [InlineData(@"C:\Program Files\KPR\KPR.exe", "KPR.exe")]
    [InlineData("/tmp/kpr/KPR.exe", "KPR.exe")]
    [InlineData("dotnet", "dotnet")]
    public void GetFileName_TakesTheLastPart(string path, string expected)
    {
        Assert.Equal(expected, WindowsPath.GetFileName(path));
    }
}
