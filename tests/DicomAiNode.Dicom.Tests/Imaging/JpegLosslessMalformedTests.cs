using CsCheck;
using DicomAiNode.Dicom.Imaging;

namespace DicomAiNode.Dicom.Tests.Imaging;

/// <summary>Malformed JPEG Lossless data is reported by a <see cref="DicomPixelDataException"/> naming the problem; never anything else.</summary>
public sealed class JpegLosslessMalformedTests
{
    private static readonly PixelDataInfo Info = JpegLosslessCodecTests.Layout(10, 12, 1, 16);

    private static byte[] Encode(JpegLosslessOptions options, int samples = 1)
    {
        var info = Info with { SamplesPerPixel = samples };
        return JpegLosslessTestEncoder.Encode(JpegLosslessCodecTests.Image(info.Rows, info.Columns, samples, 16, 5), info.Columns, info.Rows, samples, 16, options);
    }

    private static int Find(byte[] data, byte marker, int from = 0) => data.AsSpan(from).IndexOf([(byte)0xFF, marker]) + from;

    private static string Fails(byte[] encoded, PixelDataInfo? info = null, int frame = 0) =>
        Assert.Throws<DicomPixelDataException>(() => JpegLosslessCodec.DecodeFrame(encoded, info ?? Info, frame)).Message;

