using System.Buffers;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using DicomAiNode.Vision.Decoding;
using DicomAiNode.Vision.Model;
using DicomAiNode.Vision.PostProcessing;
using DicomAiNode.Vision.Preprocessing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomAiNode.Vision.Pipeline;

/// <summary>
/// Segments a series with one <see cref="YoloeModel"/> as a pipeline of three stages joined by bounded channels:
/// slices are read and preprocessed into pooled batches up to <see cref="BatchesAhead"/> batches ahead of the model,
/// the shared session runs one batch while the next is prepared, and the previous one is decoded (NMS or end2end),
/// turned into masks in slice pixels and cleaned up in 2D behind it. Only the batches in flight hold slice pixels:
/// each kept instance carries its mask and the values under it, so the 3D linking at the end needs no slices and
/// memory follows the batch size, not the series length. Safe to call concurrently (all buffers are per call).
/// </summary>
public sealed partial class YoloeSegmenter
{
    /// <summary>Batches read and preprocessed ahead of the one the model runs.</summary>
    public const int BatchesAhead = 2;

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
        SegmentAsync(new SliceListSource(slices), options, progress, cancellationToken);

    /// <summary>Segments the slices of <paramref name="source"/>, reading each once (twice for percentile normalisation).</summary>
    public async Task<SegmentationResult> SegmentAsync(ISliceSource source, SegmentationOptions options,
        IProgress<SegmentationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        long started = _time.GetTimestamp();
        var vocabulary = ClassVocabulary.Resolve(_model, options.Classes, options.ClassEmbeddings);
        var context = new Run(source, options, options.Decode with { Classes = vocabulary.Keep ?? options.Decode.Classes }, vocabulary.Names,
            await ResolveWindowsAsync(source, options, cancellationToken).ConfigureAwait(false),
            _model.FixedBatch ?? Math.Max(1, options.BatchSize), progress);

        float[]? embeddings = null;
        int embeddingLength = 0;
        if (vocabulary.Embeddings is { } e)
        {
            embeddingLength = e.Length;
            embeddings = ArrayPool<float>.Shared.Rent(context.BatchSize * embeddingLength);
            for (int b = 0; b < context.BatchSize; b++)
            {
                e.CopyTo(embeddings.AsSpan(b * embeddingLength));
            }
        }

        var pool = new InputBatch[BatchesAhead + 1];
        var free = Channel.CreateBounded<InputBatch>(pool.Length);
        var prepared = Channel.CreateBounded<PreparedBatch>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        var ran = Channel.CreateBounded<RanBatch>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            for (int i = 0; i < pool.Length; i++)
            {
                pool[i] = new InputBatch(context.BatchSize, _model.InputHeight, _model.InputWidth);
                free.Writer.TryWrite(pool[i]);
            }

            var classEmbeddings = embeddings is null ? default(Memory<float>) : embeddings.AsMemory(0, context.BatchSize * embeddingLength);
            Task[] stages =
            [
                Stage(() => ProduceAsync(context, free.Reader, prepared.Writer, stop.Token), prepared.Writer.TryComplete, stop),
                Stage(() => RunModelAsync(context, prepared.Reader, free.Writer, ran.Writer, classEmbeddings, embeddingLength, vocabulary.Count, stop.Token), ran.Writer.TryComplete, stop),
                Stage(() => DecodeAsync(context, ran.Reader, stop.Token), null, stop),
            ];
            try
            {
                await Task.WhenAll(stages).ConfigureAwait(false);
            }
            catch
            {
                // One stage's failure cancels the others: report the failure, not their cancellation, and not the
                // AggregateException of the Parallel.For it came from (a reader's InvalidDataException stays one).
                var cause = stages.Where(t => t.IsFaulted).SelectMany(t => t.Exception!.Flatten().InnerExceptions)
                    .FirstOrDefault(x => x is not OperationCanceledException);
                if (cause is not null)
                {
                    ExceptionDispatchInfo.Throw(cause);
                }

                throw;
            }
        }
        finally
        {
            while (ran.Reader.TryRead(out var left))
            {
                left.Output.Dispose();
            }

            foreach (var batch in pool)
            {
                batch?.Dispose();
            }

            if (embeddings is not null)
            {
                ArrayPool<float>.Shared.Return(embeddings);
            }
        }

