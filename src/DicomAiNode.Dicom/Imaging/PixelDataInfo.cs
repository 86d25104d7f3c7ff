namespace DicomAiNode.Dicom.Imaging;

/// <summary>
/// The Image Pixel Module attributes (PS3.3 C.7.6.3) that describe how pixel data is laid out, plus Number of Frames.
/// </summary>
/// <param name="Rows">Rows (0028,0010).</param>
/// <param name="Columns">Columns (0028,0011).</param>
/// <param name="SamplesPerPixel">Samples per Pixel (0028,0002): 1 for grayscale, 3 for colour.</param>
/// <param name="BitsAllocated">Bits Allocated (0028,0100): 1 or a multiple of 8 (PS3.5 8.1.1).</param>
/// <param name="BitsStored">Bits Stored (0028,0101).</param>
/// <param name="HighBit">High Bit (0028,0102), normally BitsStored - 1.</param>
/// <param name="PixelRepresentation">Pixel Representation (0028,0103): 0 unsigned, 1 two's complement.</param>
/// <param name="PlanarConfiguration">Planar Configuration (0028,0006): 0 colour-by-pixel, 1 colour-by-plane.</param>
/// <param name="PhotometricInterpretation">Photometric Interpretation (0028,0004), e.g. MONOCHROME2, RGB, YBR_FULL.</param>
/// <param name="NumberOfFrames">Number of Frames (0028,0008), 1 when absent.</param>
public sealed partial record PixelDataInfo(
    int Rows,
    int Columns,
    int SamplesPerPixel,
    int BitsAllocated,
    int BitsStored,
    int HighBit,
    int PixelRepresentation,
    int PlanarConfiguration,
    string PhotometricInterpretation,
    int NumberOfFrames)
{
    /// <summary>True for two's complement samples (Pixel Representation 1).</summary>
    public bool IsSigned => PixelRepresentation == 1;

    /// <summary>True when the samples of a frame are stored colour-by-plane (Planar Configuration 1).</summary>
    public bool IsPlanar => SamplesPerPixel > 1 && PlanarConfiguration == 1;

    /// <summary>Pixels in one frame.</summary>
    public int PixelsPerFrame => Rows * Columns;

    /// <summary>Samples in one frame (pixels × samples per pixel).</summary>
    public int SamplesPerFrame => Rows * Columns * SamplesPerPixel;

    /// <summary>Bytes per sample (0 for single-bit data, where 8 samples share one byte).</summary>
    public int BytesPerSample => BitsAllocated / 8;

    /// <summary>
    /// True for YBR_FULL_422 with 3 samples: native data stores Y1 Y2 Cb Cr for each pair of pixels of a row
    /// (PS3.3 C.7.6.3.1.2), so a frame holds 2 samples per pixel, not 3.
    /// </summary>
    public bool IsHorizontallySubsampled =>
        SamplesPerPixel == 3 && PhotometricInterpretation == PhotometricInterpretations.YbrFull422;

    /// <summary>Samples one frame holds in native pixel data (fewer than <see cref="SamplesPerFrame"/> for YBR_FULL_422).</summary>
    public int StoredSamplesPerFrame => IsHorizontallySubsampled ? Rows * Columns * 2 : SamplesPerFrame;

    /// <summary>Bits one frame occupies in native pixel data.</summary>
    public long BitsPerFrame => (long)StoredSamplesPerFrame * BitsAllocated;

    /// <summary>
    /// Bytes of one frame once extracted: for single-bit data the frame's bits re-aligned to start at bit 0 of byte 0.
    /// </summary>
    public int FrameLength => checked((int)((BitsPerFrame + 7) / 8));

    /// <summary>Bytes all frames occupy in native pixel data, before the even-length padding of PS3.5 7.1.1.</summary>
    public long NativeLength => ((BitsPerFrame * NumberOfFrames) + 7) / 8;

    /// <summary>True for MONOCHROME1, where the minimum sample value is displayed white (PS3.3 C.7.6.3.1.2).</summary>
    public bool IsMonochrome1 => PhotometricInterpretation == PhotometricInterpretations.Monochrome1;

    /// <summary>True for MONOCHROME1 and MONOCHROME2.</summary>
    public bool IsMonochrome =>
        PhotometricInterpretation is PhotometricInterpretations.Monochrome1 or PhotometricInterpretations.Monochrome2;

    /// <summary>
    /// Checks the attributes against PS3.3 C.7.6.3 and PS3.5 8.1.1 and throws <see cref="DicomPixelDataException"/>
    /// naming the attribute at fault.
    /// </summary>
    public PixelDataInfo Validate()
    {
        if (Rows <= 0 || Columns <= 0)
        {
            throw new DicomPixelDataException($"Rows (0028,0010) = {Rows} and Columns (0028,0011) = {Columns} must both be positive");
        }

        if (SamplesPerPixel is < 1 or > 4)
        {
            throw new DicomPixelDataException($"Samples per Pixel (0028,0002) = {SamplesPerPixel} is not 1, 3 or 4");
        }

        if (BitsAllocated != 1 && (BitsAllocated is < 8 or > 64 || BitsAllocated % 8 != 0))
        {
            throw new DicomPixelDataException(
                $"Bits Allocated (0028,0100) = {BitsAllocated}: PS3.5 8.1.1 allows only 1 or a multiple of 8");
        }

        if (BitsAllocated > 32)
        {
            throw new DicomPixelDataException(
                $"Bits Allocated (0028,0100) = {BitsAllocated}: integer pixel data over 32 bits is not supported");
        }

        if (BitsStored < 1 || BitsStored > BitsAllocated)
        {
            throw new DicomPixelDataException(
                $"Bits Stored (0028,0101) = {BitsStored} must lie between 1 and Bits Allocated (0028,0100) = {BitsAllocated}");
        }

        if (HighBit < BitsStored - 1 || HighBit >= BitsAllocated)
        {
            throw new DicomPixelDataException(
                $"High Bit (0028,0102) = {HighBit} must lie between Bits Stored - 1 = {BitsStored - 1} and Bits Allocated - 1 = {BitsAllocated - 1}");
        }

        if (PixelRepresentation is not (0 or 1))
        {
            throw new DicomPixelDataException($"Pixel Representation (0028,0103) = {PixelRepresentation} is neither 0 nor 1");
        }

        if (SamplesPerPixel > 1 && PlanarConfiguration is not (0 or 1))
        {
            throw new DicomPixelDataException($"Planar Configuration (0028,0006) = {PlanarConfiguration} is neither 0 nor 1");
        }

        if (IsHorizontallySubsampled && (Columns % 2 != 0 || PlanarConfiguration != 0))
        {
            throw new DicomPixelDataException(
                $"YBR_FULL_422 needs an even Columns (0028,0011) (is {Columns}) and Planar Configuration 0 (is {PlanarConfiguration}), PS3.3 C.7.6.3.1.2");
        }

        if (NumberOfFrames < 1)
        {
            throw new DicomPixelDataException($"Number of Frames (0028,0008) = {NumberOfFrames} must be at least 1");
        }

        if ((long)Rows * Columns * SamplesPerPixel * BitsAllocated / 8 > int.MaxValue)
        {
            throw new DicomPixelDataException($"one frame of {Rows}×{Columns}×{SamplesPerPixel} samples exceeds 2 GiB");
        }

        return this;
    }
}