    [Fact]
    public void Truncated_entropy_coded_data_is_reported_as_truncated()
    {
        byte[] encoded = Encode(new(4));
        int sos = Find(encoded, 0xDA);
        string message = Fails(encoded[..((sos + encoded.Length) / 2)], frame: 7);
        Assert.StartsWith("JPEG Lossless frame 7:", message, StringComparison.Ordinal);
        Assert.Contains("truncated", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Huffman_code_that_is_not_in_the_table_is_reported()
    {
        byte[] encoded = Encode(new(1));
        int sos = Find(encoded, 0xDA);
        encoded[sos + 2 + encoded[sos + 3]] = 0xF8; // 11111: the flat table uses only the 5-bit codes 0–16
        Assert.Contains("is not in table 1", Fails(encoded), StringComparison.Ordinal);
    }

    [Fact]
    public void Frame_header_that_disagrees_with_the_data_set_names_the_attribute()
    {
        byte[] encoded = Encode(new(1));
        Assert.Contains("Columns (0028,0011) × Rows (0028,0010) is 12×11", Fails(encoded, Info with { Rows = 11 }), StringComparison.Ordinal);
        Assert.Contains("Samples per Pixel (0028,0002) is 3", Fails(encoded, Info with { SamplesPerPixel = 3, PhotometricInterpretation = "RGB" }), StringComparison.Ordinal);
        Assert.Contains("sample precision 16 does not fit Bits Allocated (0028,0100) = 8", Fails(encoded, Info with { BitsAllocated = 8, BitsStored = 8, HighBit = 7 }), StringComparison.Ordinal);
    }

    [Fact]
    public void Markers_out_of_place_or_of_other_JPEG_processes_are_named()
    {
        byte[] encoded = Encode(new(1));
        Assert.Contains("SOI", Fails(encoded[2..]), StringComparison.Ordinal);
        Assert.Contains("declares 138 bytes but only 10 remain (truncated)", Fails(encoded[..(Find(encoded, 0xC4) + 12)]), StringComparison.Ordinal);

        byte[] baseline = (byte[])encoded.Clone();
        baseline[Find(baseline, 0xC3) + 1] = 0xC0;
        Assert.Contains("baseline DCT (SOF0), not the lossless Huffman process 14", Fails(baseline), StringComparison.Ordinal);

        byte[] arithmetic = (byte[])encoded.Clone();
        arithmetic[Find(arithmetic, 0xC3) + 1] = 0xCB;
        Assert.Contains("arithmetic coding", Fails(arithmetic), StringComparison.Ordinal);

        byte[] noMarker = (byte[])encoded.Clone();
        noMarker[Find(noMarker, 0xC4)] = 0x12;
        Assert.Contains("where a marker was expected", Fails(noMarker), StringComparison.Ordinal);

        byte[] scanFirst = (byte[])encoded.Clone();
        scanFirst[Find(scanFirst, 0xC3) + 1] = 0xE5; // the frame header becomes an APP5 segment
        Assert.Contains("before the SOF3 frame header", Fails(scanFirst), StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_header_errors_are_named()
    {
        byte[] encoded = Encode(new(1));
        int sos = Find(encoded, 0xDA);

        byte[] noTable = (byte[])encoded.Clone();
        noTable[sos + 6] = 0x40;
        Assert.Contains("Huffman table 4 for component 1, which no DHT segment defined", Fails(noTable), StringComparison.Ordinal);

        byte[] predictor = (byte[])encoded.Clone();
        predictor[sos + 7] = 0;
        Assert.Contains("selection value 0 is not a lossless predictor", Fails(predictor), StringComparison.Ordinal);

        byte[] component = (byte[])encoded.Clone();
        component[sos + 5] = 9;
        Assert.Contains("component 9, which the frame header does not declare", Fails(component), StringComparison.Ordinal);

        byte[] twice = Encode(new(1, SeparateScans: true), 3);
        twice[Find(twice, 0xDA, Find(twice, 0xDA) + 2) + 5] = 1;
        Assert.Contains("component 1 is coded in more than one scan", Fails(twice, Info with { SamplesPerPixel = 3, PhotometricInterpretation = "RGB" }), StringComparison.Ordinal);

        byte[] oneScan = Encode(new(1, SeparateScans: true), 3);
        oneScan = [.. oneScan[..Find(oneScan, 0xDA, Find(oneScan, 0xDA) + 2)], 0xFF, 0xD9];
        Assert.Contains("before component 2 was coded", Fails(oneScan, Info with { SamplesPerPixel = 3, PhotometricInterpretation = "RGB" }), StringComparison.Ordinal);
    }

    [Fact]
    public void Restart_marker_errors_are_named()
    {
        byte[] encoded = Encode(new(1, RestartInterval: 24));
        byte[] wrongMarker = (byte[])encoded.Clone();
        wrongMarker[Find(wrongMarker, 0xD0) + 1] = 0xD3;
        Assert.Contains("restart interval 0 ends with marker X'FFD3'", Fails(wrongMarker), StringComparison.Ordinal);

        byte[] partLine = (byte[])encoded.Clone();
        partLine[Find(partLine, 0xDD) + 5] = 30;
        Assert.Contains("restart interval 30 is not a whole number of lines of 12 MCUs", Fails(partLine), StringComparison.Ordinal);
    }

    [Fact]
    public void Any_layout_round_trips_through_the_test_encoder()
    {
        Gen.Select(
                Gen.Select(Gen.Int[1, 20], Gen.Int[1, 20], Gen.OneOf(1, 3), Gen.Int[2, 16]),
                Gen.Select(Gen.Int[1, 7], Gen.Int[0, 3], Gen.Int[0, 20], Gen.Int[0, 31]),
                Gen.Int)
            .Sample(
                (layout, coding, seed) =>
                {
                    var (rows, columns, samples, precision) = layout;
                    var (predictor, pt, restartLines, flags) = coding;
                    pt = Math.Min(pt, precision - 1);
                    var info = JpegLosslessCodecTests.Layout(rows, columns, samples, precision, flags & 1);
                    int[] image = JpegLosslessCodecTests.Image(rows, columns, samples, precision, seed);
                    var options = new JpegLosslessOptions(
                        predictor, pt, Math.Min(restartLines, rows) * columns, (flags & 2) != 0, (flags & 4) != 0, (flags & 8) != 0, (flags & 1) == 0, (flags & 16) != 0);
                    byte[] encoded = JpegLosslessTestEncoder.Encode(image, columns, rows, samples, precision, options);
                    Assert.Equal(JpegLosslessCodecTests.Native(image, info, pt), JpegLosslessCodec.DecodeFrame(encoded, info));
                },
                iter: 300);
    }

    [Fact]
    public void Truncated_or_bit_flipped_streams_throw_only_DicomPixelDataException()
    {
        Gen.Select(Gen.Int[1, 12], Gen.Int[1, 7], Gen.Int[0, 15], Gen.Int[0, 3], Gen.Int)
            .Sample(
                (size, predictor, flags, damage, seed) =>
                {
                    int samples = (flags & 1) == 0 ? 1 : 3;
                    var info = JpegLosslessCodecTests.Layout(size + 2, size, samples, 12);
                    int[] image = JpegLosslessCodecTests.Image(info.Rows, size, samples, 12, seed);
                    var options = new JpegLosslessOptions(predictor, 0, (flags & 2) != 0 ? size : 0, (flags & 4) != 0, (flags & 8) != 0, true, (flags & 2) == 0);
                    byte[] encoded = JpegLosslessTestEncoder.Encode(image, size, info.Rows, samples, 12, options);
                    var random = new Random(seed);
                    byte[] damaged = damage == 0 ? encoded[..random.Next(encoded.Length)] : (byte[])encoded.Clone();
                    for (int i = 0; i < damage * 2; i++)
                    {
                        damaged[random.Next(damaged.Length)] ^= (byte)(1 << random.Next(8));
                    }

                    try
                    {
                        JpegLosslessCodec.DecodeFrame(damaged, info);
                    }
                    catch (DicomPixelDataException)
                    {
                        // the only acceptable failure
                    }
                },
                iter: 2000);
    }

    [Fact]
    public void Extra_bytes_after_the_last_sample_of_a_scan_or_restart_interval_are_skipped_not_fatal()
    {
        var options = new JpegLosslessOptions(1, RestartInterval: Info.Columns * 2);
        byte[] clean = Encode(options);
        var expected = JpegLosslessCodec.DecodeFrame(clean, Info);
        // Three stray bytes (one of them a stuffed X'FF') before the first restart marker and before EOI.
        byte[] stray = [0x12, 0xFF, 0x00, 0x34];
        int rst = Find(clean, 0xD0);
        int eoi = Find(clean, 0xD9);
        byte[] padded = [.. clean[..rst], .. stray, .. clean[rst..eoi], .. stray, .. clean[eoi..]];

        Assert.Equal(expected, JpegLosslessCodec.DecodeFrame(padded, Info));
    }
}
