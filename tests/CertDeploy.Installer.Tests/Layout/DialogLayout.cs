using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace CertDeploy.Installer.Tests.Layout;

/// <summary>
/// Where Tahoma is: Windows's own font folder, or where Debian's fonts-wine puts Wine's; and the
/// faces the checks can measure.
/// </summary>
public static class DialogFonts
{
    public static readonly string[] Folders = new[]
    {
        Environment.GetFolderPath(Environment.SpecialFolder.Fonts),
        "/usr/share/wine/fonts",
        "/usr/share/fonts/truetype/wine",
    }.Where(f => f.Length > 0).ToArray();

    /// <summary>The folder holding tahoma.ttf and tahomabd.ttf, or null where fonts-wine is absent.</summary>
    public static string? Folder => Folders.FirstOrDefault(f =>
        File.Exists(Path.Combine(f, "tahoma.ttf")) && File.Exists(Path.Combine(f, "tahomabd.ttf")));

    public static string FileFor(string folder, TextStyleDefinition style) => style.FaceName switch
    {
        "Tahoma" => Path.Combine(folder, style.Bold ? "tahomabd.ttf" : "tahoma.ttf"),
        _ => throw new DialogAuthoringException(new[]
        {
            $"text style {style.Id} ({style.Source}) uses face {style.FaceName}; only Tahoma's metrics are here",
        }),
    };
}

/// <summary>
/// Checks the layout of a localised dialog in pixels at 96 DPI, the way Windows Installer (and
/// Wine's msi.dll) turns installer units into pixels.
/// </summary>
public sealed class DialogLayout
{
    /// <summary>
    /// Pixels per 12 installer units. Windows Installer documents an installer unit as about 1/12
    /// of the height of 10-point MS Sans Serif, whatever font the dialog uses: at 96 DPI that font
    /// is 16 pixels high, so 12 units are 16 pixels (a 370 x 270 dialog is 493 x 360 pixels).
    /// Wine's msi.dll takes the same height from GetTextMetrics and scales with MulDiv(v, 16, 12).
    /// </summary>
    public const int PixelsPer12Units = 16;

    /// <summary>Logical pixels per inch; point sizes become pixel heights with MulDiv(pt, 96, 72).</summary>
    public const int Dpi = 96;

    /// <summary>
    /// Room a push button needs beside its text: 2 pixels of 3-D border and 2 of focus-rectangle
    /// margin on each side.
    /// </summary>
    public const int ButtonPadding = 8;

    /// <summary>
    /// Room a closed drop-down list needs beside its text: the arrow button (16 pixels, Wine's
    /// SM_CXVSCROLL), the client edge (2 x 2) and the text margin of the selection field (2 x 2).
    /// </summary>
    public const int ComboPadding = 24;

    /// <summary>Pairs of controls that are meant to overlap: the banner texts lie on the banner.</summary>
    public static readonly IReadOnlyList<(string Under, string Over)> MeantToOverlap = new[]
    {
        ("BannerBitmap", "Title"),
        ("BannerBitmap", "Description"),
    };

    private readonly string fontFolder;
    private readonly Dictionary<string, TrueTypeFont> fonts = new(StringComparer.Ordinal);

    public DialogLayout(string fontFolder)
    {
        this.fontFolder = fontFolder;
    }

    public static int Pixels(int units) =>
        (int)Math.Round(units * (double)PixelsPer12Units / 12, MidpointRounding.AwayFromZero);

    public static int PixelsPerEm(int points) =>
        (int)Math.Round(points * (double)Dpi / 72, MidpointRounding.AwayFromZero);

    /// <summary>Every control inside the dialog, and no two visible ones overlapping unless allowed.</summary>
    public static IReadOnlyList<string> CheckGeometry(DialogDefinition dialog)
    {
        var findings = new List<string>();
        foreach (var c in dialog.Controls)
        {
            if (c.X < 0 || c.Y < 0 || c.X + c.Width > dialog.Width || c.Y + c.Height > dialog.Height)
            {
                findings.Add($"{c.Id} ({c.X},{c.Y} {c.Width}x{c.Height}) leaves the "
                             + $"{dialog.Width}x{dialog.Height} dialog {dialog.Id}");
            }
        }

        var visible = dialog.Controls.Where(c => c.Visible).ToList();
        for (var i = 0; i < visible.Count; i++)
        {
            for (var j = i + 1; j < visible.Count; j++)
            {
                var (a, b) = (visible[i], visible[j]);
                if (Overlap(a, b) && !MeantToOverlap.Contains((a.Id, b.Id)) && !MeantToOverlap.Contains((b.Id, a.Id)))
                {
                    findings.Add($"{a.Id} ({a.X},{a.Y} {a.Width}x{a.Height}) and {b.Id} "
                                 + $"({b.X},{b.Y} {b.Width}x{b.Height}) overlap");
                }
            }
        }

        return findings;
    }

