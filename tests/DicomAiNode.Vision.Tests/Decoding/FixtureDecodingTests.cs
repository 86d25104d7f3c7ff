using System.Text.Json;
using DicomAiNode.Vision.Decoding;
using DicomAiNode.Vision.Model;
using DicomAiNode.Vision.Preprocessing;

namespace DicomAiNode.Vision.Tests.Decoding;

/// <summary>
/// Runs the constant-output fixtures through ONNX Runtime and compares the decoding with the expectations that
/// make_fixtures.py computed with torch from the contract's formulas.
/// </summary>
public class FixtureDecodingTests
{
    private const int Size = 64;
    private static readonly (int Rows, int Columns) SliceShape = (50, 40);

    public static TheoryData<string> Cases => ["class_aware", "agnostic", "classes_1_2"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Classic_decoding_matches_the_reference_boxes_scores_and_classes(string name)
    {
        var expected = Fixtures.Json("expected-decoding.json").GetProperty("classic").GetProperty(name).GetProperty("detections");
        var decoded = DecodeClassic("classic-seg.onnx", Options(name));
        Assert.Equal(expected.GetArrayLength(), decoded.Count);
        var g = LetterboxGeometry.Compute(SliceShape.Rows, SliceShape.Columns, Size, Size);
        int i = 0;
        foreach (var e in expected.EnumerateArray())
        {
            var d = decoded.Items[i++];
            var box = e.GetProperty("box").EnumerateArray().Select(v => v.GetSingle()).ToArray();
            Assert.Equal(box, new[] { d.X1, d.Y1, d.X2, d.Y2 });
            Assert.Equal(e.GetProperty("conf").GetSingle(), d.Confidence);
            Assert.Equal(e.GetProperty("cls").GetInt32(), d.ClassId);
            var ob = e.GetProperty("original_box").EnumerateArray().Select(v => v.GetSingle()).ToArray();
            var (x1, y1, x2, y2) = g.ToSource(d.X1, d.Y1, d.X2, d.Y2);
            Assert.Equal(ob[0], x1, 4);
            Assert.Equal(ob[1], y1, 4);
            Assert.Equal(ob[2], x2, 4);
            Assert.Equal(ob[3], y2, 4);
        }
    }

    [Theory]
    [InlineData("class_aware", MaskCropRule.Rounded)]
    [InlineData("class_aware", MaskCropRule.Exact)]
    [InlineData("agnostic", MaskCropRule.Rounded)]
    [InlineData("classes_1_2", MaskCropRule.Exact)]
    public void Masks_match_process_mask_scale_masks_and_the_native_path(string name, MaskCropRule rule)
    {
        var root = Fixtures.Json("expected-decoding.json").GetProperty("classic").GetProperty(name);
        var masks = root.GetProperty(rule == MaskCropRule.Rounded ? "loop" : "vectorised");
        using var model = Fixtures.Load("classic-seg.onnx");
        using var output = RunOnce(model);
        var decoded = ClassicDecoder.Decode(output.Output0, output.Output0Shape[1], output.Output0Shape[2], 32, Options(name));
        var protos = output.Output1;
        var g = LetterboxGeometry.Compute(SliceShape.Rows, SliceShape.Columns, Size, Size);
        int i = 0;
        foreach (var e in masks.EnumerateArray())
        {
            var d = decoded.Items[i];
            var coef = decoded.CoefficientsOf(i);
            i++;
            var letterboxed = MaskDecoder.ProcessMask(protos, 16, 16, coef, d, Size, Size, rule);
            Assert.Equal(e.GetProperty("kept").GetBoolean(), letterboxed is not null);
            AssertMask(e.GetProperty("letterboxed_rle"), e.GetProperty("letterboxed_ambiguous"), Size, Size, letterboxed, $"{name} #{i} letterboxed");
            if (letterboxed is not null)
            {
                var back = MaskDecoder.ScaleToSource(letterboxed, SliceShape.Rows, SliceShape.Columns);
                AssertMask(e.GetProperty("original_rle"), e.GetProperty("original_ambiguous"), SliceShape.Rows, SliceShape.Columns, back, $"{name} #{i} scaled");
            }

            var native = MaskDecoder.ProcessMaskNative(protos, 16, 16, coef, g.ToSource(d.X1, d.Y1, d.X2, d.Y2), SliceShape.Rows, SliceShape.Columns, rule);
            Assert.Equal(e.GetProperty("native_kept").GetBoolean(), native is not null);
            AssertMask(e.GetProperty("native_rle"), e.GetProperty("native_ambiguous"), SliceShape.Rows, SliceShape.Columns, native, $"{name} #{i} native");
        }
    }

    [Fact]
    public void End2end_keeps_rows_above_conf_without_nms()
    {
        using var model = Fixtures.Load("end2end-seg.onnx");
        using var output = RunOnce(model);
        Assert.Equal([1, 300, 38], output.Output0Shape);
        var decoded = EndToEndDecoder.Decode(output.Output0, 300, 32, new DecodeOptions());
        Assert.Equal(3, decoded.Count);
        Assert.Equal(new Detection(14, 14, 30, 30, 0.9f, 0), decoded.Items[0]);
        Assert.Equal(new Detection(14, 14, 30, 30, 0.7f, 1), decoded.Items[1]);
        Assert.Equal(new Detection(41, 41, 51, 51, 0.6f, 2), decoded.Items[2]);
        Assert.Equal(1f, decoded.CoefficientsOf(2)[1]);
        var filtered = EndToEndDecoder.Decode(output.Output0, 300, 32, new DecodeOptions { Classes = new HashSet<int> { 1 }, MaxDetections = 2 });
        Assert.Equal(0.7f, Assert.Single(filtered.Items).Confidence);
    }

    [Fact]
    public void Float16_model_gives_the_float32_detections()
    {
        var full = DecodeClassic("classic-seg.onnx", new DecodeOptions());
        using var model = Fixtures.Load("classic-seg-fp16.onnx");
        var images = new float[2 * 3 * Size * Size];
        using var output = model.Run(images, 2);
        int block = output.Output0Shape[1] * output.Output0Shape[2];
        for (int b = 0; b < 2; b++)
        {
            var half = ClassicDecoder.Decode(output.Output0.Slice(b * block, block), output.Output0Shape[1], output.Output0Shape[2], 32, new DecodeOptions());
            Assert.Equal(full.Items.Select(d => (d.ClassId, d.X1, d.Y1)), half.Items.Select(d => (d.ClassId, d.X1, d.Y1)));
            Assert.Equal(full.Items.Select(d => d.Confidence), half.Items.Select(d => d.Confidence), (a, c) => Math.Abs(a - c) < 1e-3f);
        }
    }

    [Fact]
    public void Class_embeddings_select_the_runtime_vocabulary()
    {
        using var model = Fixtures.Load("vocab-seg.onnx");
        // Embeddings e1 and e0 in that order: anchor 3 matches class 0 of this run, anchor 0 class 1.
        var emb = new float[2 * 8];
        emb[1] = 1;
        emb[8] = 1;
        using var output = model.Run(new float[3 * Size * Size], 1, emb, 2);
        Assert.Equal([1, 4 + 2 + 32, 84], output.Output0Shape);
        var decoded = ClassicDecoder.Decode(output.Output0, output.Output0Shape[1], output.Output0Shape[2], 32, new DecodeOptions());
        Assert.Equal(2, decoded.Count);
        Assert.Equal((1, 14f), (decoded.Items[0].ClassId, decoded.Items[0].X1));
        Assert.Equal((0, 41f), (decoded.Items[1].ClassId, decoded.Items[1].X1));
    }

    internal static DecodeOptions Options(string name) => name switch
    {
        "agnostic" => new DecodeOptions { Agnostic = true },
        "classes_1_2" => new DecodeOptions { Classes = new HashSet<int> { 1, 2 } },
        _ => new DecodeOptions(),
    };

    private static DecodedDetections DecodeClassic(string file, DecodeOptions options)
    {
        using var model = Fixtures.Load(file);
        using var output = RunOnce(model);
        return ClassicDecoder.Decode(output.Output0, output.Output0Shape[1], output.Output0Shape[2], 32, options);
    }

    private static YoloeInferenceOutput RunOnce(YoloeModel model) => model.Run(new float[3 * Size * Size], 1);

    private static void AssertMask(JsonElement rle, JsonElement ambiguous, int rows, int columns, RegionMask? actual, string what)
    {
        var expected = Fixtures.DecodeRle(rle, rows * columns);
        var frame = actual?.ToFrame() ?? new byte[rows * columns];
        var skip = ambiguous.EnumerateArray().Select(v => v.GetInt32()).ToHashSet();
        for (int p = 0; p < expected.Length; p++)
        {
            if (!skip.Contains(p) && expected[p] != frame[p])
            {
                Assert.Fail($"{what}: pixel ({p / columns},{p % columns}) is {frame[p]}, expected {expected[p]}");
            }
        }
    }
}