        var findings = FindingLinker.Link(context.Geometries, context.Results.Select(r => r.Instances).ToList(), vocabulary.Names, options.PostProcessing);
        var elapsed = _time.GetElapsedTime(started);
        LogSegmented(_logger, source.Count, findings.Count, elapsed.TotalMilliseconds, _model.Path);
        return new SegmentationResult(findings, context.Results, vocabulary.Names, _model.Path, _model.ExecutionProvider, elapsed);
    }

    private async Task<IReadOnlyList<WindowPreset>> ResolveWindowsAsync(ISliceSource source, SegmentationOptions options, CancellationToken cancellationToken)
    {
        var channels = options.Channels
            ?? (_model.Metadata.Windows.Count > 0 ? ChannelMapping.FromWindows(_model.Metadata.Windows) : ChannelMapping.Single(WindowPreset.Lung));
        if (channels.Kind == ChannelMappingKind.Windows)
        {
            return channels.Windows;
        }

        // Percentiles of the whole series: one extra pass over the source, keeping only the sampled values.
        return [await Task.Run(() => PercentileWindow.Compute(ReadAll(source, cancellationToken), source.Count, source.TotalPixels,
            channels.LowPercentile, channels.HighPercentile), cancellationToken).ConfigureAwait(false)];
    }

    private static IEnumerable<Slice> ReadAll(ISliceSource source, CancellationToken cancellationToken)
    {
        for (int i = 0; i < source.Count; i++)
        {
            yield return source.Read(i, cancellationToken);
        }
    }

    /// <summary>Runs a stage on the thread pool; its failure cancels the other stages and completes its output channel with the error.</summary>
    private static Task Stage(Func<Task> body, Func<Exception?, bool>? completeOutput, CancellationTokenSource stop) => Task.Run(async () =>
    {
        try
        {
            await body().ConfigureAwait(false);
            completeOutput?.Invoke(null);
        }
        catch (Exception e)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            completeOutput?.Invoke(e);
            throw;
        }
    });

    /// <summary>Stage 1: reads the slices of each batch from the source and letterboxes them into a free pooled batch.</summary>
    private async Task ProduceAsync(Run run, ChannelReader<InputBatch> free, ChannelWriter<PreparedBatch> prepared, CancellationToken cancellationToken)
    {
        int total = run.Source.Count;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, run.Options.MaxParallelism), CancellationToken = cancellationToken };
        for (int start = 0; start < total; start += run.BatchSize)
        {
            int count = Math.Min(run.BatchSize, total - start);
            var batch = await free.ReadAsync(cancellationToken).ConfigureAwait(false);
            var slices = new Slice[count];
            long t = _time.GetTimestamp();
            int first = start;
            Parallel.For(0, count, parallel, b => slices[b] = run.Source.Read(first + b, cancellationToken));
            double readMs = _time.GetElapsedTime(t).TotalMilliseconds / count;
            t = _time.GetTimestamp();
            batch.Fill(slices, 0, count, run.Windows, run.Options.MaxParallelism);
            double preprocessMs = _time.GetElapsedTime(t).TotalMilliseconds / count;
            for (int b = 0; b < count; b++)
            {
                run.Geometries[start + b] = slices[b].Geometry;
            }

            await prepared.WriteAsync(new PreparedBatch(batch, start, slices, readMs, preprocessMs), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stage 2: runs the model on each prepared batch and gives the input buffer back to the pool at once.</summary>
    private async Task RunModelAsync(Run run, ChannelReader<PreparedBatch> prepared, ChannelWriter<InputBatch> free, ChannelWriter<RanBatch> ran,
        Memory<float> embeddings, int embeddingLength, int classCount, CancellationToken cancellationToken)
    {
        await foreach (var p in prepared.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            int count = p.Slices.Length;
            int runBatch = _model.FixedBatch ?? count;
            YoloeInferenceOutput output;
            var geometries = p.Batch.Geometries.AsSpan(0, count).ToArray();
            long t = _time.GetTimestamp();
            try
            {
                if (runBatch > count)
                {
                    p.Batch.ClearUnused(runBatch);
                }

                output = _model.Run(p.Batch.Tensor(runBatch), runBatch, embeddings.IsEmpty ? default : embeddings[..(runBatch * embeddingLength)],
                    classCount, cancellationToken);
            }
            finally
            {
                p.Batch.Reset();
                free.TryWrite(p.Batch); // the pool's channel holds every batch, so this never waits
            }

            double modelMs = _time.GetElapsedTime(t).TotalMilliseconds / count;
            try
            {
                await ran.WriteAsync(new RanBatch(output, p.Start, p.Slices, geometries, p.ReadMs, p.PreprocessMs, modelMs), cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                output.Dispose();
                throw;
            }
        }
    }

    /// <summary>Stage 3: decodes each batch's output into instances in slice pixels, cleans them up and keeps their values.</summary>
    private async Task DecodeAsync(Run run, ChannelReader<RanBatch> ran, CancellationToken cancellationToken)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, run.Options.MaxParallelism), CancellationToken = cancellationToken };
        var instances = new (List<SliceInstance> Instances, int Raw)[run.BatchSize];
        var cleaned = new List<SliceInstance>[run.BatchSize];
        await foreach (var r in ran.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            int count = r.Slices.Length;
            long t = _time.GetTimestamp();
            using (r.Output)
            {
                Parallel.For(0, count, parallel, b =>
                    instances[b] = DecodeImage(r.Output, b, r.Slices[b], r.Start + b, r.Geometries[b], run.Decode, run.Options));
            }

            double decodeMs = _time.GetElapsedTime(t).TotalMilliseconds / count;
            t = _time.GetTimestamp();
            Parallel.For(0, count, parallel, b =>
            {
                var slice = r.Slices[b];
                var kept = InstanceCleanup.Apply(slice, instances[b].Instances, run.ClassNames, run.Options.PostProcessing);
                for (int i = 0; i < kept.Count; i++)
                {
                    kept[i] = kept[i].WithValues(slice.Pixels.Span, slice.Columns);
                }

                cleaned[b] = kept;
            });
            double postMs = _time.GetElapsedTime(t).TotalMilliseconds / count;
            for (int b = 0; b < count; b++)
            {
                run.Source.Release(r.Slices[b]); // kept instances carry their own values; nothing else refers to the pixels
                run.Results[r.Start + b] = new SliceResult(r.Start + b, cleaned[b], new SliceTiming(r.PreprocessMs, r.ModelMs, decodeMs, postMs) { ReadMs = r.ReadMs },
                    instances[b].Raw);
            }

            run.Progress?.Report(new SegmentationProgress(r.Start + count, run.Source.Count));
        }
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

    /// <summary>What the stages of one call share.</summary>
    private sealed class Run(ISliceSource source, SegmentationOptions options, DecodeOptions decode, IReadOnlyList<string> classNames,
        IReadOnlyList<WindowPreset> windows, int batchSize, IProgress<SegmentationProgress>? progress)
    {
        public ISliceSource Source { get; } = source;

        public SegmentationOptions Options { get; } = options;

        public DecodeOptions Decode { get; } = decode;

        public IReadOnlyList<string> ClassNames { get; } = classNames;

        public IReadOnlyList<WindowPreset> Windows { get; } = windows;

        public int BatchSize { get; } = batchSize;

        public IProgress<SegmentationProgress>? Progress { get; } = progress;

        public SliceGeometry[] Geometries { get; } = new SliceGeometry[source.Count];

        public SliceResult[] Results { get; } = new SliceResult[source.Count];
    }

    private sealed record PreparedBatch(InputBatch Batch, int Start, Slice[] Slices, double ReadMs, double PreprocessMs);

    private sealed record RanBatch(YoloeInferenceOutput Output, int Start, Slice[] Slices, LetterboxGeometry[] Geometries, double ReadMs,
        double PreprocessMs, double ModelMs);
}
