using System;
using System.Collections.Generic;
using System.Globalization;

namespace CertDeploy.Installer.Tests.ScriptModel;

/// <summary>A condition this evaluator does not understand; it never guesses.</summary>
public sealed class ConditionSyntaxException(string condition, int position, string problem)
    : Exception($"Cannot evaluate condition '{condition}' at position {position}: {problem}")
{
    public string Condition { get; } = condition;

    public int Position { get; } = position;
}

/// <summary>
/// Evaluates the part of the Windows Installer conditional statement syntax that the authoring
/// uses: NOT, AND, OR (upper case, NOT binding tightest, then AND, then OR), parentheses, a
/// bare property (true when set and not empty), and the comparisons =, &lt;&gt;, ~= and ~&lt;&gt;
/// between properties, "quoted strings" and integers. A property that is not set compares as
/// the empty string. Anything else (XOR, EQV, IMP, &lt;, &gt;, the substring operators,
/// %ENV, $component, &amp;feature, a literal standing alone, a lower-case keyword) throws
/// <see cref="ConditionSyntaxException"/>, so that a scenario never runs on a guess.
/// </summary>
public static class MsiCondition
{
    /// <summary>Whether the condition holds; an absent or blank condition always holds.</summary>
    public static bool Evaluate(string? condition, IReadOnlyDictionary<string, string> properties)
    {
        if (string.IsNullOrWhiteSpace(condition))
        {
            return true;
        }

        var parser = new Parser(condition, properties);
        return parser.ParseWhole();
    }

    private enum TokenKind
    {
        Open,
        Close,
        Not,
        And,
        Or,
        Compare,
        Identifier,
        Text,
        Integer,
        End,
    }

    private readonly record struct Token(TokenKind Kind, string Text, int Position);

    private sealed class Parser
    {
        private static readonly string[] Unsupported = { "XOR", "EQV", "IMP" };

        private readonly string _condition;
        private readonly IReadOnlyDictionary<string, string> _properties;
        private readonly List<Token> _tokens;
        private int _next;

        public Parser(string condition, IReadOnlyDictionary<string, string> properties)
        {
            _condition = condition;
            _properties = properties;
            _tokens = Tokenize();
        }

        public bool ParseWhole()
        {
            var value = ParseOr();

            var rest = Peek();
            if (rest.Kind != TokenKind.End)
            {
                throw Error(rest.Position, $"unexpected '{rest.Text}' after a complete condition");
            }

            return value;
        }

        private bool ParseOr()
        {
            // Both sides are always parsed: a syntax error on the right must not hide behind a
            // left side that already decides the result.
            var value = ParseAnd();
            while (Peek().Kind == TokenKind.Or)
            {
                _next++;
                var right = ParseAnd();
                value = value || right;
            }

            return value;
        }

        private bool ParseAnd()
        {
            var value = ParseNot();
            while (Peek().Kind == TokenKind.And)
            {
                _next++;
                var right = ParseNot();
                value = value && right;
            }

            return value;
        }

        private bool ParseNot()
        {
            if (Peek().Kind == TokenKind.Not)
            {
                _next++;
                return !ParseNot();
            }

            return ParsePrimary();
        }

        private bool ParsePrimary()
        {
            var token = Take();
            if (token.Kind == TokenKind.Open)
            {
                var inner = ParseOr();
                var close = Take();
                if (close.Kind != TokenKind.Close)
                {
                    throw Error(close.Position, $"expected ')' but found '{close.Text}'");
                }

                return inner;
            }

            if (!IsOperand(token.Kind))
            {
                throw Error(token.Position, $"expected a property, a string or an integer but found "
                    + $"'{token.Text}'");
            }

            if (Peek().Kind != TokenKind.Compare)
            {
                if (token.Kind != TokenKind.Identifier)
                {
                    throw Error(token.Position, $"the literal {token.Text} stands alone; only a property "
                        + "may be a condition by itself");
                }

                return Value(token).Length > 0;
            }

            var comparison = Take();
            var right = Take();
            if (!IsOperand(right.Kind))
            {
                throw Error(right.Position, $"expected a value after '{comparison.Text}' but found "
                    + $"'{right.Text}'");
            }

            return Compare(token, comparison, right);
        }

