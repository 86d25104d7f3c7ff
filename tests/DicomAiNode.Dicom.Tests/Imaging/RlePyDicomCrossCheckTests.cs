using DicomAiNode.Dicom.Imaging;

namespace DicomAiNode.Dicom.Tests.Imaging;

/// <summary>Our RLE encoder against pydicom's RLE decoder, and pydicom's RLE encoder against our decoder.</summary>
public sealed class RlePyDicomCrossCheckTests : IDisposable
{
    // For each case: decode our frame with pydicom's decoder, and encode the raw frame with pydicom's encoder.
    private const string Script = """
import sys, os
import numpy as np
from pydicom.pixel_data_handlers.rle_handler import _rle_decode_frame, rle_encode_frame
folder = sys.argv[1]
for spec in sys.argv[2:]:
    name, rows, cols, samples, bits = spec.split(':')
    rows, cols, samples, bits = int(rows), int(cols), int(samples), int(bits)
    with open(os.path.join(folder, name + '.rle'), 'rb') as f:
        ours = f.read()
    decoded = _rle_decode_frame(ours, rows, cols, samples, bits)
    with open(os.path.join(folder, name + '.pydicom-decoded'), 'wb') as f:
        f.write(bytes(decoded))
    with open(os.path.join(folder, name + '.raw'), 'rb') as f:
        raw = f.read()
    dtype = {8: '<u1', 16: '<u2', 32: '<u4'}[bits]
    arr = np.frombuffer(raw, dtype=dtype)
    arr = arr.reshape((rows, cols, samples)) if samples > 1 else arr.reshape((rows, cols))
    with open(os.path.join(folder, name + '.pydicom-encoded'), 'wb') as f:
        f.write(rle_encode_frame(arr))
print('ok')
""";

    private readonly string _folder = Directory.CreateTempSubdirectory("dan-rle-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Our_RLE_frames_decode_with_pydicom_and_pydicom_frames_decode_with_ours()
    {
        (string Name, int Rows, int Columns, int Samples, int Bits, int Style)[] cases =
        [
            ("mono8-noise", 64, 129, 1, 8, 0),
            ("mono8-runs", 64, 300, 1, 8, 1),
            ("mono16-short-runs", 40, 50, 1, 16, 2),
            ("mono16-noise", 33, 257, 1, 16, 0),
            ("rgb8-runs", 20, 31, 3, 8, 1),
            ("rgb16-noise", 9, 17, 3, 16, 0),
            ("mono32-runs", 16, 16, 1, 32, 2),
        ];
        var specs = new List<string>();
        var frames = new Dictionary<string, (PixelDataInfo Info, byte[] Frame)>();
        foreach (var c in cases)
        {
            var info = new PixelDataInfo(
                c.Rows, c.Columns, c.Samples, c.Bits, c.Bits, c.Bits - 1, 0, 0,
                c.Samples == 3 ? PhotometricInterpretations.Rgb : PhotometricInterpretations.Monochrome2, 1).Validate();
            byte[] frame = RleCodecTests.MakeFrame(info.FrameLength, c.Style, c.Name.Length);
            File.WriteAllBytes(Path.Combine(_folder, c.Name + ".raw"), frame);
            File.WriteAllBytes(Path.Combine(_folder, c.Name + ".rle"), RleCodec.EncodeFrame(frame, info));
            frames[c.Name] = (info, frame);
            specs.Add($"{c.Name}:{c.Rows}:{c.Columns}:{c.Samples}:{c.Bits}");
        }

        Assert.Equal("ok", PyDicomPeer.Run(Script, [_folder, .. specs]).Trim());

        foreach (var (name, (info, frame)) in frames)
        {
            // pydicom hands back colour-by-plane little-endian bytes.
            var planar = info with { PlanarConfiguration = info.SamplesPerPixel > 1 ? 1 : 0 };
            byte[] expectedPlanar = RleCodec.DecodeFrame(RleCodec.EncodeFrame(frame, info), planar);
            Assert.Equal(expectedPlanar, File.ReadAllBytes(Path.Combine(_folder, name + ".pydicom-decoded")));

            byte[] theirs = File.ReadAllBytes(Path.Combine(_folder, name + ".pydicom-encoded"));
            Assert.Equal(frame, RleCodec.DecodeFrame(theirs, info));
        }
    }
}
