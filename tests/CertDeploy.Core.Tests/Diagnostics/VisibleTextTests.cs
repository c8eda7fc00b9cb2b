using CertDeploy.Core.Diagnostics;
using Xunit;

namespace CertDeploy.Core.Tests.Diagnostics;

public class VisibleTextTests
{
    [Theory]
    [InlineData("60", "60")] // nothing hidden: the value as given
    [InlineData("KPR Service 1", "KPR Service 1")] // an ordinary space is seen
    [InlineData("\u200E60", "<U+200E>60")] // the mark the Windows certificate dialog copies
    [InlineData("6\u00A00", "6<U+00A0>0")] // a no-break space looks like a space but is none
    [InlineData("0\t", "0<U+0009>")] // a control character
    [InlineData("\uFEFF", "<U+FEFF>")] // a byte order mark alone
    [InlineData("Ærlig", "Ærlig")] // Norwegian letters are letters
    public void Render_Value_ShowsEveryHiddenCharacterByCodePoint(string value, string shown)
    {
        Assert.Equal(shown, VisibleText.Render(value));
    }

    [Fact]
    public void FirstHidden_SeveralHidden_NamesTheFirstWithItsPosition()
    {
        Assert.Equal("the invisible character U+200B at position 4",
            VisibleText.FirstHidden("KPR\u200B*\u200E"));
    }

    [Fact]
    public void FirstHidden_NothingHidden_IsNull()
    {
        Assert.Null(VisibleText.FirstHidden("KPR Service*"));
    }
}
