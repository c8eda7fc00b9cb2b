using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace CertDeploy.Installer.Tests.Authoring;

/// <summary>
/// The installer authoring as text: the .wxs and .wxl files of installer/ and the C# source of
/// the custom actions. Tests check the real set, and broken copies made with <see cref="With"/>.
/// </summary>
public sealed class AuthoringSet
{
    public static readonly XNamespace Wix = "http://wixtoolset.org/schemas/v4/wxs";
    public static readonly XNamespace Ui = "http://wixtoolset.org/schemas/v4/wxs/ui";
    public static readonly XNamespace Wxl = "http://wixtoolset.org/schemas/v4/wxl";

    private readonly Dictionary<string, XDocument> _parsed = new(StringComparer.Ordinal);

    private AuthoringSet(IReadOnlyDictionary<string, string> files)
    {
        Files = files;
    }

    /// <summary>File text by path relative to the repository root, with forward slashes.</summary>
    public IReadOnlyDictionary<string, string> Files { get; }

    public IEnumerable<string> WxsFiles => Names(".wxs");

    public IEnumerable<string> WxlFiles => Names(".wxl");

    public IEnumerable<string> CSharpFiles => Names(".cs");

    /// <summary>Reads installer/*.wxs, installer/*.wxl and the custom action sources.</summary>
    public static AuthoringSet Load(string repositoryRoot)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        Add(files, repositoryRoot, "installer", "*.wxs");
        Add(files, repositoryRoot, "installer", "*.wxl");
        Add(files, repositoryRoot, "installer", "*.wixproj");
        Add(files, repositoryRoot, "installer", "*.props");
        Add(files, repositoryRoot, "customactions/CertDeploy.CustomActions", "*.cs");
        return new AuthoringSet(files);
    }

    /// <summary>A copy in which <paramref name="oldText"/>, found exactly once, is replaced.</summary>
    public AuthoringSet With(string file, string oldText, string newText)
    {
        var text = Files[file];
        var first = text.IndexOf(oldText, StringComparison.Ordinal);
        if (first < 0 || text.IndexOf(oldText, first + 1, StringComparison.Ordinal) >= 0)
        {
            throw new ArgumentException($"'{oldText}' is not in {file} exactly once", nameof(oldText));
        }

        var files = new Dictionary<string, string>(Files, StringComparer.Ordinal)
        {
            [file] = text.Substring(0, first) + newText + text.Substring(first + oldText.Length),
        };
        return new AuthoringSet(files);
    }

    public XDocument Document(string file)
    {
        lock (_parsed)
        {
            if (!_parsed.TryGetValue(file, out var document))
            {
                document = XDocument.Parse(Files[file], LoadOptions.SetLineInfo);
                _parsed[file] = document;
            }

            return document;
        }
    }

    /// <summary>Every element of that name in the WiX namespace, over all .wxs files.</summary>
    public IEnumerable<Located> Elements(string localName) =>
        WxsFiles.SelectMany(file => Document(file).Descendants(Wix + localName)
            .Select(element => new Located(file, element)));

    private IEnumerable<string> Names(string extension) =>
        Files.Keys.Where(name => name.EndsWith(extension, StringComparison.Ordinal)).OrderBy(n => n,
            StringComparer.Ordinal);

    private static void Add(Dictionary<string, string> files, string root, string folder, string pattern)
    {
        var directory = Path.Combine(root, folder);
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (var path in Directory.GetFiles(directory, pattern, SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
            if (relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/bin/",
                StringComparison.Ordinal))
            {
                continue;
            }

            files[relative] = File.ReadAllText(path);
        }
    }
}

/// <summary>An element and the file it is in.</summary>
public sealed record Located(string File, XElement Element)
{
    public string? this[string attribute] => (string?)Element.Attribute(attribute);
}
