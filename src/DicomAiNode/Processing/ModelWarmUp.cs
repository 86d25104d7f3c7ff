using System.Diagnostics;
using DicomAiNode.Configuration;
using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.IO;
using DicomAiNode.Dicom.Objects;
using DicomAiNode.Observability;
using DicomAiNode.Pipeline;
using DicomAiNode.Rules;
using DicomAiNode.Vision.Model;
using DicomAiNode.Vision.Preprocessing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomAiNode.Processing;

/// <summary>
/// <c>Inference:WarmUp</c>: once the host has started, loads the model of every rule and runs the rule on a small
/// synthetic chest CT series held in memory (reading its pixels, segmenting, building and encoding SEG and SR), so
/// that the first study after a start finds the ONNX Runtime session ready and the pipeline's code compiled. Without it, that first study pays the session's first runs and the JIT
/// (tier-0 code, then its recompilation on a background thread), CPU that competes with the model on a small
/// machine. A failure is logged and left to the first study, which reports it with its own error.
/// </summary>
public sealed partial class ModelWarmUp : BackgroundService
{
    /// <summary>Synthetic slices per model: two batches, so the overlapped stages all run.</summary>
    private const int Batches = 2;

    private const int Size = 512;

    private readonly YoloeModelRegistry _models;
    private readonly RuleSetProvider _rules;
    private readonly ComponentStatusBoard _status;
    private readonly NodeOptions _options;
    private readonly ILogger<ModelWarmUp> _logger;

    public ModelWarmUp(YoloeModelRegistry models, RuleSetProvider rules, ComponentStatusBoard status, IOptions<NodeOptions> options,
        ILogger<ModelWarmUp> logger)
    {
        _models = models;
        _rules = rules;
        _status = status;
        _options = options.Value;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Inference.WarmUp)
        {
            return;
        }

        await Task.Yield(); // let the host finish starting
        int batch = Math.Max(1, _options.Inference.BatchSize);
        var rules = _rules.Current;
        var series = SyntheticChest(Batches * batch);
        var equipment = new EquipmentIdentity(ProductInfo.Name, "dicom-ai-node", _options.Node.AeTitle, ProductInfo.Version);
        foreach (var rule in rules.Rules.DistinctBy(r => Path.GetFullPath(r.ModelPath)))
        {
            var clock = Stopwatch.StartNew();
            try
            {
                var model = _models.Get(rule.ModelPath);
                _status.Report(ComponentStatusBoard.Model, true, $"{Path.GetFileName(model.Path)} loaded ({model.ExecutionProvider})");
                var plan = new InferencePlan(rule.Name, rule.ModelPath, RuleSegmentationOptions.From(rule.Definition, batch), WindowPreset.Lung);
                var result = await new SeriesInference(_models, new ResultObjectsBuilder(rules.Codes, equipment))
                    .RunAsync(series, plan, cancellationToken: stoppingToken).ConfigureAwait(false);
                foreach (var file in new[] { result.Objects.Segmentation, result.Objects.Report })
                {
                    using var encoded = new MemoryStream();
                    file?.Save(encoded);
                }

                LogWarmedUp(_logger, rule.ModelPath, rule.Name, series.Instances.Count, result.Segmentation.Findings.Count, clock.Elapsed.TotalMilliseconds);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogWarmUpFailed(_logger, e, rule.ModelPath, rule.Name);
            }
        }
    }

    /// <summary>
    /// A CT series of <paramref name="count"/> 512×512 slices in memory (16-bit, rescale −1024): air around a
    /// soft-tissue body with two lungs and a small nodule in one, 0.7 mm pixels, 1.5 mm apart.
    /// </summary>
    internal static DicomSeries SyntheticChest(int count)
    {
        var pixels = new ushort[Size * Size];
        for (int r = 0; r < Size; r++)
        {
            double y = (r - (Size / 2.0)) / (Size / 2.0);
            for (int c = 0; c < Size; c++)
            {
                double x = (c - (Size / 2.0)) / (Size / 2.0);
                bool body = (x * x / 0.81) + (y * y / 0.49) < 1;
                bool lung = ((Math.Abs(x) - 0.38) * (Math.Abs(x) - 0.38) / 0.06) + ((y + 0.05) * (y + 0.05) / 0.25) < 1;
                bool nodule = ((x + 0.35) * (x + 0.35)) + ((y + 0.1) * (y + 0.1)) < 0.002;
                int hu = !body ? -1000 : nodule ? 40 : lung ? -850 : 45;
                pixels[(r * Size) + c] = (ushort)(hu + 1024);
            }
        }

        // UIDs under 2.25 (PS3.5 B.2) from fixed UUIDs: the series exists only in this process.
        const string root = "2.25.1606190412262405235471923611780218";
        string study = root + "1", seriesUid = root + "2", frame = root + "3";
        var files = new List<DicomFile>(count);
        for (int k = 0; k < count; k++)
        {
            var ds = new DicomDataset();
            ds.Add(DicomTag.SOPClassUID, "1.2.840.10008.5.1.4.1.1.2");
            ds.Add(DicomTag.SOPInstanceUID, $"{root}4{k + 1}");
            ds.Add(DicomTag.StudyInstanceUID, study);
            ds.Add(DicomTag.SeriesInstanceUID, seriesUid);
            ds.Add(DicomTag.FrameOfReferenceUID, frame);
            ds.Add(DicomTag.Modality, "CT");
            ds.Add(DicomTag.PatientID, "WARMUP");
            ds.Add(DicomTag.PatientName, "Warm^Up");
            ds.Add(DicomTag.SeriesNumber, "1");
            ds.Add(DicomTag.InstanceNumber, (k + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            ds.Add(DicomTag.ImagePositionPatient, -179.2, -179.2, k * 1.5);
            ds.Add(DicomTag.ImageOrientationPatient, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0);
            ds.Add(DicomTag.PixelSpacing, 0.7, 0.7);
            ds.Add(DicomTag.SliceThickness, 1.5);
            ds.Add(DicomTag.RescaleIntercept, -1024.0);
            ds.Add(DicomTag.RescaleSlope, 1.0);
            ds.Add(DicomTag.SamplesPerPixel, (ushort)1);
            ds.Add(DicomTag.PhotometricInterpretation, "MONOCHROME2");
            ds.Add(DicomTag.Rows, (ushort)Size);
            ds.Add(DicomTag.Columns, (ushort)Size);
            ds.Add(DicomTag.BitsAllocated, (ushort)16);
            ds.Add(DicomTag.BitsStored, (ushort)12);
            ds.Add(DicomTag.HighBit, (ushort)11);
            ds.Add(DicomTag.PixelRepresentation, (ushort)0);
            ds.Add(DicomTag.PixelData, DicomVR.OW, pixels);
            files.Add(new DicomFile(ds));
        }

        var attributes = new SeriesAttributes { StudyInstanceUid = study, SeriesInstanceUid = seriesUid, Modality = "CT", BodyPartExamined = "CHEST" };
        return new DicomSeries(attributes, files);
    }

    [LoggerMessage(EventId = 4120, Level = LogLevel.Information, Message = "Warmed up {Model} (rule {Rule}) on {Slices} synthetic CT slices ({Findings} findings) in {Milliseconds:F0} ms")]
    private static partial void LogWarmedUp(ILogger logger, string model, string rule, int slices, int findings, double milliseconds);

    [LoggerMessage(EventId = 4121, Level = LogLevel.Warning, Message = "Warm-up of {Model} (rule {Rule}) failed; the first study will retry the model")]
    private static partial void LogWarmUpFailed(ILogger logger, Exception exception, string model, string rule);
}
