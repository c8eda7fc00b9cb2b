using System;
using System.Collections.Generic;
using System.IO;

namespace CertDeploy.Installer.Tests.Layout;

/// <summary>
/// The few tables of a TrueType file that text width needs: cmap (format 4), hmtx, head, OS/2,
/// and the embedded bitmap strikes (EBLC/EBDT, index format 1, image format 2). Wine's Tahoma
/// carries 1-bit strikes for the small sizes dialogs use (11 pixels for 8 points at 96 DPI), and
/// FreeType draws those strikes with their own advances instead of the scaled outline widths.
/// It has no kern table, and GDI's DrawText does not apply GPOS kerning, so there is no kerning.
/// </summary>
public sealed class TrueTypeFont
{
    private readonly Dictionary<int, int> glyphOfChar = new();
    private readonly ushort[] advances;
    private readonly Dictionary<int, Strike> strikes = new();

    private TrueTypeFont(string path)
    {
        Path = path;
        var data = File.ReadAllBytes(path);
        var tables = new Dictionary<string, int>(StringComparer.Ordinal);
        var count = U16(data, 4);
        for (var i = 0; i < count; i++)
        {
            var entry = 12 + 16 * i;
            tables[System.Text.Encoding.ASCII.GetString(data, entry, 4)] = (int)U32(data, entry + 8);
        }

        UnitsPerEm = U16(data, Table(tables, "head", path) + 18);
        var os2 = Table(tables, "OS/2", path);
        WinAscent = U16(data, os2 + 74);
        WinDescent = U16(data, os2 + 76);

        var hhea = Table(tables, "hhea", path);
        var metricCount = U16(data, hhea + 34);
        var hmtx = Table(tables, "hmtx", path);
        var glyphCount = U16(data, Table(tables, "maxp", path) + 4);
        advances = new ushort[glyphCount];
        for (var g = 0; g < glyphCount; g++)
        {
            advances[g] = U16(data, hmtx + 4 * Math.Min(g, metricCount - 1));
        }

        ReadCmap(data, Table(tables, "cmap", path));
        if (tables.TryGetValue("EBLC", out var eblc) && tables.TryGetValue("EBDT", out var ebdt))
        {
            ReadStrikes(data, eblc, ebdt);
        }
    }

    public string Path { get; }

    public int UnitsPerEm { get; }

    public int WinAscent { get; }

    public int WinDescent { get; }

    public static TrueTypeFont Load(string path) => new(path);

    /// <summary>The advance of a character in whole pixels at a pixel size (ppem).</summary>
    public int Advance(char character, int pixelsPerEm)
    {
        var glyph = glyphOfChar.TryGetValue(character, out var g) ? g : 0;
        if (strikes.TryGetValue(pixelsPerEm, out var strike) && strike.Advances.TryGetValue(glyph, out var bitmap))
        {
            return bitmap;
        }

        return (int)Math.Round(advances[glyph] * (double)pixelsPerEm / UnitsPerEm, MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// The height of a line in pixels at a pixel size: GDI's tmHeight, the OS/2 Windows ascent
    /// and descent scaled and rounded each (13 pixels for Tahoma at 11), also where a strike draws.
    /// </summary>
    public int LineHeight(int pixelsPerEm)
    {
        return (int)Math.Round(WinAscent * (double)pixelsPerEm / UnitsPerEm, MidpointRounding.AwayFromZero)
               + (int)Math.Round(WinDescent * (double)pixelsPerEm / UnitsPerEm, MidpointRounding.AwayFromZero);
    }

    private void ReadCmap(byte[] data, int cmap)
    {
        var count = U16(data, cmap + 2);
        for (var i = 0; i < count; i++)
        {
            var platform = U16(data, cmap + 4 + 8 * i);
            var encoding = U16(data, cmap + 6 + 8 * i);
            var sub = cmap + (int)U32(data, cmap + 8 + 8 * i);
            if (platform != 3 || encoding != 1 || U16(data, sub) != 4)
            {
                continue;
            }

            var segments = U16(data, sub + 6) / 2;
            var ends = sub + 14;
            var starts = ends + 2 * segments + 2;
            var deltas = starts + 2 * segments;
            var rangeOffsets = deltas + 2 * segments;
            for (var s = 0; s < segments; s++)
            {
                int end = U16(data, ends + 2 * s), start = U16(data, starts + 2 * s);
                int delta = (short)U16(data, deltas + 2 * s), rangeOffset = U16(data, rangeOffsets + 2 * s);
                for (var c = start; c <= end && c != 0xFFFF; c++)
                {
                    int glyph;
                    if (rangeOffset == 0)
                    {
                        glyph = (c + delta) & 0xFFFF;
                    }
                    else
                    {
                        var at = rangeOffsets + 2 * s + rangeOffset + 2 * (c - start);
                        glyph = U16(data, at);
                        glyph = glyph == 0 ? 0 : (glyph + delta) & 0xFFFF;
                    }

                    glyphOfChar[c] = glyph;
                }
            }

            return;
        }

        throw new InvalidDataException($"{Path}: no Unicode (3,1) format 4 cmap");
    }

    private void ReadStrikes(byte[] data, int eblc, int ebdt)
    {
        var count = (int)U32(data, eblc + 4);
        for (var i = 0; i < count; i++)
        {
            var size = eblc + 8 + 48 * i;
            var arrayOffset = eblc + (int)U32(data, size);
            var subtables = (int)U32(data, size + 8);
            var strike = new Strike();
            for (var j = 0; j < subtables; j++)
            {
                int first = U16(data, arrayOffset + 8 * j), last = U16(data, arrayOffset + 8 * j + 2);
                var index = arrayOffset + (int)U32(data, arrayOffset + 8 * j + 4);
                int indexFormat = U16(data, index), imageFormat = U16(data, index + 2);
                var imageData = ebdt + (int)U32(data, index + 4);
                if (indexFormat != 1 || imageFormat != 2)
                {
                    // Other layouts are not in Wine's Tahoma; the outline width stands in for them.
                    continue;
                }

                for (var g = first; g <= last; g++)
                {
                    var offset = U32(data, index + 8 + 4 * (g - first));
                    var next = U32(data, index + 8 + 4 * (g - first + 1));
                    if (next > offset)
                    {
                        // smallGlyphMetrics: height, width, bearingX, bearingY, advance.
                        strike.Advances[g] = data[imageData + offset + 4];
                    }
                }
            }

            strikes[data[size + 44]] = strike;
        }
    }

    private static int Table(Dictionary<string, int> tables, string tag, string path) =>
        tables.TryGetValue(tag, out var offset) ? offset
            : throw new InvalidDataException($"{path}: no {tag} table");

    private static ushort U16(byte[] data, int at) => (ushort)((data[at] << 8) | data[at + 1]);

    private static uint U32(byte[] data, int at) =>
        ((uint)data[at] << 24) | ((uint)data[at + 1] << 16) | ((uint)data[at + 2] << 8) | data[at + 3];

    private sealed class Strike
    {
        public Dictionary<int, int> Advances { get; } = new();
    }
}
