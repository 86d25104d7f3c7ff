using System.Buffers;
using DicomAiNode.Vision.Decoding;
using DicomAiNode.Vision.Model;
using DicomAiNode.Vision.PostProcessing;
using DicomAiNode.Vision.Preprocessing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomAiNode.Vision.Pipeline;

/// <summary>
/// Segments a series with one <see cref="YoloeModel"/>: slices are preprocessed into pooled batches, run through the
/// shared session, decoded (NMS or end2end), turned into masks in slice pixels, cleaned up in 2D and linked into 3D
/// findings. Safe to call concurrently (the model session is shared; all buffers are per call).
/// </summary>
public sealed partial class YoloeSegmenter
{
    private readonly YoloeModel _model;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public YoloeSegmenter(YoloeModel model, ILogger<YoloeSegmenter>? logger = null, TimeProvider? timeProvider = null)
    {
        _model = model;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
    }

    public YoloeModel Model => _model;

    /// <summary>Segments <paramref name="slices"/> (one series, any order; linking follows <see cref="Slice.Location"/>).</summary>
    public Task<SegmentationResult> SegmentAsync(IReadOnlyList<Slice> slices, SegmentationOptions options,
        IProgress<SegmentationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Task.Run(() => Segment(slices, options, progress, cancellationToken), cancellationToken);

    private SegmentationResult Segment(IReadOnlyList<Slice> slices, SegmentationOptions options, IProgress<SegmentationProgress>? progress,
        CancellationToken cancellationToken)
    {
        long started = _time.GetTimestamp();
        var vocabulary = ClassVocabulary.Resolve(_model, options.Classes, options.ClassEmbeddings);
        var decode = options.Decode with { Classes = vocabulary.Keep ?? options.Decode.Classes };
        var channels = options.Channels
            ?? (_model.Metadata.Windows.Count > 0 ? ChannelMapping.FromWindows(_model.Metadata.Windows) : ChannelMapping.Single(WindowPreset.Lung));
        var windows = channels.Resolve(slices);
        int batchSize = _model.FixedBatch ?? Math.Max(1, options.BatchSize);
        var results = new SliceResult[slices.Count];

        using var batch = new InputBatch(batchSize, _model.InputHeight, _model.InputWidth);
        float[]? embeddings = null;
        int embeddingLength = 0;
        if (vocabulary.Embeddings is { } e)
        {
            embeddingLength = e.Length;
            embeddings = ArrayPool<float>.Shared.Rent(batchSize * embeddingLength);
            for (int b = 0; b < batchSize; b++)
            {
                e.CopyTo(embeddings.AsSpan(b * embeddingLength));
            }
        }

        try
        {
            var instances = new (List<SliceInstance> Instances, int Raw)[batchSize];
            var cleaned = new List<SliceInstance>[batchSize];
            for (int start = 0; start < slices.Count; start += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int count = Math.Min(batchSize, slices.Count - start);
                long t = _time.GetTimestamp();
                batch.Fill(slices, start, count, windows, options.MaxParallelism);
                double preprocessMs = _time.GetElapsedTime(t).TotalMilliseconds / count;

                int runBatch = _model.FixedBatch ?? count;
                if (runBatch > count)
                {
                    batch.ClearUnused(runBatch);
                }

                t = _time.GetTimestamp();
                using var output = _model.Run(batch.Tensor(runBatch), runBatch,
                    embeddings is null ? default : embeddings.AsMemory(0, runBatch * embeddingLength), vocabulary.Count, cancellationToken);
                double modelMs = _time.GetElapsedTime(t).TotalMilliseconds / count;

                // Images of a batch decode independently; stage times are the batch's wall time per slice.
                var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxParallelism), CancellationToken = cancellationToken };
                t = _time.GetTimestamp();
                Parallel.For(0, count, parallel, b =>
                    instances[b] = DecodeImage(output, b, slices[start + b], start + b, batch.Geometries[b], decode, options));
                double decodeMs = _time.GetElapsedTime(t).TotalMilliseconds / count;
                t = _time.GetTimestamp();
                Parallel.For(0, count, parallel, b =>
                    cleaned[b] = InstanceCleanup.Apply(slices[start + b], instances[b].Instances, vocabulary.Names, options.PostProcessing));
                double postMs = _time.GetElapsedTime(t).TotalMilliseconds / count;
                for (int b = 0; b < count; b++)
                {
                    results[start + b] = new SliceResult(start + b, cleaned[b], new SliceTiming(preprocessMs, modelMs, decodeMs, postMs), instances[b].Raw);
                }

                progress?.Report(new SegmentationProgress(start + count, slices.Count));
            }
        }
        finally
        {
            if (embeddings is not null)
            {
                ArrayPool<float>.Shared.Return(embeddings);
            }
        }

