using System.Security.Cryptography;
using DicomAiNode.Dicom.Objects;
using DicomAiNode.Vision.Model;
using DicomAiNode.Vision.Pipeline;

namespace DicomAiNode.Pipeline;

/// <summary>
/// Runs one plan on one series: DICOM images → slices → YOLOE findings → SEG + SR. Models come from a shared
/// registry (one session per file); the model version is a hash of its file, so a retrained model gets new UIDs.
/// </summary>
public sealed class SeriesInference
{
    private readonly YoloeModelRegistry _models;
    private readonly ResultObjectsBuilder _objects;
    private readonly Dictionary<string, AlgorithmIdentity> _identities = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public SeriesInference(YoloeModelRegistry models, ResultObjectsBuilder objects)
    {
        _models = models;
        _objects = objects;
    }

    public async Task<SeriesInferenceResult> RunAsync(DicomSeries series, InferencePlan plan, IProgress<SegmentationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        // Slices are read batch by batch while the model runs: nothing holds the whole series' pixels.
        var slices = new DicomSliceSource(series);
        var model = _models.Get(plan.ModelPath);
        var segmenter = new YoloeSegmenter(model);
        var result = await segmenter.SegmentAsync(slices, plan.Options, progress, cancellationToken).ConfigureAwait(false);
        var identity = Identify(plan.ModelPath);
        var objects = _objects.Build(series, result.Findings, plan.RuleName, identity);
        return new SeriesInferenceResult(series, plan, slices, result, objects, identity);
    }

    /// <summary>Name = file name without extension; version = the first 12 hex digits of the file's SHA-256.</summary>
    public AlgorithmIdentity Identify(string modelPath)
    {
        var full = Path.GetFullPath(modelPath);
        lock (_gate)
        {
            if (_identities.TryGetValue(full, out var known))
            {
                return known;
            }
        }
        using var stream = File.OpenRead(full);
        var hash = Convert.ToHexStringLower(SHA256.HashData(stream))[..12];
        var identity = new AlgorithmIdentity(Path.GetFileNameWithoutExtension(full), hash);
        lock (_gate)
        {
            _identities[full] = identity;
        }
        return identity;
    }
}
