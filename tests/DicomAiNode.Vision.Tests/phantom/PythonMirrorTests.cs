using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DicomAiNode.Vision.Decoding;
using DicomAiNode.Vision.Model;
using DicomAiNode.Vision.Pipeline;
using DicomAiNode.Vision.PostProcessing;

namespace DicomAiNode.Vision.Tests.Phantom;

/// <summary>
/// The model card's metrics come from scripts/evaluate_phantom_model.py --rules, whose post-processing
/// (scripts/phantom/node_postprocess.py) mirrors this library. This runs the committed model with the shipped rule
/// here and in Python (scripts/phantom/node_findings.py) on the same phantom: the findings must be the same.
/// </summary>
public class PythonMirrorTests
{
    private const string Python = DebianPython.Executable;
    private const string InstallHint = "apt-get install python3-numpy python3-pydicom python3-scipy python3-torch python3-onnx (scripts/install-peers.sh --with-torch)";

    private sealed record Found(string Class, int First, int Last, long Voxels, double Score);

    [Theory]
    [InlineData(2003)]
    [InlineData(2009)]
    public async Task Evaluation_reports_the_findings_the_node_reports_with_the_shipped_rule(int seed)
    {
        var root = PhantomStudy.RepositoryRoot();
        var rules = Path.Combine(root, "config", "rules.json");
        var modelPath = Path.Combine(root, "models", "phantom-yoloe-seg.onnx");
        var study = PhantomStudy.Generate(seed, slices: 48, size: 256);
        using var model = new YoloeModelLoader(new InferenceOptions()).Load(modelPath);
        var result = await new YoloeSegmenter(model).SegmentAsync(study.Slices, OptionsOfFirstRule(rules));
        var node = result.Findings
            .Select(f => new Found(f.ClassName, f.Slices.Min(s => s.SliceIndex), f.Slices.Max(s => s.SliceIndex), f.VoxelCount, f.MaxConfidence))
            .OrderBy(f => f.Class, StringComparer.Ordinal).ThenBy(f => f.First).ThenBy(f => f.Voxels).ToList();

        var python = RunPython(root, Path.Combine(root, "scripts", "phantom", "node_findings.py"), "--onnx", modelPath, "--rules", rules,
            "--seed", seed.ToString(CultureInfo.InvariantCulture));
        Assert.NotEmpty(node);
        Assert.True(node.Count == python.Count, $"node: {string.Join("; ", node)}\npython: {string.Join("; ", python)}");
        for (int i = 0; i < node.Count; i++)
        {
            var (n, p) = (node[i], python[i]);
            // ONNX Runtime and the Python graph interpreter agree to ~5e-5: a mask pixel on the threshold may flip.
            bool same = n.Class == p.Class && n.First == p.First && n.Last == p.Last
                && Math.Abs(n.Voxels - p.Voxels) <= Math.Max(2, n.Voxels / 100) && Math.Abs(n.Score - p.Score) < 1e-3;
            Assert.True(same, $"finding {i}: node {n}, python {p}");
        }
    }

    /// <summary>The first enabled rule of rules.json as the node maps it (src/DicomAiNode/Pipeline/RuleSegmentationOptions.cs).</summary>
    private static SegmentationOptions OptionsOfFirstRule(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var rule = doc.RootElement.GetProperty("rules").EnumerateArray()
            .First(r => !r.TryGetProperty("enabled", out var e) || e.GetBoolean());
        var t = rule.GetProperty("thresholds");
        var p = rule.GetProperty("postProcessing");
        var classes = rule.GetProperty("prompt").GetProperty("classes").EnumerateArray().Select(c => c.GetString()!).ToList();
        bool lung = p.TryGetProperty("constraint", out var c) && string.Equals(c.GetString(), "lung", StringComparison.OrdinalIgnoreCase);
        var constrained = p.TryGetProperty("constraintClasses", out var cc) && cc.GetArrayLength() > 0
            ? cc.EnumerateArray().Select(e => e.GetString()!).ToList()
            : classes.Where(n => !n.Contains("pleural", StringComparison.OrdinalIgnoreCase)).ToList();
        return new SegmentationOptions
        {
            BatchSize = 8,
            RetinaMasks = p.TryGetProperty("retinaMasks", out var r) && r.GetBoolean(),
            Classes = classes,
            Decode = new DecodeOptions
            {
                Confidence = (float)t.GetProperty("confidence").GetDouble(),
                Iou = (float)t.GetProperty("iou").GetDouble(),
                MaxDetections = t.GetProperty("maxDetections").GetInt32(),
            },
            PostProcessing = new PostProcessingOptions
            {
                ClosingRadius = p.GetProperty("closingRadius").GetInt32(),
                FillHoles = p.GetProperty("fillHoles").GetBoolean(),
                MinAreaMm2 = p.GetProperty("minSizeMm2").GetDouble(),
                Constraints = lung ? [AnatomicalConstraint.Lungs(constrained)] : [],
            },
        };
    }

    private static List<Found> RunPython(string root, params string[] arguments)
    {
        Assert.True(File.Exists(Python), $"{Python} is missing: {InstallHint}");
        var (code, stdout, stderr) = DebianPython.Run(root, arguments);
        Assert.True(code == 0, $"scripts/phantom/node_findings.py failed (exit {code}); it needs torch, onnx and scipy ({InstallHint}): {stderr}");
        using var doc = JsonDocument.Parse(stdout);
        return doc.RootElement.EnumerateArray()
            .Select(f => new Found(f.GetProperty("class").GetString()!, f.GetProperty("first").GetInt32(), f.GetProperty("last").GetInt32(),
                f.GetProperty("voxels").GetInt64(), f.GetProperty("score").GetDouble()))
            .ToList();
    }
}
