using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using DicomAiNode.Dicom.Imaging;

namespace DicomAiNode.Dicom.Tests.Imaging;

/// <summary>
/// A checksum of decoded stored values both sides can compute: the SHA-256 of every value as little-endian int64 in
/// (frame, row, column, sample) order, plus the sum of the values and of the modality values.
/// </summary>
internal sealed record PixelChecksum(int Frames, long Sum, string Sha256, double ModalitySum)
{
    // pydicom's side of the same checksum, one line per file: path|frames|sum|sha256|modality sum.
    private const string Script = """
import sys, hashlib
import numpy as np
import pydicom
from pydicom.pixel_data_handlers.util import apply_modality_lut
for path in sys.argv[1:]:
    ds = pydicom.dcmread(path)
    arr = ds.pixel_array
    values = arr.astype('<i8').ravel()
    modality = apply_modality_lut(arr, ds).astype('float64').ravel() if ds.SamplesPerPixel == 1 else np.zeros(1)
    print('%s|%d|%d|%s|%.3f' % (path, int(ds.get('NumberOfFrames', 1) or 1), int(values.sum()),
          hashlib.sha256(values.tobytes()).hexdigest(), float(modality.sum())))
""";

    public static PixelChecksum Compute(DicomPixelData pixelData)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long sum = 0;
        double modality = 0;
        var word = new byte[8];
        int frames = pixelData.Info.NumberOfFrames;
        for (int frame = 0; frame < frames; frame++)
        {
            foreach (long value in pixelData.GetFrameAs<long>(frame))
            {
                sum += value;
                BinaryPrimitives.WriteInt64LittleEndian(word, value);
                hash.AppendData(word);
            }

            if (pixelData.Info.SamplesPerPixel == 1)
            {
                foreach (float value in pixelData.GetFrameAsFloat(frame))
                {
                    modality += value;
                }
            }
        }

        return new PixelChecksum(frames, sum, Convert.ToHexStringLower(hash.GetHashAndReset()), modality);
    }

    /// <summary>pydicom's checksums of <paramref name="paths"/>, keyed by path.</summary>
    public static Dictionary<string, PixelChecksum> FromPyDicom(IEnumerable<string> paths) =>
        PyDicomPeer.Run(Script, [.. paths])
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('|'))
            .ToDictionary(
                f => f[0],
                f => new PixelChecksum(
                    int.Parse(f[1], CultureInfo.InvariantCulture),
                    long.Parse(f[2], CultureInfo.InvariantCulture),
                    f[3],
                    double.Parse(f[4], CultureInfo.InvariantCulture)));

    /// <summary>Asserts that our checksum equals pydicom's, naming the file on failure.</summary>
    public void AssertMatches(PixelChecksum pydicom, string name)
    {
        Assert.True(Frames == pydicom.Frames, $"{name}: {Frames} frames, pydicom {pydicom.Frames}");
        Assert.True(Sum == pydicom.Sum, $"{name}: sum of stored values {Sum}, pydicom {pydicom.Sum}");
        Assert.True(Sha256 == pydicom.Sha256, $"{name}: pixel checksum differs from pydicom's");
        if (pydicom.ModalitySum != 0 || ModalitySum != 0)
        {
            Assert.True(
                Math.Abs(pydicom.ModalitySum - ModalitySum) <= 1e-5 * Math.Max(1, Math.Abs(pydicom.ModalitySum)),
                $"{name}: sum of modality values {ModalitySum}, pydicom {pydicom.ModalitySum}");
        }
    }
}
