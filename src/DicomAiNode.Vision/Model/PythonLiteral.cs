using System.Globalization;
using System.Text;

namespace DicomAiNode.Vision.Model;

/// <summary>
/// Parses the subset of Python literals that Ultralytics writes into ONNX <c>metadata_props</c> with <c>str()</c>
/// (contract §4): dicts, lists, tuples, quoted strings with escapes, ints, floats, True/False/None.
/// Values map to <see cref="long"/>, <see cref="double"/>, <see cref="string"/>, <see cref="bool"/>, <c>null</c>,
/// <see cref="PythonList"/> (lists and tuples) and <see cref="PythonDict"/>.
/// Class names may hold commas, colons, quotes and non-ASCII text, so this parses; it never splits strings.
/// </summary>
public static class PythonLiteral
{
    private const int MaxDepth = 64;

    /// <summary>Parses one literal; the whole text must be consumed.</summary>
    /// <exception cref="FormatException">The text is not a literal of the accepted grammar; the message gives the offset.</exception>
    public static object? Parse(string text)
    {
        var reader = new Reader(text);
        var value = reader.ParseValue(0);
        reader.SkipWhitespace();
        if (!reader.AtEnd)
        {
            throw reader.Error("unexpected text after the literal");
        }

        return value;
    }

    private ref struct Reader
    {
        private readonly ReadOnlySpan<char> _text;
        private int _pos;

        public Reader(string text)
        {
            _text = text;
            _pos = 0;
        }

        public readonly bool AtEnd => _pos >= _text.Length;

        public readonly FormatException Error(string what) =>
            new($"Python literal: {what} at offset {_pos}");

        public void SkipWhitespace()
        {
            while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
            {
                _pos++;
            }
        }

        public object? ParseValue(int depth)
        {
            if (depth > MaxDepth)
            {
                throw Error("nesting deeper than " + MaxDepth);
            }

            SkipWhitespace();
            if (AtEnd)
            {
                throw Error("unexpected end of text");
            }

            char c = _text[_pos];
            switch (c)
            {
                case '{':
                    return ParseDict(depth);
                case '[':
                    return ParseSequence(']', depth, isTuple: false);
                case '(':
                    return ParseSequence(')', depth, isTuple: true);
                case '\'' or '"':
                    return ParseString();
                default:
                    if (c is '-' or '+' or '.' || char.IsAsciiDigit(c))
                    {
                        return ParseNumber();
                    }

                    if (char.IsAsciiLetter(c))
                    {
                        return ParseWord();
                    }

                    throw Error($"unexpected character '{c}'");
            }
        }

        private PythonDict ParseDict(int depth)
        {
            _pos++; // '{'
            var dict = new PythonDict();
            while (true)
            {
                SkipWhitespace();
                if (Peek() == '}')
                {
                    _pos++;
                    return dict;
                }

                object key = ParseValue(depth + 1) ?? throw Error("None is not accepted as a dict key here");
                if (key is PythonList or PythonDict)
                {
                    throw Error("unhashable dict key");
                }

                SkipWhitespace();
                Expect(':');
                var value = ParseValue(depth + 1);
                dict[key] = value;
                SkipWhitespace();
                char next = Peek();
                if (next == ',')
                {
                    _pos++;
                }
                else if (next != '}')
                {
                    throw Error("expected ',' or '}' in dict");
                }
            }
        }

        private object? ParseSequence(char close, int depth, bool isTuple)
        {
            _pos++; // '[' or '('
            var items = new List<object?>();
            bool sawComma = false;
            while (true)
            {
                SkipWhitespace();
                if (Peek() == close)
                {
                    _pos++;
                    // (x) is a parenthesised value, (x,) a tuple.
                    return isTuple && items.Count == 1 && !sawComma ? items[0] : new PythonList(items, isTuple);
                }

                items.Add(ParseValue(depth + 1));
                SkipWhitespace();
                char next = Peek();
                if (next == ',')
                {
                    sawComma = true;
                    _pos++;
                }
                else if (next != close)
                {
                    throw Error($"expected ',' or '{close}'");
                }
            }
        }

        private string ParseString()
        {
            char quote = _text[_pos++];
            var sb = new StringBuilder();
            while (true)
            {
                if (AtEnd)
                {
                    throw Error("unterminated string");
                }

                char c = _text[_pos++];
                if (c == quote)
                {
                    return sb.ToString();
                }

                if (c is '\n' or '\r')
                {
                    throw Error("line break inside a string");
                }

                if (c != '\\')
                {
                    sb.Append(c);
                    continue;
                }

                if (AtEnd)
                {
                    throw Error("unterminated escape");
                }

                char e = _text[_pos++];
                switch (e)
                {
                    case '\\': sb.Append('\\'); break;
                    case '\'': sb.Append('\''); break;
                    case '"': sb.Append('"'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'a': sb.Append('\a'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'v': sb.Append('\v'); break;
                    case '\n': break; // line continuation
                    case 'x': AppendCodePoint(sb, ReadHex(2)); break;
                    case 'u': AppendCodePoint(sb, ReadHex(4)); break;
                    case 'U': AppendCodePoint(sb, ReadHex(8)); break;
                    case >= '0' and <= '7':
                        int octal = e - '0';
                        for (int i = 0; i < 2 && !AtEnd && _text[_pos] is >= '0' and <= '7'; i++)
                        {
                            octal = (octal * 8) + (_text[_pos++] - '0');
                        }

                        AppendCodePoint(sb, octal);
                        break;
                    default:
                        // Python keeps an unknown escape verbatim, backslash included.
                        sb.Append('\\').Append(e);
                        break;
                }
            }
        }

        private void AppendCodePoint(StringBuilder sb, int codePoint)
        {
            if (codePoint is < 0 or > 0x10FFFF)
            {
                throw Error("escape outside the Unicode range");
            }

            if (codePoint is >= 0xD800 and <= 0xDFFF)
            {
                sb.Append((char)codePoint); // a lone surrogate, as Python's str allows
            }
            else
            {
                sb.Append(char.ConvertFromUtf32(codePoint));
            }
        }

        private int ReadHex(int digits)
        {
            if (_pos + digits > _text.Length)
            {
                throw Error("truncated hex escape");
            }

            if (!int.TryParse(_text.Slice(_pos, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int value) || value < 0)
            {
                throw Error("bad hex escape");
            }

            _pos += digits;
            return value;
        }

        private object ParseNumber()
        {
            int start = _pos;
            if (_text[_pos] is '-' or '+')
            {
                _pos++;
            }

            bool isFloat = false;
            while (!AtEnd)
            {
                char c = _text[_pos];
                if (char.IsAsciiDigit(c) || c == '_')
                {
                    _pos++;
                }
                else if (c is '.' or 'e' or 'E')
                {
                    isFloat = true;
                    _pos++;
                    if (c is 'e' or 'E' && !AtEnd && _text[_pos] is '-' or '+')
                    {
                        _pos++;
                    }
                }
                else
                {
                    break;
                }
            }

            var token = _text[start.._pos].ToString().Replace("_", string.Empty, StringComparison.Ordinal);
            if (!isFloat && long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l))
            {
                return l;
            }

            if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
            {
                return d;
            }

            _pos = start;
            throw Error($"bad number '{token}'");
        }

        private object? ParseWord()
        {
            int start = _pos;
            while (!AtEnd && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
            {
                _pos++;
            }

            var word = _text[start.._pos];
            if (word.SequenceEqual("True"))
            {
                return true;
            }

            if (word.SequenceEqual("False"))
            {
                return false;
            }

            if (word.SequenceEqual("None"))
            {
                return null;
            }

            _pos = start;
            throw Error($"unknown name '{word}'");
        }

        private readonly char Peek() => AtEnd ? '\0' : _text[_pos];

        private void Expect(char c)
        {
            if (Peek() != c)
            {
                throw Error($"expected '{c}'");
            }

            _pos++;
        }
    }
}
