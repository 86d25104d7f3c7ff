using CsCheck;

namespace DicomAiNode.Dicom.Tests.Imaging;

/// <summary>
/// Property tests of a decoder on damaged data: random truncations, and random bit flips followed by a changed byte.
/// <c>decodesOrRejects</c> decodes and lets through only the exceptions the codec may throw; a hang fails the test.
/// </summary>
internal static class CodecDamage
{
    public static void Truncations(byte[] frame, Action<byte[]> decodesOrRejects, int iterations, TimeSpan limit, string codec) =>
        RunBounded(() => Gen.Int[0, frame.Length].Sample(cut => decodesOrRejects(frame[..cut]), iter: iterations), limit, codec);

    public static void BitFlips(byte[] frame, Action<byte[]> decodesOrRejects, int iterations, TimeSpan limit, string codec) =>
        RunBounded(() => Gen.Select(Gen.Int[0, (frame.Length * 8) - 1].Array[1, 6], Gen.Int[0, frame.Length - 1], Gen.Byte)
            .Sample((flips, at, value) =>
            {
                byte[] changed = (byte[])frame.Clone();
                foreach (int bit in flips)
                {
                    changed[bit / 8] ^= (byte)(1 << (bit % 8));
                }

                decodesOrRejects(changed);
                changed[at] = value;
                decodesOrRejects(changed);
            }, iter: iterations), limit, codec);

    public static void RunBounded(Action property, TimeSpan limit, string codec)
    {
        var run = Task.Run(property);
        Assert.True(run.Wait(limit), $"decoding malformed {codec} data did not finish in {limit.TotalMinutes:0} minutes (a hang)");
    }
}
