using System;
using System.Collections.Generic;
using System.Linq;

namespace CertDeploy.Installer.Tests.Authoring;

/// <summary>
/// Splits a Windows Installer condition into its top-level AND terms, so that a check can ask
/// whether a term always applies (a term inside an OR or in parentheses does not). Operators
/// are matched in upper case, as the authoring writes them.
/// </summary>
public static class ConditionTerms
{
    public static IReadOnlyList<string> TopLevelAnd(string? condition)
    {
        var terms = new List<string>();
        if (string.IsNullOrWhiteSpace(condition))
        {
            return terms;
        }

        condition = Normalize(condition);
        var depth = 0;
        var quoted = false;
        var start = 0;
        for (var i = 0; i < condition.Length; i++)
        {
            var c = condition[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c == '(')
            {
                depth++;
            }
            else if (!quoted && c == ')')
            {
                depth--;
            }
            else if (!quoted && depth == 0 && (IsWord(condition, i, "OR") || IsWord(condition, i, "XOR")
                         || IsWord(condition, i, "EQV") || IsWord(condition, i, "IMP")))
            {
                // AND binds tighter than OR: with a top-level OR no term always applies.
                return new[] { Normalize(condition) };
            }
            else if (!quoted && depth == 0 && IsWord(condition, i, "AND"))
            {
                terms.Add(condition.Substring(start, i - start));
                start = i + 3;
                i += 2;
            }
        }

        terms.Add(condition.Substring(start));
        return terms.Select(Normalize).Where(t => t.Length > 0).ToList();
    }

    /// <summary>Whether the condition requires <paramref name="term"/> (compared without spaces).</summary>
    public static bool Requires(string? condition, string term) =>
        TopLevelAnd(condition).Any(t => Squeeze(t) == Squeeze(term) || Squeeze(t) == Squeeze(Unwrap(term)));

    private static bool IsWord(string text, int at, string word) =>
        string.CompareOrdinal(text, at, word, 0, word.Length) == 0
        && (at == 0 || char.IsWhiteSpace(text[at - 1]) || text[at - 1] == ')')
        && (at + word.Length == text.Length || char.IsWhiteSpace(text[at + word.Length])
            || text[at + word.Length] == '(');

    private static string Normalize(string term)
    {
        var trimmed = term.Trim();
        while (trimmed.StartsWith('(') && trimmed.EndsWith(')') && Balanced(trimmed[1..^1]))
        {
            trimmed = trimmed[1..^1].Trim();
        }

        return trimmed;
    }

    private static string Unwrap(string term) => term.Replace("(", "", StringComparison.Ordinal).Replace(")", "",
        StringComparison.Ordinal);

    private static bool Balanced(string text)
    {
        var depth = 0;
        foreach (var c in text)
        {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth < 0)
            {
                return false;
            }
        }

        return depth == 0;
    }

    private static string Squeeze(string text) =>
        new string(text.Where(c => !char.IsWhiteSpace(c) && c != '(' && c != ')').ToArray());
}
