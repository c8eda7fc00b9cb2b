using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Xml;
using System.Xml.Linq;

namespace CertDeploy.Installer.Tests.Layout;

/// <summary>A text style (a row of the TextStyle table).</summary>
public sealed record TextStyleDefinition(string Id, string FaceName, int Size, bool Bold, string Source);

/// <summary>A Publish inside a Control: an event, or a property set ("[Property]" event).</summary>
public sealed record PublishDefinition(string Event, string Argument, string Condition, int Order);

/// <summary>A Subscribe inside a Control (a row of the EventMapping table).</summary>
public sealed record SubscribeDefinition(string Event, string Attribute);

/// <summary>A control of the dialog as the .wxs authors it, with its text not yet localised.</summary>
public sealed record ControlDefinition(
    string Id, string Type, int X, int Y, int Width, int Height, int Attributes,
    string? Property, string? Text, bool InTabOrder, bool IsDefault, bool IsCancel,
    IReadOnlyList<PublishDefinition> Publishes, IReadOnlyList<SubscribeDefinition> Subscribes,
    IReadOnlyList<KeyValuePair<string, string>> Conditions, int Line)
{
    /// <summary>msidbControlAttributesVisible.</summary>
    public bool Visible => (Attributes & ControlBits.Visible) != 0;

    /// <summary>msidbControlAttributesNoPrefix (Text and PushButton): an ampersand shows as itself.</summary>
    public bool NoPrefix => (Attributes & ControlBits.NoPrefix) != 0;
}

/// <summary>
/// The certificate dialog as authored, with the text styles the .wxs defines and the name of the
/// default style (the DefaultUIFont property).
/// </summary>
public sealed record DialogDefinition(
    string Id, int Width, int Height, int Attributes, string Title,
    IReadOnlyList<ControlDefinition> Controls,
    IReadOnlyDictionary<string, TextStyleDefinition> TextStyles,
    string DefaultFont, string SourcePath);

/// <summary>The Control.Attributes bits used here (msidbControlAttributes*).</summary>
public static class ControlBits
{
    public const int Visible = 1;
    public const int Enabled = 2;
    public const int Sunken = 4;
    public const int Transparent = 0x10000;
    public const int NoPrefix = 0x20000;
    public const int ComboSorted = 0x10000;
    public const int ComboList = 0x20000;
}

/// <summary>A part of the .wxs that the dialog reader does not understand; names file and line.</summary>
public sealed class DialogAuthoringException : Exception
{
    public DialogAuthoringException(IReadOnlyList<string> problems)
        : base("The dialog reader does not understand this authoring, so it draws and checks nothing:"
               + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p)))
    {
        Problems = problems;
    }

    public IReadOnlyList<string> Problems { get; }
}

/// <summary>
/// Reads one Dialog of a WiX v4 .wxs into the rows Windows Installer draws from. It understands
/// exactly: Dialog (Id, Width, Height, Title, X, Y, NoMinimize, Modeless); Control of Type Text,
/// PushButton, ComboBox, Line and Bitmap with position, Text, Property, TabSkip, Hidden, Disabled,
/// Sunken, the type's own flags (Text: Transparent, NoPrefix; PushButton: Default, Cancel,
/// NoPrefix; ComboBox: ComboList, Sorted) and Show/Hide/Enable/Disable/DefaultCondition;
/// Publish (Event or Property, Value, Order, Condition) and Subscribe inside a Control; and
/// TextStyle (Id, FaceName, Size, Bold) anywhere in the file. Anything else in the dialog, or a
/// Publish for the dialog outside it, is reported and nothing is drawn.
/// </summary>
public static class DialogAuthoring
{
    public static readonly XNamespace Wix = "http://wixtoolset.org/schemas/v4/wxs";

    /// <summary>
    /// The WixUI text styles with the values WixUI's dialog sets give them, for a style the .wxs
    /// uses without defining it (WixUI defines them per set, in its library, not in WixUI_Common).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, TextStyleDefinition> WixUIStyles =
        new Dictionary<string, TextStyleDefinition>
        {
            ["WixUI_Font_Normal"] = new("WixUI_Font_Normal", "Tahoma", 8, false, "WixUI value"),
            ["WixUI_Font_Bigger"] = new("WixUI_Font_Bigger", "Tahoma", 12, false, "WixUI value"),
            ["WixUI_Font_Title"] = new("WixUI_Font_Title", "Tahoma", 9, true, "WixUI value"),
            ["WixUI_Font_Emphasized"] = new("WixUI_Font_Emphasized", "Tahoma", 8, true, "WixUI value"),
        };

    private static readonly string[] DialogAttributes =
        { "Id", "Width", "Height", "Title", "X", "Y", "NoMinimize", "Modeless" };

    private static readonly string[] CommonControlAttributes =
    {
        "Id", "Type", "X", "Y", "Width", "Height", "Text", "Property", "TabSkip", "Hidden",
        "Disabled", "Sunken", "ShowCondition", "HideCondition", "EnableCondition",
        "DisableCondition", "DefaultCondition",
    };

