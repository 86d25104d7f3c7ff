using System.Text.Json;
using DicomAiNode.Vision.Model;

namespace DicomAiNode.Vision.Tests;

/// <summary>The committed ONNX fixtures of fixtures/make_fixtures.py and their expected decodings.</summary>
internal static class Fixtures
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "fixtures", name);

    public static YoloeModel Load(string name) => new YoloeModelLoader(new InferenceOptions { IntraOpThreads = 1 }).Load(Path(name));

    public static JsonElement Json(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path(name)));
        return doc.RootElement.Clone();
    }

    /// <summary>Expands run lengths that start with a run of zeros into a 0/1 frame.</summary>
    public static byte[] DecodeRle(JsonElement runs, int length)
    {
        var frame = new byte[length];
        int pos = 0;
        byte value = 0;
        foreach (var run in runs.EnumerateArray())
        {
            int n = run.GetInt32();
            frame.AsSpan(pos, n).Fill(value);
            pos += n;
            value ^= 1;
        }

        Assert.Equal(length, pos);
        return frame;
    }
}
