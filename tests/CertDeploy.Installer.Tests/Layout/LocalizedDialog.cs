using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace CertDeploy.Installer.Tests.Layout;

/// <summary>The strings of one .wxl file.</summary>
public sealed class WxlStrings
{
    private static readonly XNamespace Wxl = "http://wixtoolset.org/schemas/v4/wxl";

    // The WixUI strings the dialog uses, as WixUI's own en-US and nb-NO localisations give them.
    private static readonly Dictionary<string, Dictionary<string, string>> WixUIStrings = new()
    {
        ["en-US"] = new() { ["WixUIBack"] = "&Back", ["WixUINext"] = "&Next", ["WixUICancel"] = "Cancel" },
        ["nb-NO"] = new() { ["WixUIBack"] = "&Tilbake", ["WixUINext"] = "&Neste", ["WixUICancel"] = "Avbryt" },
    };

    private WxlStrings(string culture, int codepage, Dictionary<string, string> strings, string path)
    {
        Culture = culture;
        Codepage = codepage;
        Strings = strings;
        Path = path;
    }

    public string Culture { get; }

    public int Codepage { get; }

    public string Path { get; }

    /// <summary>The .wxl's own strings, by Id.</summary>
    public IReadOnlyDictionary<string, string> Strings { get; }

    public static WxlStrings Load(string path)
    {
        var root = XDocument.Load(path).Root!;
        var strings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var element in root.Elements(Wxl + "String"))
        {
            strings[(string)element.Attribute("Id")!] = (string?)element.Attribute("Value") ?? element.Value;
        }

        return new WxlStrings((string)root.Attribute("Culture")!,
            int.Parse((string?)root.Attribute("Codepage") ?? "1252", System.Globalization.CultureInfo.InvariantCulture),
            strings, path);
    }

    /// <summary>
    /// Replaces every !(loc.Id) by the string of this culture, or of WixUI for the WixUI strings;
    /// an Id known to neither is added to <paramref name="problems"/>.
    /// </summary>
    public string Resolve(string text, string where, ICollection<string> problems) =>
        Regex.Replace(text, @"!\(loc\.([A-Za-z0-9_.]+)\)", match =>
        {
            var id = match.Groups[1].Value;
            if (Strings.TryGetValue(id, out var value))
            {
                return value;
            }

            if (WixUIStrings.TryGetValue(Culture, out var wixui) && wixui.TryGetValue(id, out value))
            {
                return value;
            }

            problems.Add($"{where}: no string {id} in {Path} (culture {Culture})");
            return match.Value;
        });
}

/// <summary>A control with its text in one language: style and [Property] references kept.</summary>
public sealed record LocalizedControl(ControlDefinition Definition, string? Text);

/// <summary>The dialog in one language, with the property values its texts and lists show.</summary>
public sealed class LocalizedDialog
{
    private LocalizedDialog(DialogDefinition definition, WxlStrings strings, string title,
        IReadOnlyList<LocalizedControl> controls, IReadOnlyDictionary<string, string> properties)
    {
        Definition = definition;
        Strings = strings;
        Title = title;
        Controls = controls;
        Properties = properties;
    }

    public DialogDefinition Definition { get; }

    public WxlStrings Strings { get; }

    public string Culture => Strings.Culture;

    public string Title { get; }

    public IReadOnlyList<LocalizedControl> Controls { get; }

    /// <summary>
    /// ProductName, DefaultUIFont and every property a control shows or sets, as the .wxs files
    /// author them, localised.
    /// </summary>
    public IReadOnlyDictionary<string, string> Properties { get; }

    /// <summary>Localises the dialog; the .wxs files give the properties (Package Name = ProductName).</summary>
    public static LocalizedDialog Create(DialogDefinition definition, WxlStrings strings,
        IEnumerable<string> wxsFiles)
    {
        var problems = new List<string>();
        var where = definition.SourcePath;

        var authored = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in wxsFiles)
        {
            var document = XDocument.Load(file);
            foreach (var property in document.Descendants(DialogAuthoring.Wix + "Property"))
            {
                var value = (string?)property.Attribute("Value");
                if (value != null)
                {
                    authored[(string)property.Attribute("Id")!] = value;
                }
            }

            var package = document.Descendants(DialogAuthoring.Wix + "Package").FirstOrDefault();
            if (package?.Attribute("Name") != null)
            {
                authored["ProductName"] = (string)package.Attribute("Name")!;
            }
        }

        var controls = definition.Controls
            .Select(c => new LocalizedControl(c, c.Text == null ? null
                : strings.Resolve(c.Text, $"{where}({c.Line}) control {c.Id}", problems)))
            .ToList();
        var title = strings.Resolve(definition.Title, $"{where} dialog title", problems);

        var wanted = new SortedSet<string>(StringComparer.Ordinal) { "ProductName", "DefaultUIFont" };
        foreach (var text in controls.Select(c => c.Text).Append(title).OfType<string>())
        {
            foreach (Match reference in Regex.Matches(text, @"\[([A-Za-z_][A-Za-z0-9_.]*)\]"))
            {
                wanted.Add(reference.Groups[1].Value);
            }
        }

        foreach (var control in definition.Controls)
        {
            foreach (var publish in control.Publishes.Where(p => p.Event.StartsWith("[", StringComparison.Ordinal)))
            {
                wanted.Add(publish.Event.Trim('[', ']'));
            }
        }

        var properties = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in wanted)
        {
            if (authored.TryGetValue(name, out var value))
            {
                properties[name] = strings.Resolve(value, $"property {name}", problems);
            }
        }

        // Styles named in localised texts must exist in the .wxs or in WixUI's set.
        foreach (var control in controls.Where(c => c.Text != null))
        {
            var style = DialogAuthoring.StyleOf(control.Text!);
            if (style != null && !definition.TextStyles.ContainsKey(style)
                              && !DialogAuthoring.WixUIStyles.ContainsKey(style))
            {
                problems.Add($"{where}({control.Definition.Line}) control {control.Definition.Id}: "
                             + $"text style {style} is defined neither in the .wxs nor by WixUI");
            }
        }

        if (problems.Count > 0)
        {
            throw new DialogAuthoringException(problems);
        }

        return new LocalizedDialog(definition, strings, title, controls, properties);
    }

    /// <summary>The style a text is drawn in: its own {\Style}, else the dialog's default font.</summary>
    public TextStyleDefinition StyleFor(string? text)
    {
        var name = (text == null ? null : DialogAuthoring.StyleOf(text)) ?? Definition.DefaultFont;
        return Definition.TextStyles.TryGetValue(name, out var style) ? style : DialogAuthoring.WixUIStyles[name];
    }

    /// <summary>Replaces [Property] by its value (an unknown property by nothing), as MSI does.</summary>
    public string Format(string text, IReadOnlyDictionary<string, string>? overrides = null) =>
        Regex.Replace(DialogAuthoring.WithoutStyle(text), @"\[([A-Za-z_][A-Za-z0-9_.]*)\]", match =>
        {
            var name = match.Groups[1].Value;
            if (overrides != null && overrides.TryGetValue(name, out var value))
            {
                return value;
            }

            return Properties.TryGetValue(name, out value) ? value : "";
        });

    /// <summary>The .wxs files of an installer folder, for <see cref="Create"/>.</summary>
    public static IReadOnlyList<string> WxsFiles(string installerFolder) =>
        Directory.GetFiles(installerFolder, "*.wxs").OrderBy(f => f, StringComparer.Ordinal).ToList();
}
