using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace DicomAiNode.Dicom.Imaging;

/// <summary>
/// Decodes one JPEG-LS scan line by line (ITU-T T.87 Annex B for the interleave modes, D.4 for restart intervals) and
/// writes each decoded line into the native frame, where <see cref="PixelDataInfo"/> puts it.
/// </summary>
internal readonly ref struct JpegLsScan
{
    private readonly PixelDataInfo _info;
    private readonly Span<byte> _destination;
    private readonly int _precision;
    private readonly int _restartInterval;

    public JpegLsScan(PixelDataInfo info, Span<byte> destination, int precision, int restartInterval)
    {
        _info = info;
        _destination = destination;
        _precision = precision;
        _restartInterval = restartInterval;
    }

    /// <summary>
    /// Decodes the scan whose entropy-coded data starts at <paramref name="start"/> and returns where the marker after it starts.
    /// </summary>
    /// <param name="data">The encoded image.</param>
    /// <param name="start">The first byte after the SOS segment.</param>
    /// <param name="parameters">The scan's coding parameters.</param>
    /// <param name="components">Indexes (in frame order) of the scan's components.</param>
    /// <param name="interleave">ILV: 0 (one component), 1 (line-interleaved) or 2 (sample-interleaved).</param>
    public int Decode(ReadOnlySpan<byte> data, int start, JpegLsParameters parameters, ReadOnlySpan<int> components, int interleave)
    {
        int count = components.Length;
        int lineLength = _info.Columns + 2;
        int linesLength = 2 * count * lineLength;
        sbyte[] quantized = ArrayPool<sbyte>.Shared.Rent((2 * parameters.MaxValue) + 1);
        int[] lines = ArrayPool<int>.Shared.Rent(linesLength);
        Span<JpegLsContext> contexts = stackalloc JpegLsContext[JpegLsScanDecoder.ContextCount];
        Span<int> runIndexes = stackalloc int[count];
        try
        {
            var all = lines.AsSpan(0, linesLength);
            all.Clear(); // A.2.1: the line above the first line is all zeros
            var decoder = new JpegLsScanDecoder(parameters, data, quantized, contexts);
            decoder.StartSegment(start);
            for (int row = 0, restart = 0; row < _info.Rows; row++)
            {
                if (_restartInterval > 0 && row > 0 && row % _restartInterval == 0)
                {
                    Restart(data, ref decoder, restart++ % 8, row);
                    all.Clear();
                    runIndexes.Clear();
                }

                bool odd = (row & 1) == 1;
                if (interleave == 2)
                {
                    var first = all[..(count * lineLength)];
                    var second = all[(count * lineLength)..];
                    var current = odd ? first : second;
                    decoder.DecodeInterleavedLine(odd ? second : first, current, count);
                    for (int i = 0; i < count; i++)
                    {
                        WriteLine(current, count + i, count, components[i], row);
                    }

                    continue;
                }

                for (int i = 0; i < count; i++)
                {
                    var first = all.Slice(2 * i * lineLength, lineLength);
                    var second = all.Slice(((2 * i) + 1) * lineLength, lineLength);
                    var current = odd ? first : second;

                    // B.2: line-interleaved components share the contexts but each keeps its own RUNindex.
                    decoder.RunIndex = runIndexes[i];
                    decoder.DecodeLine(odd ? second : first, current);
                    runIndexes[i] = decoder.RunIndex;
                    WriteLine(current, 1, 1, components[i], row);
                }
            }

            if (decoder.IsOverrun)
            {
                throw new DicomPixelDataException("the scan's entropy-coded data ends before its last sample (truncated)");
            }

            return decoder.SegmentEnd;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(lines);
            ArrayPool<sbyte>.Shared.Return(quantized);
        }
    }

    /// <summary>D.4: at the end of a restart interval comes RSTm (m counting modulo 8); coding starts afresh after it.</summary>
    private static void Restart(ReadOnlySpan<byte> data, ref JpegLsScanDecoder decoder, int expected, int row)
    {
        if (decoder.IsOverrun)
        {
            throw new DicomPixelDataException($"the restart interval before line {row} ends before its last sample (truncated)");
        }

        int position = decoder.SegmentEnd;
        int marker = JpegLsMarkers.Read(data, ref position);
        if (marker != JpegLsMarkers.Rst0 + expected)
        {
            throw new DicomPixelDataException($"expected restart marker RST{expected} before line {row}, found FF{marker:X2} (T.87 D.4)");
        }

        decoder.StartSegment(position);
        decoder.ResetContexts();
    }

    /// <summary>
    /// Writes one decoded line of frame component <paramref name="component"/> (sample x at
    /// <paramref name="first"/> + x·<paramref name="stride"/>) into the native frame, sign-extending signed samples.
    /// </summary>
    private void WriteLine(ReadOnlySpan<int> line, int first, int stride, int component, int row)
    {
        int columns = _info.Columns;
        int step = _info.IsPlanar ? 1 : _info.SamplesPerPixel;
        int target = _info.IsPlanar ? ((component * _info.Rows) + row) * columns : (row * columns * step) + component;
        int shift = _info.IsSigned ? 32 - _precision : 0;
        var samples = line.Slice(first, ((columns - 1) * stride) + 1);
        if (_info.BitsAllocated == 8)
        {
            var output = _destination.Slice(target, ((columns - 1) * step) + 1);
            for (int x = 0, i = 0, o = 0; x < columns; x++, i += stride, o += step)
            {
                output[o] = (byte)((samples[i] << shift) >> shift);
            }

            return;
        }

        var bytes = _destination.Slice(2 * target, 2 * (((columns - 1) * step) + 1));
        if (BitConverter.IsLittleEndian)
        {
            var words = MemoryMarshal.Cast<byte, ushort>(bytes);
            for (int x = 0, i = 0, o = 0; x < columns; x++, i += stride, o += step)
            {
                words[o] = (ushort)((samples[i] << shift) >> shift);
            }

            return;
        }

        for (int x = 0, i = 0, o = 0; x < columns; x++, i += stride, o += 2 * step)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes[o..], (ushort)((samples[i] << shift) >> shift));
        }
    }
}
