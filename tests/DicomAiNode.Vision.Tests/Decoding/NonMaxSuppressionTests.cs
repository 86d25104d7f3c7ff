using DicomAiNode.Vision.Decoding;

namespace DicomAiNode.Vision.Tests.Decoding;

public class NonMaxSuppressionTests
{
    [Fact]
    public void Keeps_a_box_whose_iou_equals_the_threshold_and_suppresses_above()
    {
        // [0,0,2,1] vs [0,0,1,1]: inter 1, union 2 → IoU exactly 0.5.
        var keep = new int[2];
        Assert.Equal(2, NonMaxSuppression.Run([0f, 0f], [0f, 0f], [2f, 1f], [1f, 1f], 0.5f, keep));
        Assert.Equal(1, NonMaxSuppression.Run([0f, 0f], [0f, 0f], [2f, 1f], [1f, 1f], 0.49f, keep));
    }

    [Fact]
    public void A_suppressed_box_does_not_suppress_others()
    {
        // A overlaps B strongly; B overlaps C strongly; A and C are disjoint: greedy keeps A and C.
        var keep = new int[3];
        int n = NonMaxSuppression.Run([0f, 1f, 2f], [0f, 0f, 0f], [2f, 3f, 4f], [1f, 1f, 1f], 0.3f, keep);
        Assert.Equal([0, 2], keep[..n]);
    }

    [Fact]
    public void Stops_at_max_det()
    {
        var keep = new int[2];
        Assert.Equal(2, NonMaxSuppression.Run([0f, 10f, 20f], [0f, 0f, 0f], [1f, 11f, 21f], [1f, 1f, 1f], 0.5f, keep));
    }

    [Fact]
    public void Class_offsets_keep_overlapping_boxes_of_different_classes_unless_agnostic()
    {
        // Three anchors, nc = 2, nm = 0 → channels 6: two identical boxes of classes 0 and 1, one low score.
        float[] output =
        [
            10, 10, 40,   // cx
            10, 10, 40,   // cy
            8, 8, 4,      // w
            8, 8, 4,      // h
            0.9f, 0.1f, 0.2f, // class 0
            0.1f, 0.8f, 0.26f, // class 1
        ];
        var aware = ClassicDecoder.Decode(output, 6, 3, 0, new DecodeOptions());
        Assert.Equal([(0, 0.9f), (1, 0.8f), (1, 0.26f)], aware.Items.Select(d => (d.ClassId, d.Confidence)));
        Assert.Equal(new Detection(6, 6, 14, 14, 0.9f, 0), aware.Items[0]);
        var agnostic = ClassicDecoder.Decode(output, 6, 3, 0, new DecodeOptions { Agnostic = true });
        Assert.Equal([0.9f, 0.26f], agnostic.Items.Select(d => d.Confidence));
        // The class filter applies to the best class only: anchor 2's best is class 1, so classes {0} drops it.
        var only0 = ClassicDecoder.Decode(output, 6, 3, 0, new DecodeOptions { Classes = new HashSet<int> { 0 } });
        Assert.Equal([0.9f], only0.Items.Select(d => d.Confidence));
        var capped = ClassicDecoder.Decode(output, 6, 3, 0, new DecodeOptions { MaxNms = 1 });
        Assert.Single(capped.Items);
    }

    [Theory]
    [InlineData(7, 5000)]
    [InlineData(600, 8400)] // large enough for the parallel path
    public void Class_score_scan_finds_max_and_first_argmax_in_every_block(int nc, int anchors)
    {
        var rnd = new Random(5);
        var scores = new float[nc * anchors];
        for (int i = 0; i < scores.Length; i++)
        {
            scores[i] = MathF.Round((float)rnd.NextDouble() * 8) / 8; // many ties
        }

        var best = new float[anchors];
        var cls = new int[anchors];
        var bestP = new float[anchors];
        var clsP = new int[anchors];
        ClassScoreScan.Run(scores, nc, anchors, best, cls);
        ClassScoreScan.Run(scores, nc, anchors, bestP, clsP, maxDegreeOfParallelism: 4);
        for (int a = 0; a < anchors; a++)
        {
            int arg = 0;
            for (int c = 1; c < nc; c++)
            {
                if (scores[(c * anchors) + a] > scores[(arg * anchors) + a])
                {
                    arg = c;
                }
            }

            Assert.Equal(arg, cls[a]);
            Assert.Equal(scores[(arg * anchors) + a], best[a]);
        }

        Assert.Equal(cls, clsP);
    }
}
