using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using CertDeploy.Core.Certificates;
using CertDeploy.Core.Ports;
using CertDeploy.Installer.Tests.Layout;

namespace CertDeploy.Preview;

/// <summary>
/// Writes the rows of Dialog, Control, ControlEvent, ControlCondition, EventMapping, ComboBox,
/// TextStyle, Property, InstallUISequence and Binary for the certificate dialog alone, in one
/// language, as tab-separated .idt files that msibuild imports into a base package.
/// Usage: CertDeploy.Preview REPO WXL CERTS OUT [NOW]
/// </summary>
public static class Program
{
    private const string DialogId = "CertDeployCertificateDlg";

    public static int Main(string[] args)
    {
        if (args.Length < 4)
        {
            Console.Error.WriteLine("usage: CertDeploy.Preview REPO WXL CERTS OUT [NOW as ISO 8601]");
            return 2;
        }

        var (repo, wxl, certs, output) = (args[0], args[1], args[2], args[3]);
        var now = args.Length > 4
            ? DateTimeOffset.Parse(args[4], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
            : DateTimeOffset.UtcNow;

        try
        {
            var installer = Path.Combine(repo, "installer");
            var definition = DialogAuthoring.Read(Path.Combine(installer, "CertDeploy.Dialog.wxs"), DialogId);
            var dialog = LocalizedDialog.Create(definition, WxlStrings.Load(wxl), LocalizedDialog.WxsFiles(installer));
            Directory.CreateDirectory(output);
            Write(dialog, certs, now, output);
            return 0;
        }
        catch (DialogAuthoringException failure)
        {
            Console.Error.WriteLine(failure.Message);
            return 1;
        }
    }

    private static void Write(LocalizedDialog dialog, string certs, DateTimeOffset now, string output)
    {
        var d = dialog.Definition;
        var tabOrder = d.Controls.Where(c => c.InTabOrder).ToList();
        string? Next(ControlDefinition c) =>
            c.InTabOrder ? tabOrder[(tabOrder.IndexOf(c) + 1) % tabOrder.Count].Id : null;

        Table(output, "_ForceCodepage", null, null, null, new List<string?[]>());

        Table(output, "Dialog",
            "Dialog\tHCentering\tVCentering\tWidth\tHeight\tAttributes\tTitle\tControl_First"
            + "\tControl_Default\tControl_Cancel",
            "s72\ti2\ti2\ti2\ti2\tI4\tL128\ts50\tS50\tS50", "Dialog\tDialog", new List<string?[]>
            {
                new[]
                {
                    d.Id, "50", "50", N(d.Width), N(d.Height), N(d.Attributes), dialog.Title, tabOrder[0].Id,
                    d.Controls.FirstOrDefault(c => c.IsDefault)?.Id, d.Controls.FirstOrDefault(c => c.IsCancel)?.Id,
                },
            });

        Table(output, "Control",
            "Dialog_\tControl\tType\tX\tY\tWidth\tHeight\tAttributes\tProperty\tText\tControl_Next\tHelp",
            "s72\ts50\ts20\ti2\ti2\ti2\ti2\tI4\tS72\tL0\tS50\tL50", "Control\tDialog_\tControl",
            dialog.Controls.Select(c => new[]
            {
                d.Id, c.Definition.Id, c.Definition.Type, N(c.Definition.X), N(c.Definition.Y),
                N(c.Definition.Width), N(c.Definition.Height), N(c.Definition.Attributes),
                c.Definition.Property, c.Text, Next(c.Definition), null,
            }).ToList<string?[]>());

        Table(output, "ControlEvent", "Dialog_\tControl_\tEvent\tArgument\tCondition\tOrdering",
            "s72\ts50\ts50\ts255\tS255\tI2", "ControlEvent\tDialog_\tControl_\tEvent\tArgument\tCondition",
            d.Controls.SelectMany(c => c.Publishes.Select(p => new[]
            {
                d.Id, c.Id, p.Event, p.Argument.Length == 0 ? "{}" : p.Argument, p.Condition, N(p.Order),
            })).ToList<string?[]>());

        Table(output, "ControlCondition", "Dialog_\tControl_\tAction\tCondition", "s72\ts50\ts50\ts255",
            "ControlCondition\tDialog_\tControl_\tAction\tCondition",
            d.Controls.SelectMany(c => c.Conditions.Select(k => new[] { d.Id, c.Id, k.Key, k.Value }))
                .ToList<string?[]>());

        Table(output, "EventMapping", "Dialog_\tControl_\tEvent\tAttribute", "s72\ts50\ts50\ts50",
            "EventMapping\tDialog_\tControl_\tEvent",
            d.Controls.SelectMany(c => c.Subscribes.Select(s => new[] { d.Id, c.Id, s.Event, s.Attribute }))
                .ToList<string?[]>());

        // The certificates of the folder as the store would hold them: public parts only, so
        // every one shows "no key". Rows are authored here where the custom action inserts
        // temporary ones; the text is the core's, unchanged.
        var facts = CertificateEntries.Load(certs, KeyLocation.NoKey);
        var rows = new List<string?[]>();
        var properties = new Dictionary<string, string>(dialog.Properties, StringComparer.Ordinal);
        foreach (var (property, role) in new[]
                 {
                     ("CERTDEPLOY_SIGNING_THUMBPRINT", CertificateRole.Signing),
                     ("CERTDEPLOY_ENCRYPTION_THUMBPRINT", CertificateRole.Encryption),
                 })
        {
            var entries = CertificateEntries.List(facts, role, now);
            rows.AddRange(entries.Select((e, i) => new[] { property, N(i + 1), e.Thumbprint, e.Text }));
            if (entries.Count > 0)
            {
                // The first ranked entry is shown as chosen so that the closed list shows a text.
                properties[property] = entries[0].Thumbprint;
            }

            Console.WriteLine($"{dialog.Culture} {role}: {entries.Count} entries");
            foreach (var entry in entries)
            {
                Console.WriteLine("  " + entry.Text);
            }
        }

        Table(output, "ComboBox", "Property\tOrder\tValue\tText", "s72\ti2\ts64\tL64",
            "ComboBox\tProperty\tOrder", rows);

        Table(output, "TextStyle", "TextStyle\tFaceName\tSize\tColor\tStyleBits", "s72\ts32\ti2\tI4\tI2",
            "TextStyle\tTextStyle",
            d.TextStyles.Values.Concat(DialogAuthoring.WixUIStyles.Values.Where(w => !d.TextStyles.ContainsKey(w.Id)))
                .Select(s => new[] { s.Id, s.FaceName, N(s.Size), null, s.Bold ? "1" : null }).ToList<string?[]>());
        foreach (var style in d.TextStyles.Values)
        {
            var bold = style.Bold ? " bold" : "";
            Console.WriteLine($"text style {style.Id}: {style.FaceName} {style.Size}{bold} ({style.Source})");
        }

        properties["ProductCode"] = "{" + Guid.NewGuid().ToString().ToUpperInvariant() + "}";
        properties["ProductLanguage"] =
            dialog.Strings.Strings.TryGetValue("CertDeployLanguage", out var language) ? language : "1033";
        properties["ProductVersion"] = "0.0.0";
        properties["Manufacturer"] = "CertDeploy preview";
        properties["UpgradeCode"] = "{6A0E9A3C-1D1B-4F55-9C55-2A1F3B0E7D11}";
        Table(output, "Property", "Property\tValue", "s72\tl0", "Property\tProperty",
            properties.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => new[] { p.Key, p.Value }).ToList<string?[]>());

        Table(output, "InstallUISequence", "Action\tCondition\tSequence", "s72\tS255\tI2",
            "InstallUISequence\tAction",
            new List<string?[]>
            {
                new[] { "CostInitialize", null, "800" },
                new[] { "FileCost", null, "900" },
                new[] { "CostFinalize", null, "1000" },
                new[] { d.Id, null, "1200" },
            });

        // WixUI's banner bitmap is in WixUI's library, not here: preview.sh makes a plain stand-in.
        Table(output, "Binary", "Name\tData", "s72\tv0", "Binary\tName", d.Controls
            .Where(c => c.Type == "Bitmap" && c.Text != null)
            .Select(c => new[] { c.Text, c.Text + ".ibd" }).ToList<string?[]>());
    }

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Table(string folder, string name, string? columns, string? types, string? keys,
        List<string?[]> rows)
    {
        var text = new StringBuilder();
        if (name == "_ForceCodepage")
        {
            // An empty header, then the code page: the rows that follow are read as UTF-8 by
            // msibuild and stored in this code page, which holds ø, å and the ellipsis.
            text.Append("\r\n\r\n1252\t_ForceCodepage\r\n");
        }
        else
        {
            text.Append(columns).Append("\r\n").Append(types).Append("\r\n").Append(keys).Append("\r\n");
            foreach (var row in rows)
            {
                var bad = row.FirstOrDefault(c => c != null && c.IndexOfAny(new[] { '\t', '\n', '\r' }) >= 0);
                if (bad != null)
                {
                    throw new InvalidDataException(
                        $"{name}: a value with a tab or line break cannot go into an .idt: {bad}");
                }

                text.Append(string.Join("\t", row.Select(c => c ?? ""))).Append("\r\n");
            }
        }

        File.WriteAllText(Path.Combine(folder, name + ".idt"), text.ToString(), new UTF8Encoding(false));
    }
}
