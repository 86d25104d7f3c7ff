using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DicomAiNode.Vision.Decoding;

/// <summary>
/// Best class and score of every anchor of a classic <c>[nc, A]</c> score block, read in place: rows are walked
/// contiguously in anchor blocks that stay in L1, with SIMD max/argmax, so the tensor is never transposed.
/// Ties keep the lowest class id (the first maximum, as torch's <c>max</c>).
/// </summary>
public static class ClassScoreScan
{
    /// <summary>
    /// Anchors per block of work. Whole rows stream best: the tensor is then read in memory order (prefetch and TLB
    /// friendly) while best/bestClass (2 × 4·A bytes) stay in L2; measured 2× faster than L1-sized blocks.
    /// Blocks only split the anchors across threads.
    /// </summary>
    private const int MinBlockSize = 1024;

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

        int threads = Math.Min(maxDegreeOfParallelism, anchors / MinBlockSize);
        if (threads <= 1 || (long)classCount * anchors < ParallelThreshold)
        {
            RunBlock(scores, classCount, anchors, 0, anchors, best, bestClass);
            return;
        }

        // Block boundaries on 64-byte multiples so threads never share a cache line of best/bestClass.
        int blockSize = ((anchors / threads) + 15) & ~15;
        int blocks = (anchors + blockSize - 1) / blockSize;

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
                    int start = b * blockSize;
                    RunBlock(sSpan, classCount, anchors, start, Math.Min(blockSize, anchors - start),
                        new Span<float>((void*)bp, anchors), new Span<int>((void*)cp, anchors));
                });
            }
        }
    }

    private static void RunBlock(ReadOnlySpan<float> scores, int classCount, int anchors, int start, int length, Span<float> best, Span<int> bestClass)
    {
        var bestBlock = best.Slice(start, length);
        var classBlock = bestClass.Slice(start, length);
        scores.Slice(start, length).CopyTo(bestBlock);
        classBlock.Clear();
        ref float bestRef = ref MemoryMarshal.GetReference(bestBlock);
        ref int classRef = ref MemoryMarshal.GetReference(classBlock);
        int width = Vector512.IsHardwareAccelerated ? Vector512<float>.Count : Vector<float>.Count;
        int vectorEnd = length - (length % width);
        int c = 1;
        if (Vector512.IsHardwareAccelerated)
        {
            // Four rows at a time: their max/argmax is reduced in registers, so best/bestClass are read and
            // compared once per four rows instead of once per row.
            for (; c + 3 < classCount; c += 4)
            {
                ref float row0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(scores), ((nint)c * anchors) + start);
                Rows512x4(ref row0, anchors, ref bestRef, ref classRef, c, vectorEnd);
                Tail(ref row0, ref bestRef, ref classRef, c, vectorEnd, length);
                Tail(ref Unsafe.Add(ref row0, anchors), ref bestRef, ref classRef, c + 1, vectorEnd, length);
                Tail(ref Unsafe.Add(ref row0, 2 * anchors), ref bestRef, ref classRef, c + 2, vectorEnd, length);
                Tail(ref Unsafe.Add(ref row0, 3 * anchors), ref bestRef, ref classRef, c + 3, vectorEnd, length);
            }
        }

        for (; c < classCount; c++)
        {
            ref float rowRef = ref Unsafe.Add(ref MemoryMarshal.GetReference(scores), ((nint)c * anchors) + start);
            if (Vector512.IsHardwareAccelerated)
            {
                Row512(ref rowRef, ref bestRef, ref classRef, c, vectorEnd);
            }
            else
            {
                Row(ref rowRef, ref bestRef, ref classRef, c, vectorEnd);
            }

            Tail(ref rowRef, ref bestRef, ref classRef, c, vectorEnd, length);
        }
    }

    private static void Tail(ref float rowRef, ref float bestRef, ref int classRef, int c, int from, int length)
    {
        for (int i = from; i < length; i++)
        {
            float v = Unsafe.Add(ref rowRef, i);
            if (v > Unsafe.Add(ref bestRef, i))
            {
                Unsafe.Add(ref bestRef, i) = v;
                Unsafe.Add(ref classRef, i) = c;
            }
        }
    }

    private static void Rows512x4(ref float row0, int stride, ref float bestRef, ref int classRef, int c, int vectorEnd)
    {
        ref float row1 = ref Unsafe.Add(ref row0, stride);
        ref float row2 = ref Unsafe.Add(ref row0, 2 * stride);
        ref float row3 = ref Unsafe.Add(ref row0, 3 * stride);
        var c0 = Vector512.Create(c);
        var c1 = Vector512.Create(c + 1);
        var c2 = Vector512.Create(c + 2);
        var c3 = Vector512.Create(c + 3);
        for (int i = 0; i < vectorEnd; i += Vector512<float>.Count)
        {
            var v0 = Vector512.LoadUnsafe(ref row0, (nuint)i);
            var v1 = Vector512.LoadUnsafe(ref row1, (nuint)i);
            var v2 = Vector512.LoadUnsafe(ref row2, (nuint)i);
            var v3 = Vector512.LoadUnsafe(ref row3, (nuint)i);
            // Strict '>' everywhere keeps the lowest class on ties.
            var g01 = Vector512.GreaterThan(v1, v0);
            var g23 = Vector512.GreaterThan(v3, v2);
            var m01 = Vector512.ConditionalSelect(g01, v1, v0);
            var m23 = Vector512.ConditionalSelect(g23, v3, v2);
            var g = Vector512.GreaterThan(m23, m01);
            var m = Vector512.ConditionalSelect(g, m23, m01);
            var b = Vector512.LoadUnsafe(ref bestRef, (nuint)i);
            var better = Vector512.GreaterThan(m, b);
            if (better.ExtractMostSignificantBits() != 0)
            {
                var i01 = Vector512.ConditionalSelect(g01.AsInt32(), c1, c0);
                var i23 = Vector512.ConditionalSelect(g23.AsInt32(), c3, c2);
                var idx = Vector512.ConditionalSelect(g.AsInt32(), i23, i01);
                Vector512.ConditionalSelect(better, m, b).StoreUnsafe(ref bestRef, (nuint)i);
                Vector512.ConditionalSelect(better.AsInt32(), idx, Vector512.LoadUnsafe(ref classRef, (nuint)i)).StoreUnsafe(ref classRef, (nuint)i);
            }
        }
    }

    private static void Row512(ref float rowRef, ref float bestRef, ref int classRef, int c, int vectorEnd)
    {
        var classVector = Vector512.Create(c);
        for (int i = 0; i < vectorEnd; i += Vector512<float>.Count)
        {
            var v = Vector512.LoadUnsafe(ref rowRef, (nuint)i);
            var b = Vector512.LoadUnsafe(ref bestRef, (nuint)i);
            var greater = Vector512.GreaterThan(v, b);
            if (greater.ExtractMostSignificantBits() != 0)
            {
                Vector512.ConditionalSelect(greater, v, b).StoreUnsafe(ref bestRef, (nuint)i);
                Vector512.ConditionalSelect(greater.AsInt32(), classVector, Vector512.LoadUnsafe(ref classRef, (nuint)i)).StoreUnsafe(ref classRef, (nuint)i);
            }
        }
    }

    private static void Row(ref float rowRef, ref float bestRef, ref int classRef, int c, int vectorEnd)
    {
        var classVector = new Vector<int>(c);
        for (int i = 0; i < vectorEnd; i += Vector<float>.Count)
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
    }
}