    private static readonly Dictionary<string, string[]> TypeAttributes = new()
    {
        ["Text"] = new[] { "Transparent", "NoPrefix" },
        ["PushButton"] = new[] { "Default", "Cancel", "NoPrefix" },
        ["ComboBox"] = new[] { "ComboList", "Sorted" },
        ["Line"] = Array.Empty<string>(),
        ["Bitmap"] = Array.Empty<string>(),
    };

    // Types that take no focus: WiX leaves them out of the tab order unless TabSkip="no".
    private static readonly HashSet<string> NotTabbable = new() { "Text", "Line", "Bitmap" };

    public static DialogDefinition Read(string wxsPath, string dialogId)
    {
        var document = XDocument.Load(wxsPath, LoadOptions.SetLineInfo);
        var problems = new List<string>();
        var dialogs = document.Descendants(Wix + "Dialog")
            .Where(d => (string?)d.Attribute("Id") == dialogId).ToList();
        if (dialogs.Count != 1)
        {
            throw new DialogAuthoringException(new[]
            {
                $"{wxsPath}: expected one Dialog with Id {dialogId}, found {dialogs.Count}.",
            });
        }

        var dialog = dialogs[0];
        CheckAttributes(wxsPath, dialog, DialogAttributes, problems);
        var attributes = 1 | (Flag(dialog, "Modeless") ? 0 : 2) | (Flag(dialog, "NoMinimize") ? 0 : 4);

        var controls = new List<ControlDefinition>();
        foreach (var child in dialog.Elements())
        {
            if (child.Name != Wix + "Control")
            {
                problems.Add(At(wxsPath, child) + $"element {child.Name.LocalName} inside the Dialog");
                continue;
            }

            var control = ReadControl(wxsPath, child, problems);
            if (control != null)
            {
                controls.Add(control);
            }
        }

        foreach (var outside in document.Descendants(Wix + "Publish")
                     .Where(p => (string?)p.Attribute("Dialog") == dialogId))
        {
            problems.Add(At(wxsPath, outside) + "a Publish for the dialog outside it");
        }

        var styles = ReadStyles(wxsPath, document, problems);
        var defaultFont = document.Descendants(Wix + "Property")
            .Where(p => (string?)p.Attribute("Id") == "DefaultUIFont")
            .Select(p => (string?)p.Attribute("Value")).FirstOrDefault();
        if (defaultFont == null)
        {
            problems.Add($"{wxsPath}: no DefaultUIFont property; the dialog font is unknown");
        }

        if (problems.Count > 0)
        {
            throw new DialogAuthoringException(problems);
        }

        return new DialogDefinition(dialogId, Int(wxsPath, dialog, "Width", problems),
            Int(wxsPath, dialog, "Height", problems), attributes,
            (string?)dialog.Attribute("Title") ?? "", controls, styles, defaultFont!, wxsPath);
    }

    /// <summary>The style names a text starts with ("{\Style}" or "{&amp;Style}"), outermost last.</summary>
    public static string? StyleOf(string text)
    {
        if (!text.StartsWith("{\\", StringComparison.Ordinal) && !text.StartsWith("{&", StringComparison.Ordinal))
        {
            return null;
        }

        var end = text.IndexOf('}', StringComparison.Ordinal);
        return end < 0 ? null : text.Substring(2, end - 2);
    }

    /// <summary>The text without its leading style markers.</summary>
    public static string WithoutStyle(string text)
    {
        while (StyleOf(text) != null)
        {
            text = text.Substring(text.IndexOf('}', StringComparison.Ordinal) + 1);
        }

        return text;
    }

