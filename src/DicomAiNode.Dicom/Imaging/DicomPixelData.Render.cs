using DicomAiNode.Dicom.Data;

namespace DicomAiNode.Dicom.Imaging;

/// <summary>8-bit previews of frames.</summary>
public sealed partial class DicomPixelData
{
    /// <summary>
    /// The <paramref name="index"/>-th VOI transformation of the data set (VOI LUT Sequence item, else Window
    /// Center/Width pair with VOI LUT Function), or null when there is none.
    /// </summary>
    public VoiLut? GetVoiLut(int index = 0) => VoiLutReader.Read(_dataset, index);

    /// <summary>
    /// An 8-bit preview of frame <paramref name="frame"/>: for MONOCHROME1/2 one grey byte per pixel after the Modality
    /// LUT and <paramref name="voi"/> (default: the data set's first VOI, else the frame's value range), MONOCHROME1
    /// inverted; for RGB, YBR_FULL and YBR_FULL_422 three bytes per pixel (R, G, B), samples scaled to 8 bits.
    /// </summary>
    public byte[] Render8Bit(int frame, VoiLut? voi = null)
    {
        var info = Info;
        if (info.IsMonochrome)
        {
            float[] values = GetFrameAsFloat(frame);
            voi ??= GetVoiLut() ?? VoiLut.FromRange(values);
            var grey = new byte[info.PixelsPerFrame];
            voi.ApplyTo8Bit(values, grey, invert: info.IsMonochrome1);
            return grey;
        }

        bool ybr = info.PhotometricInterpretation is PhotometricInterpretations.YbrFull or PhotometricInterpretations.YbrFull422;
        if (info.SamplesPerPixel != 3 || !(ybr || info.PhotometricInterpretation == PhotometricInterpretations.Rgb))
        {
            throw new DicomPixelDataException(
                $"Photometric Interpretation (0028,0004) {info.PhotometricInterpretation} with {info.SamplesPerPixel} samples cannot be rendered");
        }

        int[] samples = GetFrameAs<int>(frame);
        int shift = Math.Max(info.BitsStored - 8, 0);
        var rgb = new byte[samples.Length];
        for (int i = 0; i < samples.Length; i++)
        {
            rgb[i] = (byte)Math.Clamp(samples[i] >> shift, 0, 255);
        }

        if (ybr)
        {
            ColorSpace.YbrFullToRgb(rgb);
        }

        return rgb;
    }
}
