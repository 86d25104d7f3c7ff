using DicomAiNode.Vision.Decoding;
using DicomAiNode.Vision.Pipeline;
using DicomAiNode.Vision.PostProcessing;
using DicomAiNode.Vision.Preprocessing;

namespace DicomAiNode.Vision.Tests.Pipeline;

public class YoloeSegmenterTests
{
    private static Slice[] Series(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new Slice(Enumerable.Repeat(-500f + i, 50 * 40).ToArray(), 50, 40, 0.7, 0.7, 2.5, i * 2.5))];

    [Fact]
    public async Task Constant_outputs_give_the_same_instances_on_every_slice_linked_through_the_series()
    {
        using var model = Fixtures.Load("classic-seg.onnx");
        var progress = new List<SegmentationProgress>();
        var options = new SegmentationOptions
        {
            BatchSize = 2,
            MaskCrop = MaskCropRule.Rounded,
            PostProcessing = new PostProcessingOptions { ClosingRadius = 0, FillHoles = false },
        };
        var result = await new YoloeSegmenter(model).SegmentAsync(Series(5), options, new SyncProgress(progress.Add));

        // The fixture's class-aware decoding keeps 7 boxes, of which the rounded crop path leaves 5 non-empty masks
        // (expected-decoding.json); every slice must show those same 5.
        var e = Fixtures.Json("expected-decoding.json").GetProperty("classic").GetProperty("class_aware");
        int expected = e.GetProperty("loop").EnumerateArray().Count(m => m.GetProperty("kept").GetBoolean());
        Assert.All(result.Slices, s => Assert.Equal(7, s.RawDetections));
        Assert.True(result.Slices.All(s => s.Instances.Count <= expected && s.Instances.Count > 0));
        Assert.Equal(result.Slices[0].Instances.Select(i => (i.ClassId, i.Mask.Area)), result.Slices[4].Instances.Select(i => (i.ClassId, i.Mask.Area)));
        Assert.All(result.Findings, f => Assert.Equal([0, 1, 2, 3, 4], f.Slices.Select(s => s.SliceIndex)));
        Assert.All(result.Findings, f => Assert.Equal(f.VoxelCount * 0.7 * 0.7 * 2.5, f.VolumeMm3, 6));
        Assert.Equal([2, 4, 5], progress.Select(p => p.SlicesDone));
        Assert.All(result.Slices, s => Assert.True(s.Timing.ModelMs > 0 && s.Timing.PreprocessMs > 0 && s.Timing.DecodeMs > 0));
        Assert.Equal("crohn's disease, colon: wall", result.ClassNames[1]);
    }

    [Fact]
    public async Task Class_names_filter_a_fixed_vocabulary_and_unknown_names_are_configuration_errors()
    {
        using var model = Fixtures.Load("classic-seg.onnx");
        var segmenter = new YoloeSegmenter(model);
        var result = await segmenter.SegmentAsync(Series(1), new SegmentationOptions { Classes = ["LUNG NODULE"] });
        Assert.All(result.Slices[0].Instances, i => Assert.Equal(0, i.ClassId));
        Assert.NotEmpty(result.Slices[0].Instances);
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => segmenter.SegmentAsync(Series(1), new SegmentationOptions { Classes = ["liver cyst"] }));
        Assert.Contains("'liver cyst'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Embedding_model_runs_with_the_requested_classes_from_the_embeddings_file()
    {
        using var model = Fixtures.Load("vocab-seg.onnx");
        var embeddings = ClassEmbeddingFile.Load(Fixtures.Path("vocab-seg.embeddings.json"));
        var segmenter = new YoloeSegmenter(model);
        var result = await segmenter.SegmentAsync(Series(3), new SegmentationOptions { Classes = ["cyst", "solid nodule"], ClassEmbeddings = embeddings, BatchSize = 3 });
        Assert.Equal(["cyst", "solid nodule"], result.ClassNames);
        // Anchor 0 (box 14..30) matches 'solid nodule' (id 1), anchor 3 (box 41..51) matches 'cyst' (id 0).
        Assert.Equal([1, 0], result.Slices[0].Instances.Select(i => i.ClassId).Order().Reverse());
        Assert.Contains(result.Findings, f => f.ClassName == "cyst" && f.Slices.Count == 3);
        var ex = await Assert.ThrowsAsync<ArgumentException>(() =>
            segmenter.SegmentAsync(Series(1), new SegmentationOptions { Classes = ["granuloma"], ClassEmbeddings = embeddings }));
        Assert.Contains("'granuloma' has no embedding", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fixed_batch_float16_model_pads_the_last_batch()
    {
        using var model = Fixtures.Load("classic-seg-fp16.onnx");
        var result = await new YoloeSegmenter(model).SegmentAsync(Series(3), new SegmentationOptions { BatchSize = 16 });
        Assert.Equal(3, result.Slices.Count);
        Assert.All(result.Slices, s => Assert.Equal(7, s.RawDetections));
    }

    [Fact]
    public async Task Retina_masks_and_end2end_models_segment_too()
    {
        using var model = Fixtures.Load("end2end-seg.onnx");
        var result = await new YoloeSegmenter(model).SegmentAsync(Series(2), new SegmentationOptions { RetinaMasks = true });
        Assert.All(result.Slices, s => Assert.Equal(3, s.RawDetections));
        Assert.NotEmpty(result.Findings);
    }

    [Fact]
    public async Task Cancellation_stops_the_run()
    {
        using var model = Fixtures.Load("classic-seg.onnx");
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new YoloeSegmenter(model).SegmentAsync(Series(2), new SegmentationOptions(), null, cts.Token));
    }

    [Fact]
    public async Task Streamed_slices_are_read_at_most_a_few_batches_ahead_of_the_decoded_ones()
    {
        using var model = Fixtures.Load("classic-seg.onnx");
        const int BatchSize = 2;
        var source = new WatchedSource(Series(40));
        var progress = new SyncProgress(p =>
        {
            Volatile.Write(ref source.Done, p.SlicesDone);
            Thread.Sleep(20); // a slow decoding stage: the reader must wait for it, not run through the series
        });
        var result = await new YoloeSegmenter(model).SegmentAsync(source, new SegmentationOptions { BatchSize = BatchSize, MaskCrop = MaskCropRule.Rounded }, progress);

        Assert.Equal(40, result.Slices.Count);
        Assert.Equal(Enumerable.Range(0, 40), source.ReadOrder.Order());
        // In flight besides the decoded ones: one batch decoding, one queued for it, one in the model, one queued for
        // it and one being read, so slice pixels held never grow with the series.
        int bound = (YoloeSegmenter.BatchesAhead + 3) * BatchSize;
        Assert.True(source.MaxAhead <= bound, $"slice read {source.MaxAhead} ahead of the decoded ones; bound {bound}");
        Assert.True(source.MaxAhead >= 2 * BatchSize, $"reading ran only {source.MaxAhead} slices ahead: no overlap with the model");
    }

    [Fact]
    public async Task A_slice_that_cannot_be_read_fails_the_series_with_its_own_error()
    {
        using var model = Fixtures.Load("classic-seg.onnx");
        var source = new WatchedSource(Series(12)) { FailAt = 7 };
        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => new YoloeSegmenter(model).SegmentAsync(source, new SegmentationOptions { BatchSize = 2 }));
        Assert.Equal("slice 7 is unreadable", ex.Message);
    }

    [Fact]
    public async Task Streamed_and_in_memory_percentile_normalisation_choose_the_same_window()
    {
        using var model = Fixtures.Load("classic-seg.onnx");
        var slices = Series(6);
        var options = new SegmentationOptions { BatchSize = 4, Channels = ChannelMapping.Percentile(1, 99), MaskCrop = MaskCropRule.Rounded };
        var inMemory = await new YoloeSegmenter(model).SegmentAsync(slices, options);
        var streamed = await new YoloeSegmenter(model).SegmentAsync(new WatchedSource(slices), options);
        Assert.Equal(inMemory.Findings.Select(f => (f.ClassId, f.VoxelCount, f.MeanValue)), streamed.Findings.Select(f => (f.ClassId, f.VoxelCount, f.MeanValue)));
        Assert.Equal(PercentileWindow.Compute(slices, 1, 99), PercentileWindow.Compute(slices, slices.Length, slices.Sum(s => (long)s.Pixels.Length), 1, 99));
    }

    /// <summary>A source that records how far reading runs ahead of the slices the segmenter reported done.</summary>
    private sealed class WatchedSource(IReadOnlyList<Slice> slices) : ISliceSource
    {
        public int Done;
        private int _maxAhead;
        private readonly System.Collections.Concurrent.ConcurrentQueue<int> _order = new();

        public int? FailAt { get; init; }

        public int MaxAhead => Volatile.Read(ref _maxAhead);

        public IEnumerable<int> ReadOrder => _order;

        public int Count => slices.Count;

        public long TotalPixels => slices.Sum(s => (long)s.Pixels.Length);

        public Slice Read(int index, CancellationToken cancellationToken)
        {
            if (index == FailAt)
            {
                throw new InvalidDataException($"slice {index} is unreadable");
            }

            _order.Enqueue(index);
            int ahead = index + 1 - Volatile.Read(ref Done);
            int seen;
            while (ahead > (seen = Volatile.Read(ref _maxAhead)) && Interlocked.CompareExchange(ref _maxAhead, ahead, seen) != seen)
            {
            }

            return slices[index];
        }
    }

    private sealed class SyncProgress(Action<SegmentationProgress> report) : IProgress<SegmentationProgress>
    {
        public void Report(SegmentationProgress value) => report(value);
    }
}