    /// <summary>
    /// Every text fits its control: Text controls wrapped at word breaks within their width and
    /// no more lines than their height holds; push buttons on one line; list entries on one line
    /// of the closed drop-down list.
    /// </summary>
    /// <param name="dialog">The dialog in one language.</param>
    /// <param name="alternatives">More values a property shows at run time (details, findings).</param>
    /// <param name="listEntries">The entry texts of each list, by the list's property.</param>
    public IReadOnlyList<string> CheckTexts(LocalizedDialog dialog,
        IReadOnlyDictionary<string, IReadOnlyList<string>> alternatives,
        IReadOnlyDictionary<string, IReadOnlyList<string>> listEntries)
    {
        var findings = new List<string>();
        foreach (var control in dialog.Controls)
        {
            var c = control.Definition;
            var style = dialog.StyleFor(control.Text);
            var font = Font(style);
            var ppem = PixelsPerEm(style.Size);
            var width = Pixels(c.Width);
            var where = $"{dialog.Culture} {c.Id}";

            if (c.Type == "ComboBox")
            {
                var entries = c.Property != null && listEntries.TryGetValue(c.Property, out var e)
                    ? e : Array.Empty<string>();
                foreach (var entry in entries)
                {
                    var entryWidth = Measure(font, ppem, entry);
                    if (entryWidth > width - ComboPadding)
                    {
                        findings.Add($"{where}: list entry \"{entry}\" is {entryWidth} px wide; the list shows "
                                     + $"{width - ComboPadding} px of text ({c.Width} units less the arrow)");
                    }
                }

                continue;
            }

            if (control.Text == null || (c.Type != "Text" && c.Type != "PushButton"))
            {
                continue;
            }

            if (c.NoPrefix && HasAccessKey(dialog.Format(control.Text)))
            {
                findings.Add($"{where}: NoPrefix shows the '&' of \"{dialog.Format(control.Text)}\" "
                             + "as a character instead of making it an access key");
            }

            foreach (var text in Texts(dialog, control.Text, alternatives))
            {
                var shown = c.NoPrefix ? text : WithoutPrefix(text);
                if (c.Type == "PushButton")
                {
                    var textWidth = Measure(font, ppem, shown);
                    if (textWidth > width - ButtonPadding)
                    {
                        findings.Add($"{where}: \"{shown}\" is {textWidth} px wide; the button holds "
                                     + $"{width - ButtonPadding} px of text ({c.Width} units)");
                    }

                    continue;
                }

                var lines = Wrap(font, ppem, shown, width, out var tooWide);
                var lineHeight = font.LineHeight(ppem);
                var room = Pixels(c.Height) / lineHeight;
                if (tooWide != null)
                {
                    findings.Add($"{where}: the word \"{tooWide}\" is wider than the control ({width} px)");
                }

                if (lines.Count > room)
                {
                    findings.Add($"{where}: \"{shown}\" needs {lines.Count} lines of {lineHeight} px; "
                                 + $"{c.Height} units ({Pixels(c.Height)} px) hold {room}");
                }
            }
        }

        return findings;
    }

    /// <summary>Width in pixels of one line of text in a style.</summary>
    public int Measure(TextStyleDefinition style, string text) => Measure(Font(style), PixelsPerEm(style.Size), text);

    /// <summary>
    /// Breaks a text into lines the way DrawText with DT_WORDBREAK does: at spaces and line
    /// breaks, a line as long as it fits; a word wider than the line stays on a line of its own.
    /// </summary>
    public static List<string> Wrap(TrueTypeFont font, int ppem, string text, int width, out string? tooWide)
    {
        tooWide = null;
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = new StringBuilder();
            foreach (var word in paragraph.Split(' '))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (line.Length > 0 && Measure(font, ppem, candidate) > width)
                {
                    lines.Add(line.ToString());
                    line.Clear().Append(word);
                }
                else
                {
                    line.Clear().Append(candidate);
                }

                if (Measure(font, ppem, word) > width)
                {
                    tooWide ??= word;
                }
            }

            lines.Add(line.ToString());
        }

        return lines;
    }

    public static int Measure(TrueTypeFont font, int ppem, string text) => text.Sum(ch => font.Advance(ch, ppem));

    /// <summary>
    /// The text as a control without NoPrefix shows it: "&amp;x" underlines x, "&amp;&amp;" is "&amp;".
    /// </summary>
    public static string WithoutPrefix(string text)
    {
        var shown = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '&' && i + 1 < text.Length)
            {
                i++;
            }

            shown.Append(text[i]);
        }

        return shown.ToString();
    }

    private static bool HasAccessKey(string text) =>
        text.Replace("&&", "", StringComparison.Ordinal).Contains('&', StringComparison.Ordinal);

    private static IEnumerable<string> Texts(LocalizedDialog dialog, string text,
        IReadOnlyDictionary<string, IReadOnlyList<string>> alternatives)
    {
        yield return dialog.Format(text);
        foreach (var (property, values) in alternatives)
        {
            if (!text.Contains("[" + property + "]", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var value in values)
            {
                yield return dialog.Format(text, new Dictionary<string, string> { [property] = value });
            }
        }
    }

    private static bool Overlap(ControlDefinition a, ControlDefinition b)
    {
        // A Line of height 0 is drawn one pixel high.
        int aBottom = a.Y + Math.Max(a.Height, 1), bBottom = b.Y + Math.Max(b.Height, 1);
        return a.X < b.X + b.Width && b.X < a.X + a.Width && a.Y < bBottom && b.Y < aBottom;
    }

    private TrueTypeFont Font(TextStyleDefinition style)
    {
        var path = DialogFonts.FileFor(fontFolder, style);
        if (!fonts.TryGetValue(path, out var font))
        {
            font = TrueTypeFont.Load(path);
            fonts[path] = font;
        }

        return font;
    }
}
