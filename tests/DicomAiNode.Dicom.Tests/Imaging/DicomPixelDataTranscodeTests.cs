using System.Diagnostics;
using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.Imaging;
using DicomAiNode.Dicom.IO;

namespace DicomAiNode.Dicom.Tests.Imaging;

/// <summary>Native ↔ RLE transcoding, checked by reading back with us, pydicom and dcmtk's dcmdrle.</summary>
public sealed class DicomPixelDataTranscodeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dan-pixel-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static PixelChecksum Checksum(string path) => PixelChecksum.Compute(DicomPixelData.Create(DicomFile.Open(path)));

    private static void RunDcmdrle(string input, string output)
    {
        const string tool = "/usr/bin/dcmdrle";
        if (!File.Exists(tool))
        {
            Assert.Fail("dcmtk peer missing: apt-get install dcmtk (dcmdrle decodes RLE Lossless)");
        }

        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(input);
        start.ArgumentList.Add(output);
        using var process = Process.Start(start)!;
        string errors = process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "dcmdrle did not finish in 60 s");
        Assert.True(process.ExitCode == 0, $"dcmdrle rejected {input}: {errors}");
    }

    [Fact]
    public void Native_files_encoded_to_RLE_decode_to_the_same_pixels_with_us_pydicom_and_dcmtk()
    {
        string[] sources =
        [
            ReferenceData.File("dcm_qa_ts/1.dcm"),             // 16-bit MR
            ReferenceData.File("dcm_qa_12bit/12bitSigned_0x0F0F.dcm"),
            PyDicomPeer.TestFile("CT_small.dcm"),
            PyDicomPeer.TestFile("rtdose.dcm"),                // 32-bit, 15 frames
            PyDicomPeer.TestFile("SC_rgb_rle_2frame.dcm"),     // colour: RLE -> native -> RLE
        ];
        var encodedPaths = new List<string>();
        var originals = new Dictionary<string, PixelChecksum>();
        foreach (string source in sources)
        {
            var file = DicomFile.Open(source);
            var original = PixelChecksum.Compute(DicomPixelData.Create(file));
            var native = DicomPixelData.Transcode(file, DicomTransferSyntax.ExplicitVRLittleEndian);
            var rle = DicomPixelData.Transcode(native, DicomTransferSyntax.RLELossless);
            string path = Path.Combine(_folder, Path.GetFileNameWithoutExtension(source) + ".rle.dcm");
            rle.Save(path);
            encodedPaths.Add(path);
            originals[path] = original;

            var reread = DicomFile.Open(path);
            Assert.Equal(DicomTransferSyntax.RLELossless, reread.TransferSyntax);
            var pixelData = DicomPixelData.Create(reread);
            Assert.True(pixelData.IsEncapsulated);
            if (pixelData.Info.SamplesPerPixel > 1)
            {
                Assert.Equal(1, reread.Dataset.GetValue<int>(DicomTag.PlanarConfiguration)); // PS3.5 G.2 note
            }

            Assert.Equal(original, PixelChecksum.Compute(pixelData));

            string decoded = path + ".dcmdrle.dcm";
            RunDcmdrle(path, decoded);
            Assert.Equal(original, Checksum(decoded));
        }

        // The stored values pydicom reads from our RLE files are those of the originals (pydicom does not mask the
        // bits above Bits Stored, so the 12-bit file is compared after our masking: its sums would differ).
        var pydicom = PixelChecksum.FromPyDicom(encodedPaths.Where(p => !p.Contains("12bit", StringComparison.Ordinal)));
        foreach (var (path, checksum) in pydicom)
        {
            originals[path].AssertMatches(checksum, Path.GetFileName(path));
        }
    }

    [Fact]
    public void RLE_file_decoded_to_native_equals_the_uncompressed_original()
    {
        var rle = DicomFile.Open(ReferenceData.File("dcm_qa_ts/4.dcm"));
        string path = Path.Combine(_folder, "4.native.dcm");
        DicomPixelData.Transcode(rle, DicomTransferSyntax.ExplicitVRLittleEndian).Save(path);
        var native = DicomFile.Open(path);
        Assert.Equal(DicomTransferSyntax.ExplicitVRLittleEndian, native.TransferSyntax);
        Assert.IsType<DicomElement>(native.Dataset.GetItem(DicomTag.PixelData));
        Assert.Equal(
            DicomPixelData.Create(DicomFile.Open(ReferenceData.File("dcm_qa_ts/1.dcm"))).GetFrame(0),
            DicomPixelData.Create(native).GetFrame(0));
    }

    [Fact]
    public void Big_endian_files_we_write_keep_their_pixels_for_us_and_pydicom()
    {
        // rtdose_rle.dcm itself cannot be used: its SOP Class UID is written with VR UN, which our writer refuses to
        // put into the file meta information; RLE 32-bit input is made from rtdose.dcm instead.
        (string Source, bool ViaRle)[] sources =
        [
            (PyDicomPeer.TestFile("rtdose.dcm"), false),         // 32-bit, implicit VR little endian
            (PyDicomPeer.TestFile("rtdose.dcm"), true),          // 32-bit RLE
            (PyDicomPeer.TestFile("MR_small_RLE.dcm"), false),   // 16-bit RLE
            (PyDicomPeer.TestFile("SC_rgb_rle_16bit.dcm"), false),
        ];
        var written = new Dictionary<string, PixelChecksum>();
        foreach (var (source, viaRle) in sources)
        {
            var file = DicomFile.Open(source);
            var original = PixelChecksum.Compute(DicomPixelData.Create(file));
            if (viaRle)
            {
                file = DicomPixelData.Transcode(file, DicomTransferSyntax.RLELossless);
            }

            string stem = Path.GetFileNameWithoutExtension(source) + (viaRle ? "-rle" : string.Empty);
            string path = Path.Combine(_folder, stem + ".be.dcm");
            DicomPixelData.Transcode(file, DicomTransferSyntax.ExplicitVRBigEndian).Save(path);
            var reread = DicomFile.Open(path);
            Assert.Equal(DicomTransferSyntax.ExplicitVRBigEndian, reread.TransferSyntax);
            Assert.Equal(original, PixelChecksum.Compute(DicomPixelData.Create(reread)));

            string back = Path.Combine(_folder, stem + ".le.dcm");
            DicomPixelData.Transcode(reread, DicomTransferSyntax.ExplicitVRLittleEndian).Save(back);
            Assert.Equal(original, Checksum(back));
            written[path] = original;
            written[back] = original;
        }

        foreach (var (path, checksum) in PixelChecksum.FromPyDicom(written.Keys))
        {
            written[path].AssertMatches(checksum, Path.GetFileName(path));
        }
    }

    [Fact]
    public void Decoding_to_native_keeps_frames_encoded_until_the_value_is_read()
    {
        var file = DicomFile.Open(PyDicomPeer.TestFile("SC_rgb_rle_2frame.dcm"));
        byte[][] expected = [DicomPixelData.Create(file).GetFrame(0), DicomPixelData.Create(file).GetFrame(1)];
        DicomPixelData.ToNative(file.Dataset, file.TransferSyntax);
        var element = Assert.IsType<DicomElement>(file.Dataset.GetItem(DicomTag.PixelData));
        Assert.True(element.Buffer.IsLazy);
        Assert.Equal(expected[0].Length * 2, element.Buffer.Length);

        var whole = new byte[element.Buffer.Length];
        using (var stream = element.Buffer.OpenRead())
        {
            int read = 0;
            while (read < whole.Length)
            {
                int n = stream.Read(whole, read, Math.Min(1000, whole.Length - read)); // chunks that straddle frames
                Assert.True(n > 0, "stream ended early");
                read += n;
            }
        }

        Assert.Equal([.. expected[0], .. expected[1]], whole);
        var middle = new byte[100];
        element.Buffer.CopyTo(expected[0].Length - 50, middle);
        Assert.Equal(whole.AsSpan(expected[0].Length - 50, 100).ToArray(), middle);
        Assert.Equal(whole, element.Buffer.Data.ToArray());
    }

    [Fact]
    public void Broken_RLE_data_is_reported_when_transcoding_not_when_writing()
    {
        var file = DicomFile.Open(ReferenceData.File("dcm_qa_ts/4.dcm"));
        var fragments = (DicomFragmentSequence)file.Dataset.GetItem(DicomTag.PixelData)!;
        byte[] truncated = fragments.Fragments[0].Data[..200].ToArray();
        file.Dataset.AddOrUpdate(new DicomFragmentSequence(DicomTag.PixelData, DicomVR.OB, [], [new MemoryDicomBuffer(truncated)]));
        var error = Assert.Throws<DicomPixelDataException>(() => DicomPixelData.Transcode(file, DicomTransferSyntax.ExplicitVRLittleEndian));
        Assert.Contains("RLE frame 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DicomFile_ChangeTransferSyntax_transcodes_RLE_and_JPEG_Lossless_on_a_copy_and_refuses_other_JPEG()
    {
        var rle = DicomFile.Open(ReferenceData.File("dcm_qa_ts/4.dcm"));
        var native = rle.ChangeTransferSyntax(DicomTransferSyntax.ExplicitVRLittleEndian);
        Assert.IsType<DicomFragmentSequence>(rle.Dataset.GetItem(DicomTag.PixelData)); // the original is untouched
        Assert.Equal(
            DicomPixelData.Create(DicomFile.Open(ReferenceData.File("dcm_qa_ts/1.dcm"))).GetFrame(0),
            DicomPixelData.Create(native).GetFrame(0));
        var back = native.ChangeTransferSyntax(DicomTransferSyntax.RLELossless);
        Assert.IsType<DicomFragmentSequence>(back.Dataset.GetItem(DicomTag.PixelData));
        Assert.Equal(DicomPixelData.Create(native).GetFrame(0), DicomPixelData.Create(back).GetFrame(0));

        var jpegLossless = DicomFile.Open(ReferenceData.File("dcm_qa_ts/5.dcm"));
        var decoded = jpegLossless.ChangeTransferSyntax(DicomTransferSyntax.ExplicitVRLittleEndian);
        Assert.IsType<DicomFragmentSequence>(jpegLossless.Dataset.GetItem(DicomTag.PixelData));
        Assert.Equal(DicomPixelData.Create(native).GetFrame(0), DicomPixelData.Create(decoded).GetFrame(0));

        var jpeg2000 = DicomFile.Open(ReferenceData.File("dcm_qa_ts/9.dcm"));
        Assert.Equal(DicomPixelData.Create(native).GetFrame(0),
            DicomPixelData.Create(jpeg2000.ChangeTransferSyntax(DicomTransferSyntax.ExplicitVRLittleEndian)).GetFrame(0));

        // Decoding is not encoding: nothing is compressed to JPEG, and JPEG baseline/extended is not decoded.
        Assert.Throws<DicomDataException>(() => native.ChangeTransferSyntax(DicomTransferSyntax.JPEGLosslessSV1));
        Assert.Throws<DicomDataException>(() => jpegLossless.ChangeTransferSyntax(DicomTransferSyntax.JPEGLossless));
        Assert.Throws<DicomDataException>(() => jpeg2000.ChangeTransferSyntax(DicomTransferSyntax.JPEGLSLossless));
        var jpegExtended = DicomFile.Open(PyDicomPeer.TestFile("JPEG-lossy.dcm"));
        Assert.Throws<DicomDataException>(() => jpegExtended.ChangeTransferSyntax(DicomTransferSyntax.ExplicitVRLittleEndian));
    }

    [Fact]
    public void Transcoding_to_a_JPEG_syntax_names_it()
    {
        var file = DicomFile.Open(ReferenceData.File("dcm_qa_ts/1.dcm"));
        var error = Assert.Throws<DicomCodecNotSupportedException>(() => DicomPixelData.Transcode(file, DicomTransferSyntax.JPEG2000Lossless));
        Assert.Equal("1.2.840.10008.1.2.4.90", error.TransferSyntaxUid);
        error = Assert.Throws<DicomCodecNotSupportedException>(() => DicomPixelData.Transcode(file, DicomTransferSyntax.JPEGLosslessSV1));
        Assert.Equal("1.2.840.10008.1.2.4.70", error.TransferSyntaxUid); // decoded, but never encoded
    }
}
