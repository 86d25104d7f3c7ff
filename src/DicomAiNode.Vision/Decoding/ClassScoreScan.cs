using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DicomAiNode.Vision.Decoding;

/// <summary>
/// Best class and score of every anchor of a classic <c>[nc, A]</c> score block, read in place: rows are walked
/// contiguously in anchor blocks that stay in L1, with SIMD max/argmax, so the tensor is never transposed.
/// Ties keep the lowest class id (the first maximum, as torch's <c>max</c>).
/// </summary>
public static class ClassScoreScan
{
    /// <summary>Anchors per block: best and bestClass of one block (2 × 8 KiB) stay in L1 while all class rows stream by.</summary>
    private const int BlockSize = 2048;

    /// <summary>Below this many scores one thread is faster than the cost of scheduling more.</summary>
    private const long ParallelThreshold = 4_000_000;

    /// <param name="scores">nc rows of <paramref name="anchors"/> sigmoided class scores.</param>
    /// <param name="classCount">nc.</param>
    /// <param name="anchors">A.</param>
    /// <param name="best">Receives the best score of every anchor.</param>
    /// <param name="bestClass">Receives the class of that score.</param>
    /// <param name="maxDegreeOfParallelism">Threads for large tensors (anchor blocks are independent); 1 for one thread.</param>
    public static void Run(ReadOnlySpan<float> scores, int classCount, int anchors, Span<float> best, Span<int> bestClass,
        int maxDegreeOfParallelism = 1)
    {
        if (classCount <= 0 || scores.Length < (long)classCount * anchors || best.Length < anchors || bestClass.Length < anchors)
        {
            throw new ArgumentException($"scores [{classCount},{anchors}] do not fit the given spans");
        }

        int blocks = (anchors + BlockSize - 1) / BlockSize;
        if (maxDegreeOfParallelism <= 1 || blocks == 1 || (long)classCount * anchors < ParallelThreshold)
        {
            for (int b = 0; b < blocks; b++)
            {
                RunBlock(scores, classCount, anchors, b, best, bestClass);
            }

            return;
        }

        unsafe
        {
            // Parallel.For cannot capture spans; the caller keeps the memory alive for the duration of the call.
            fixed (float* pScores = scores)
            fixed (float* pBest = best)
            fixed (int* pClass = bestClass)
            {
                var s = (IntPtr)pScores;
                var bp = (IntPtr)pBest;
                var cp = (IntPtr)pClass;
                long scoreLength = (long)classCount * anchors;
                Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, b =>
                {
                    var sSpan = new ReadOnlySpan<float>((void*)s, checked((int)scoreLength));
                    RunBlock(sSpan, classCount, anchors, b, new Span<float>((void*)bp, anchors), new Span<int>((void*)cp, anchors));
                });
            }
        }
    }

    private static void RunBlock(ReadOnlySpan<float> scores, int classCount, int anchors, int block, Span<float> best, Span<int> bestClass)
    {
        int start = block * BlockSize;
        int length = Math.Min(BlockSize, anchors - start);
        var bestBlock = best.Slice(start, length);
        var classBlock = bestClass.Slice(start, length);
        scores.Slice(start, length).CopyTo(bestBlock);
        classBlock.Clear();
        ref float bestRef = ref MemoryMarshal.GetReference(bestBlock);
        ref int classRef = ref MemoryMarshal.GetReference(classBlock);
        int width = Vector<float>.Count;
        int vectorEnd = length - (length % width);
        for (int c = 1; c < classCount; c++)
        {
            ref float rowRef = ref Unsafe.Add(ref MemoryMarshal.GetReference(scores), ((nint)c * anchors) + start);
            var classVector = new Vector<int>(c);
            for (int i = 0; i < vectorEnd; i += width)
            {
                var v = Vector.LoadUnsafe(ref rowRef, (nuint)i);
                var b = Vector.LoadUnsafe(ref bestRef, (nuint)i);
                var greater = Vector.GreaterThan(v, b);
                if (greater != Vector<int>.Zero)
                {
                    Vector.ConditionalSelect(greater, v, b).StoreUnsafe(ref bestRef, (nuint)i);
                    Vector.ConditionalSelect(greater, classVector, Vector.LoadUnsafe(ref classRef, (nuint)i)).StoreUnsafe(ref classRef, (nuint)i);
                }
            }

            for (int i = vectorEnd; i < length; i++)
            {
                float v = Unsafe.Add(ref rowRef, i);
                if (v > Unsafe.Add(ref bestRef, i))
                {
                    Unsafe.Add(ref bestRef, i) = v;
                    Unsafe.Add(ref classRef, i) = c;
                }
            }
        }
    }
}
