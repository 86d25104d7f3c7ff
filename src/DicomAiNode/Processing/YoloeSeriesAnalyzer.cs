using System.Diagnostics;

using DicomAiNode.Configuration;
using DicomAiNode.Dicom.IO;
using DicomAiNode.Dicom.Objects;
using DicomAiNode.Observability;
using DicomAiNode.Pipeline;
using DicomAiNode.Vision.Model;
using DicomAiNode.Vision.Preprocessing;

using Microsoft.Extensions.Options;

namespace DicomAiNode.Processing;

/// <summary>
/// The node's analysis of a series with a rule, through the offline pipeline of <c>Pipeline/</c> (the same code as
/// <c>dicom-ai-node infer</c>): HU slices in slice order, the rule's Vision options, YOLOE on the shared model session
/// of the registry, then SEG (when there are findings) and TID 1500 SR with UIDs derived from (source series, rule,
/// model), written durably under the output folder.
/// </summary>
public sealed class YoloeSeriesAnalyzer : ISeriesAnalyzer
{
    private readonly YoloeModelRegistry _models;
    private readonly NodeOptions _options;
    private readonly ComponentStatusBoard _status;
    private readonly TimeProvider _time;
    private readonly EquipmentIdentity _equipment;

    public YoloeSeriesAnalyzer(YoloeModelRegistry models, IOptions<NodeOptions> options, ComponentStatusBoard status, TimeProvider time)
    {
        _models = models;
        _options = options.Value;
        _status = status;
        _time = time;
        _equipment = new EquipmentIdentity(ProductInfo.Name, "dicom-ai-node", _options.Node.AeTitle, ProductInfo.Version);
    }

    public async Task<SeriesAnalysis> AnalyzeAsync(SeriesAnalysisRequest request, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var rule = request.Rule;
        YoloeModel model;
        try
        {
            model = _models.Get(rule.ModelPath);
            _status.Report(ComponentStatusBoard.Model, true, $"{Path.GetFileName(model.Path)} loaded ({model.ExecutionProvider})");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _status.Report(ComponentStatusBoard.Model, false, $"{rule.ModelPath}: {e.Message}");
            throw;
        }
        // Headers only: pixel data stays in the spooled files until the segmenter reads a slice's batch.
        var files = request.Series.OrderedInstances.Select(i => DicomFile.Open(i.Path)).ToList();
        var series = new DicomSeries(request.Series.Attributes, files, request.Series.StackKey);
        var opened = clock.Elapsed;
        var plan = new InferencePlan(rule.Name, rule.ModelPath, RuleSegmentationOptions.From(rule.Definition, _options.Inference.BatchSize), WindowPreset.Lung);
        var inference = new SeriesInference(_models, new ResultObjectsBuilder(request.Codes, _equipment, _time));
        var result = await inference.RunAsync(series, plan, cancellationToken: cancellationToken);
        var inferred = clock.Elapsed;

        var written = new List<ResultFile>();
        var outputs = rule.Definition.Outputs;
        if (outputs.Seg && result.Objects.Segmentation is { } seg) written.Add(await WriteAsync(seg, "SEG", request.OutputFolder, cancellationToken));
        if (outputs.Sr) written.Add(await WriteAsync(result.Objects.Report, "SR", request.OutputFolder, cancellationToken));
        clock.Stop();
        var slices = result.Segmentation.Slices;
        var modelTime = TimeSpan.FromMilliseconds(slices.Sum(s => s.Timing.ModelMs));
        var stages = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["openHeaders"] = opened.TotalMilliseconds,
            ["read"] = slices.Sum(s => s.Timing.ReadMs),
            ["preprocess"] = slices.Sum(s => s.Timing.PreprocessMs),
            ["model"] = modelTime.TotalMilliseconds,
            ["decode"] = slices.Sum(s => s.Timing.DecodeMs),
            ["postProcess"] = slices.Sum(s => s.Timing.PostProcessMs),
            ["segmentation"] = result.Segmentation.Elapsed.TotalMilliseconds,
            ["buildObjects"] = (inferred - opened - result.Segmentation.Elapsed).TotalMilliseconds,
            ["write"] = (clock.Elapsed - inferred).TotalMilliseconds,
        };
        return new SeriesAnalysis(written, $"{result.Model.Name}@{result.Model.Version}", result.Segmentation.ClassNames, result.Slices.Count,
            result.Segmentation.Findings.Count, modelTime, clock.Elapsed, result.Segmentation.ExecutionProvider)
        {
            StageMs = stages,
        };
    }

    private static async Task<ResultFile> WriteAsync(DicomFile file, string kind, string folder, CancellationToken cancellationToken)
    {
        string sop = file.Dataset.GetString(Dicom.Data.DicomTag.SOPInstanceUID);
        return new ResultFile(await ResultFileWriter.WriteAsync(file, folder, sop, cancellationToken), sop, kind);
    }
}