        var findings = FindingLinker.Link(slices, results.Select(r => r.Instances).ToList(), vocabulary.Names, options.PostProcessing);
        var elapsed = _time.GetElapsedTime(started);
        LogSegmented(_logger, slices.Count, findings.Count, elapsed.TotalMilliseconds, _model.Path);
        return new SegmentationResult(findings, results, vocabulary.Names, _model.Path, _model.ExecutionProvider, elapsed);
    }

    /// <summary>Decodes image <paramref name="b"/> of a batch output into instances with slice-space masks.</summary>
    internal (List<SliceInstance> Instances, int Raw) DecodeImage(YoloeInferenceOutput output, int b, Slice slice, int sliceIndex,
        LetterboxGeometry geometry, DecodeOptions decode, SegmentationOptions options)
    {
        var s0 = output.Output0Shape;
        var s1 = output.Output1Shape;
        int block0 = s0[1] * s0[2];
        int nm = s1[1], mh = s1[2], mw = s1[3];
        var o0 = output.Output0.Slice(b * block0, block0);
        var protos = output.Output1.Slice(b * nm * mh * mw, nm * mh * mw);
        var decoded = _model.Layout == YoloeOutputLayout.EndToEnd
            ? EndToEndDecoder.Decode(o0, s0[1], nm, decode)
            : ClassicDecoder.Decode(o0, s0[1], s0[2], nm, decode, options.DecodeParallelism);
        var rule = MaskDecoder.Resolve(options.MaskCrop, decoded.Count);
        var instances = new List<SliceInstance>(decoded.Count);
        for (int i = 0; i < decoded.Count; i++)
        {
            var d = decoded.Items[i];
            var box = geometry.ToSource(d.X1, d.Y1, d.X2, d.Y2);
            RegionMask? mask;
            if (options.RetinaMasks)
            {
                mask = MaskDecoder.ProcessMaskNative(protos, mh, mw, decoded.CoefficientsOf(i), box, slice.Rows, slice.Columns, rule);
            }
            else
            {
                var letterboxed = MaskDecoder.ProcessMask(protos, mh, mw, decoded.CoefficientsOf(i), d, _model.InputHeight, _model.InputWidth, rule);
                mask = letterboxed is null ? null : MaskDecoder.ScaleToSource(letterboxed, slice.Rows, slice.Columns);
            }

            // Ultralytics drops detections whose mask is empty; a mask that vanishes when scaled to the slice goes too.
            if (mask is not null)
            {
                instances.Add(new SliceInstance(sliceIndex, d.ClassId, d.Confidence, box.X1, box.Y1, box.X2, box.Y2, mask));
            }
        }

        return (instances, decoded.Count);
    }

    [LoggerMessage(EventId = 4110, Level = LogLevel.Information, Message = "Segmented {Slices} slices into {Findings} findings in {Milliseconds:F0} ms with {Model}")]
    private static partial void LogSegmented(ILogger logger, int slices, int findings, double milliseconds, string model);
}
