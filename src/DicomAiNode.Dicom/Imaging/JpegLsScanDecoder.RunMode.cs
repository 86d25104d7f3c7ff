namespace DicomAiNode.Dicom.Imaging;

/// <summary>The run mode of JPEG-LS decoding (ITU-T T.87 A.7): run lengths and run interruption samples.</summary>
internal ref partial struct JpegLsScanDecoder
{
    /// <summary>A.7.1 decoded: runs of the sample to the left, in segments of 2^J[RUNindex], then the interruption.</summary>
    private int DecodeRun(Span<int> previous, Span<int> current, int x, int width)
    {
        int ra = current[x - 1];
        int count = ReadRunLength(width - x + 1, out bool interrupted);
        current.Slice(x, count).Fill(ra);
        int end = x + count;
        if (!interrupted)
        {
            return end;
        }

        current[end] = DecodeInterruption(ra, previous[end], sampleInterleaved: false);
        if (RunIndex > 0)
        {
            RunIndex--;
        }

        return end + 1;
    }

    private int DecodeInterleavedRun(Span<int> previous, Span<int> current, int x, int width, int components)
    {
        int count = ReadRunLength(width - x + 1, out bool interrupted);
        for (int i = x * components, end = (x + count) * components; i < end; i++)
        {
            current[i] = current[i - components];
        }

        int next = x + count;
        if (!interrupted)
        {
            return next;
        }

        int at = next * components;
        int left = at - components;
        for (int c = 0; c < components; c++)
        {
            current[at + c] = DecodeInterruption(current[left + c], previous[at + c], sampleInterleaved: true);
        }

        if (RunIndex > 0)
        {
            RunIndex--;
        }

        return next + 1;
    }

    /// <summary>
    /// A.7.1.2 decoded: the run length (samples equal to Ra, at most <paramref name="remaining"/>), and whether a run
    /// interruption sample follows it. Each 1 bit is a full segment of 2^J[RUNindex] samples (or the rest of the line);
    /// a 0 bit is followed by J[RUNindex] bits of the remaining count and the interruption.
    /// </summary>
    private int ReadRunLength(int remaining, out bool interrupted)
    {
        int count = 0;
        while (true)
        {
            int order = J[RunIndex];
            if (_reader.ReadBit() == 1)
            {
                int segment = 1 << order;
                if (segment > remaining - count)
                {
                    interrupted = false;
                    return remaining;
                }

                count += segment;
                if (RunIndex < 31)
                {
                    RunIndex++;
                }

                if (count == remaining)
                {
                    interrupted = false;
                    return count;
                }
            }
            else
            {
                count += _reader.Read(order);
                if (count >= remaining)
                {
                    throw new DicomPixelDataException(
                        $"run of {count} samples and its interruption sample overrun the {remaining} samples left in the line (T.87 A.7.1)");
                }

                interrupted = true;
                return count;
            }
        }
    }

    /// <summary>
    /// A.7.2 decoded: the run interruption sample. In sample-interleaved scans every component is coded as RItype 0
    /// (predicted from Rb) because some components of the interrupting pixel may equal their Ra.
    /// </summary>
    private int DecodeInterruption(int ra, int rb, bool sampleInterleaved)
    {
        int riType = !sampleInterleaved && Math.Abs(ra - rb) <= _near ? 1 : 0;
        int q = RegularContexts + riType;
        int px = riType == 1 ? ra : rb;
        ref var context = ref _contexts[q];
        int n = context.N;
        long a = context.A;
        int k = GolombParameter(n, riType == 1 ? a + (n >> 1) : a);
        int mapped = DecodeGolomb(k, _limit - J[RunIndex] - 1);

        // A.7.2.2 inverted: EMErrval + RItype = 2·|Errval| - map, and map tells the sign.
        int t = mapped + riType;
        int magnitude = (t + 1) >> 1;
        bool positive = ((t & 1) == 1) == (k == 0 && 2 * context.Nn < n);
        int error = positive ? magnitude : -magnitude;

        // A.7.2.3: update the run interruption context.
        if (error < 0)
        {
            context.Nn++;
        }

        a += (mapped + 1 - riType) >> 1;
        if (n == _reset)
        {
            a >>= 1;
            n >>= 1;
            context.Nn >>= 1;
        }

        context.A = a;
        context.N = n + 1;
        int sign = riType == 0 && ra > rb ? -1 : 1;
        return Reconstruct(px, error * sign);
    }
}