    private static ControlDefinition? ReadControl(string path, XElement element, List<string> problems)
    {
        var id = (string?)element.Attribute("Id") ?? "(no Id)";
        var type = (string?)element.Attribute("Type") ?? "";
        if (!TypeAttributes.TryGetValue(type, out var own))
        {
            problems.Add(At(path, element) + $"control {id} has type '{type}', which the reader does not know");
            return null;
        }

        CheckAttributes(path, element, CommonControlAttributes.Concat(own).ToArray(), problems);

        var attributes = (Flag(element, "Hidden") ? 0 : ControlBits.Visible)
                         | (Flag(element, "Disabled") ? 0 : ControlBits.Enabled)
                         | (Flag(element, "Sunken") ? ControlBits.Sunken : 0);
        if (type == "Text")
        {
            attributes |= (Flag(element, "Transparent") ? ControlBits.Transparent : 0)
                          | (Flag(element, "NoPrefix") ? ControlBits.NoPrefix : 0);
        }
        else if (type == "PushButton")
        {
            attributes |= Flag(element, "NoPrefix") ? ControlBits.NoPrefix : 0;
        }
        else if (type == "ComboBox")
        {
            attributes |= (Flag(element, "Sorted") ? ControlBits.ComboSorted : 0)
                          | (Flag(element, "ComboList") ? ControlBits.ComboList : 0);
        }

        var tabSkip = (string?)element.Attribute("TabSkip");
        var inTabOrder = tabSkip == null ? !NotTabbable.Contains(type) : tabSkip == "no";

        var conditions = new List<KeyValuePair<string, string>>();
        foreach (var action in new[] { "Show", "Hide", "Enable", "Disable", "Default" })
        {
            var condition = (string?)element.Attribute(action + "Condition");
            if (condition != null)
            {
                conditions.Add(new KeyValuePair<string, string>(action, condition));
            }
        }

        var publishes = new List<PublishDefinition>();
        var subscribes = new List<SubscribeDefinition>();
        var nextOrder = 1;
        foreach (var child in element.Elements())
        {
            if (child.Name == Wix + "Publish")
            {
                CheckAttributes(path, child, new[] { "Event", "Property", "Value", "Order", "Condition" }, problems);
                var eventName = (string?)child.Attribute("Event");
                var property = (string?)child.Attribute("Property");
                if ((eventName == null) == (property == null))
                {
                    problems.Add(At(path, child) + "a Publish needs exactly one of Event and Property");
                    continue;
                }

                var order = child.Attribute("Order") == null ? nextOrder : Int(path, child, "Order", problems);
                nextOrder = order + 1;
                publishes.Add(new PublishDefinition(eventName ?? "[" + property + "]",
                    (string?)child.Attribute("Value") ?? "", (string?)child.Attribute("Condition") ?? "1", order));
            }
            else if (child.Name == Wix + "Subscribe")
            {
                CheckAttributes(path, child, new[] { "Event", "Attribute" }, problems);
                subscribes.Add(new SubscribeDefinition((string?)child.Attribute("Event") ?? "",
                    (string?)child.Attribute("Attribute") ?? ""));
            }
            else
            {
                problems.Add(At(path, child) + $"element {child.Name.LocalName} inside control {id}");
            }
        }

        return new ControlDefinition(id, type,
            Int(path, element, "X", problems), Int(path, element, "Y", problems),
            Int(path, element, "Width", problems), Int(path, element, "Height", problems),
            attributes, (string?)element.Attribute("Property"), (string?)element.Attribute("Text"),
            inTabOrder, Flag(element, "Default"), Flag(element, "Cancel"), publishes, subscribes,
            conditions, ((IXmlLineInfo)element).LineNumber);
    }

    private static Dictionary<string, TextStyleDefinition> ReadStyles(string path, XDocument document,
        List<string> problems)
    {
        var styles = new Dictionary<string, TextStyleDefinition>(StringComparer.Ordinal);
        foreach (var element in document.Descendants(Wix + "TextStyle"))
        {
            CheckAttributes(path, element, new[] { "Id", "FaceName", "Size", "Bold" }, problems);
            var id = (string?)element.Attribute("Id") ?? "";
            styles[id] = new TextStyleDefinition(id, (string?)element.Attribute("FaceName") ?? "",
                Int(path, element, "Size", problems), Flag(element, "Bold"),
                $"{Path.GetFileName(path)} line {((IXmlLineInfo)element).LineNumber}");
        }

        return styles;
    }

    private static void CheckAttributes(string path, XElement element, string[] known, List<string> problems)
    {
        foreach (var attribute in element.Attributes())
        {
            if (attribute.IsNamespaceDeclaration)
            {
                continue;
            }

            if (!known.Contains(attribute.Name.LocalName) || attribute.Name.Namespace != XNamespace.None)
            {
                var id = (string?)element.Attribute("Id");
                problems.Add(At(path, element) + $"attribute {attribute.Name.LocalName} on "
                             + element.Name.LocalName + (id == null ? "" : " " + id));
            }
            else if (IsFlag(attribute.Name.LocalName) && attribute.Value != "yes" && attribute.Value != "no")
            {
                problems.Add(At(path, element) + $"{attribute.Name.LocalName}=\"{attribute.Value}\" is not yes or no");
            }
        }
    }

    private static bool IsFlag(string name) => name is "NoMinimize" or "Modeless" or "TabSkip"
        or "Hidden" or "Disabled" or "Sunken" or "Transparent" or "NoPrefix" or "Default" or "Cancel"
        or "ComboList" or "Sorted" or "Bold";

    private static bool Flag(XElement element, string name) => (string?)element.Attribute(name) == "yes";

    private static int Int(string path, XElement element, string name, List<string> problems)
    {
        var text = (string?)element.Attribute(name);
        if (text != null && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        problems.Add(At(path, element) + $"{name}=\"{text}\" on {element.Name.LocalName} is not a whole number");
        return 0;
    }

    private static string At(string path, XElement element) =>
        $"{path}({((IXmlLineInfo)element).LineNumber},{((IXmlLineInfo)element).LinePosition}): ";
}
