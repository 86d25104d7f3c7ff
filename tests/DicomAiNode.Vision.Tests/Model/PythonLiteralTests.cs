using System.Text;
using CsCheck;
using DicomAiNode.Vision.Model;

namespace DicomAiNode.Vision.Tests.Model;

public class PythonLiteralTests
{
    [Fact]
    public void Parses_names_dict_with_quotes_commas_colons_and_non_ascii()
    {
        const string text = "{0: 'lung nodule', 1: \"crohn's disease, colon: wall\", 2: 'Lungenrundherd ü \\\\ \"x\"', 3: 'a\\'b', 10: '肺結節'}";
        var dict = Assert.IsType<PythonDict>(PythonLiteral.Parse(text));
        Assert.Equal("lung nodule", dict[0L]);
        Assert.Equal("crohn's disease, colon: wall", dict[1L]);
        Assert.Equal("Lungenrundherd ü \\ \"x\"", dict[2L]);
        Assert.Equal("a'b", dict[3L]);
        Assert.Equal("肺結節", dict[10L]);
    }

    [Fact]
    public void Parses_export_args_with_bools_none_floats_and_nested_sequences()
    {
        var dict = Assert.IsType<PythonDict>(PythonLiteral.Parse(
            "{'batch': 1, 'dynamic': False, 'half': True, 'opset': None, 'conf': 0.25, 'lr': 1e-05, 'neg': -12, 'imgsz': [640, 640], 't': (1,), 'e': (), 'p': (3), 'd': {}}"));
        Assert.Equal(1L, dict["batch"]);
        Assert.Equal(false, dict["dynamic"]);
        Assert.Equal(true, dict["half"]);
        Assert.Null(dict["opset"]);
        Assert.Equal(0.25, dict["conf"]);
        Assert.Equal(1e-05, dict["lr"]);
        Assert.Equal(-12L, dict["neg"]);
        Assert.Equal([640L, 640L], (PythonList)dict["imgsz"]!);
        var t = (PythonList)dict["t"]!;
        Assert.True(t.IsTuple);
        Assert.Single(t);
        Assert.Empty((PythonList)dict["e"]!);
        Assert.Equal(3L, dict["p"]);
        Assert.Empty((PythonDict)dict["d"]!);
    }

    [Theory]
    [InlineData("'\\x41\\u00fc\\U0001F600\\n\\t\\101'", "Aü😀\n\tA")]
    [InlineData("'back\\\\slash'", "back\\slash")]
    [InlineData("'\\q'", "\\q")]
    [InlineData("\"it's\"", "it's")]
    public void Decodes_string_escapes_as_python(string literal, string expected) =>
        Assert.Equal(expected, PythonLiteral.Parse(literal));

    [Theory]
    [InlineData("{0: 'a'")]
    [InlineData("{0 'a'}")]
    [InlineData("'abc")]
    [InlineData("[1, 2")]
    [InlineData("nan")]
    [InlineData("{[1]: 2}")]
    [InlineData("1 2")]
    [InlineData("'\\x4'")]
    public void Rejects_malformed_literals_with_a_format_error(string text) =>
        Assert.Throws<FormatException>(() => PythonLiteral.Parse(text));

    [Fact]
    public void Arbitrary_text_never_crashes_the_parser() =>
        Gen.String.Sample(text =>
        {
            try
            {
                PythonLiteral.Parse(text);
            }
            catch (FormatException)
            {
            }
        }, iter: 20_000);

    [Fact]
    public void Names_written_by_python_repr_round_trip() =>
        Gen.Dictionary(Gen.Int[0, 5000], Gen.String[Gen.Char.AlphaNumeric, 0, 12].Select(Gen.Char[' ', '~'], Gen.Char['\u00a0', '\u04ff'],
            (a, b, c) => a + b + c)).Sample(names =>
        {
            var text = "{" + string.Join(", ", names.Select(kv => $"{kv.Key}: {Repr(kv.Value)}")) + "}";
            var dict = (PythonDict)PythonLiteral.Parse(text)!;
            Assert.Equal(names.Count, dict.Count);
            foreach (var kv in names)
            {
                Assert.Equal(kv.Value, dict[(long)kv.Key]);
            }
        }, iter: 2_000);

    /// <summary>Python's str repr: single quotes unless the text holds ' and no ", backslash escapes.</summary>
    private static string Repr(string s)
    {
        char quote = s.Contains('\'', StringComparison.Ordinal) && !s.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        var sb = new StringBuilder().Append(quote);
        foreach (char c in s)
        {
            if (c == '\\' || c == quote)
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.Append(quote).ToString();
    }
}