        private bool Compare(Token left, Token comparison, Token right)
        {
            var ignoreCase = comparison.Text.StartsWith('~');
            var equal = comparison.Text.TrimStart('~') == "=";
            var leftValue = Value(left);
            var rightValue = Value(right);
            bool same;

            if (left.Kind == TokenKind.Integer || right.Kind == TokenKind.Integer)
            {
                var other = left.Kind == TokenKind.Integer ? right : left;
                var otherValue = other == left ? leftValue : rightValue;
                if (!int.TryParse(otherValue, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                {
                    throw Error(other.Position, $"'{otherValue}' is compared with an integer but is none; "
                        + "the evaluator does not model Windows Installer's mixed comparison");
                }

                same = int.Parse(leftValue, CultureInfo.InvariantCulture)
                    == int.Parse(rightValue, CultureInfo.InvariantCulture);
            }
            else if (left.Kind == TokenKind.Identifier && right.Kind == TokenKind.Identifier
                     && int.TryParse(leftValue, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture,
                         out var leftNumber)
                     && int.TryParse(rightValue, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture,
                         out var rightNumber))
            {
                // Two properties that both hold integers compare as integers.
                same = leftNumber == rightNumber;
            }
            else
            {
                same = string.Equals(leftValue, rightValue,
                    ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
            }

            return equal ? same : !same;
        }

        private string Value(Token token) => token.Kind switch
        {
            TokenKind.Identifier => _properties.TryGetValue(token.Text, out var value) ? value : "",
            TokenKind.Text => token.Text.Substring(1, token.Text.Length - 2),
            _ => token.Text,
        };

        private static bool IsOperand(TokenKind kind) =>
            kind is TokenKind.Identifier or TokenKind.Text or TokenKind.Integer;

        private Token Peek() => _tokens[_next];

        private Token Take()
        {
            var token = _tokens[_next];
            if (token.Kind != TokenKind.End)
            {
                _next++;
            }

            return token;
        }

        private List<Token> Tokenize()
        {
            var tokens = new List<Token>();
            var i = 0;
            while (i < _condition.Length)
            {
                var c = _condition[i];
                var start = i;
                if (char.IsWhiteSpace(c))
                {
                    i++;
                }
                else if (c == '(' || c == ')')
                {
                    tokens.Add(new Token(c == '(' ? TokenKind.Open : TokenKind.Close, c.ToString(), start));
                    i++;
                }
                else if (c == '"')
                {
                    var end = _condition.IndexOf('"', i + 1);
                    if (end < 0)
                    {
                        throw Error(start, "a string is not closed with '\"'");
                    }

                    tokens.Add(new Token(TokenKind.Text, _condition.Substring(start, end - start + 1), start));
                    i = end + 1;
                }
                else if (char.IsDigit(c) || (c == '-' && i + 1 < _condition.Length
                                                      && char.IsDigit(_condition[i + 1])))
                {
                    i++;
                    while (i < _condition.Length && char.IsDigit(_condition[i]))
                    {
                        i++;
                    }

                    tokens.Add(Integer(_condition.Substring(start, i - start), start));
                }
                else if (char.IsLetter(c) || c == '_')
                {
                    while (i < _condition.Length && (char.IsLetterOrDigit(_condition[i]) || _condition[i] == '_'
                                                     || _condition[i] == '.'))
                    {
                        i++;
                    }

                    tokens.Add(Word(_condition.Substring(start, i - start), start));
                }
                else if (c is '=' or '<' or '>' or '~')
                {
                    while (i < _condition.Length && _condition[i] is '=' or '<' or '>' or '~')
                    {
                        i++;
                    }

                    var text = _condition.Substring(start, i - start);
                    if (text is not ("=" or "<>" or "~=" or "~<>"))
                    {
                        throw Error(start, $"the operator '{text}' is not one this evaluator understands "
                            + "(=, <>, ~=, ~<>)");
                    }

                    tokens.Add(new Token(TokenKind.Compare, text, start));
                }
                else
                {
                    throw Error(start, $"'{c}' is not understood (environment variables, component and "
                        + "feature states are not modelled)");
                }
            }

            tokens.Add(new Token(TokenKind.End, "end of condition", _condition.Length));
            return tokens;
        }

        private Token Integer(string text, int start)
        {
            // Windows Installer's integers lie within -32767..32767.
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                || number < -32767 || number > 32767)
            {
                throw Error(start, $"the integer {text} is outside -32767..32767");
            }

            return new Token(TokenKind.Integer, text, start);
        }

        private Token Word(string word, int start)
        {
            if (Array.IndexOf(Unsupported, word.ToUpperInvariant()) >= 0)
            {
                throw Error(start, $"the operator {word} is not one this evaluator understands");
            }

            return word switch
            {
                "NOT" => new Token(TokenKind.Not, word, start),
                "AND" => new Token(TokenKind.And, word, start),
                "OR" => new Token(TokenKind.Or, word, start),
                _ when word.ToUpperInvariant() is "NOT" or "AND" or "OR" =>
                    throw Error(start, $"'{word}': the authoring writes operators in upper case, and "
                        + "this evaluator does not guess what another spelling means"),
                _ => new Token(TokenKind.Identifier, word, start),
            };
        }

        private ConditionSyntaxException Error(int position, string problem) =>
            new(_condition, position, problem);
    }
}
