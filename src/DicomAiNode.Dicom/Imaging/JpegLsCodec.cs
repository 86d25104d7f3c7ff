using System.Buffers;
using System.Buffers.Binary;

namespace DicomAiNode.Dicom.Imaging;

/// <summary>
/// JPEG-LS decoding (ITU-T T.87 | ISO/IEC 14495-1) for the transfer syntaxes JPEG-LS Lossless (1.2.840.10008.1.2.4.80)
/// and JPEG-LS Near-Lossless (1.2.840.10008.1.2.4.81), PS3.5 8.2.3 and A.4.3. One encoded frame is one JPEG-LS image:
/// SOI, a SOF55 frame header, optional LSE preset parameters and DRI, one scan per component (ILV 0) or one scan of all
/// components (ILV 1 line-interleaved, ILV 2 sample-interleaved), EOI. Precision 2 to 16 bits, 1 or 3 components,
/// restart markers. Frames handed out are native little-endian frames laid out as the given
/// <see cref="PixelDataInfo"/> says (Bits Allocated 8 or 16, Planar Configuration 0 or 1).
/// </summary>
public static class JpegLsCodec
{
    /// <summary>The transfer syntax UID of JPEG-LS Lossless Image Compression.</summary>
    public const string LosslessTransferSyntaxUid = "1.2.840.10008.1.2.4.80";

    /// <summary>The transfer syntax UID of JPEG-LS Lossy (Near-Lossless) Image Compression.</summary>
    public const string NearLosslessTransferSyntaxUid = "1.2.840.10008.1.2.4.81";

    /// <summary>
    /// Decodes one JPEG-LS frame (the fragments of one frame, concatenated) into <paramref name="destination"/>
    /// (<see cref="PixelDataInfo.FrameLength"/> bytes), colour-by-pixel or colour-by-plane as
    /// <paramref name="info"/>'s Planar Configuration says; signed samples are sign-extended to Bits Allocated.
    /// </summary>
    /// <param name="encoded">The JPEG-LS image, SOI to EOI.</param>
    /// <param name="info">Layout of the decoded frame; the JPEG-LS header must agree with it.</param>
    /// <param name="destination">Receives the native frame.</param>
    /// <param name="frame">Frame number, for error messages only.</param>
    /// <exception cref="DicomPixelDataException">The data is malformed, truncated, or disagrees with <paramref name="info"/>.</exception>
    public static void DecodeFrame(ReadOnlySpan<byte> encoded, PixelDataInfo info, Span<byte> destination, int frame = 0)
    {
        if (destination.Length < info.FrameLength)
        {
            throw new ArgumentException($"destination holds {destination.Length} bytes, a frame needs {info.FrameLength}", nameof(destination));
        }

        try
        {
            if (info.BitsAllocated is not (8 or 16) || info.SamplesPerPixel > 4 || info.IsHorizontallySubsampled)
            {
                throw new DicomPixelDataException(
                    $"JPEG-LS cannot carry Bits Allocated (0028,0100) = {info.BitsAllocated}, Samples per Pixel (0028,0002) = {info.SamplesPerPixel}, " +
                    $"Photometric Interpretation {info.PhotometricInterpretation} here (8 or 16 bits, no subsampling)");
            }

            var image = new JpegLsImage(info, destination);
            image.Decode(encoded);
        }
        catch (DicomPixelDataException e)
        {
            throw new DicomPixelDataException($"JPEG-LS frame {frame}: {e.Message}", e);
        }
    }

    /// <summary>Decodes one JPEG-LS frame into a new array; see <see cref="DecodeFrame(ReadOnlySpan{byte}, PixelDataInfo, Span{byte}, int)"/>.</summary>
    public static byte[] DecodeFrame(ReadOnlySpan<byte> encoded, PixelDataInfo info, int frame = 0)
    {
        var result = new byte[info.FrameLength];
        DecodeFrame(encoded, info, result, frame);
        return result;
    }

    /// <summary>The state of decoding one image: the frame header, preset parameters, and which components are done.</summary>
    private ref struct JpegLsImage
    {
        private const int MaxComponents = 4;

        private readonly PixelDataInfo _info;
        private readonly Span<byte> _destination;
        private int _precision;
        private int _components;
        private readonly byte[] _componentIds = new byte[MaxComponents];
        private readonly bool[] _decoded = new bool[MaxComponents];
        private int _presetMaxValue, _presetT1, _presetT2, _presetT3, _presetReset;
        private int _restartInterval;

        public JpegLsImage(PixelDataInfo info, Span<byte> destination)
        {
            _info = info;
            _destination = destination;
        }

        public void Decode(scoped ReadOnlySpan<byte> data)
        {
            if (data.Length < 2 || data[0] != 0xFF || data[1] != JpegLsMarkers.Soi)
            {
                throw new DicomPixelDataException("the data does not start with the SOI marker FFD8 (T.87 C.1.1)");
            }

            int position = 2;
            while (true)
            {
                if (position >= data.Length && _precision != 0 && AllDecoded())
                {
                    return; // EOI missing after the last scan: the pixels are complete
                }

                int marker = JpegLsMarkers.Read(data, ref position);
                if (marker == JpegLsMarkers.Eoi)
                {
                    break;
                }

                if (marker is >= JpegLsMarkers.Rst0 and <= JpegLsMarkers.Rst7 || marker == JpegLsMarkers.Soi)
                {
                    throw new DicomPixelDataException($"marker FF{marker:X2} at offset {position - 2} outside a scan");
                }

                var segment = JpegLsMarkers.ReadSegment(data, ref position, marker);
                switch (marker)
                {
                    case JpegLsMarkers.Sof55:
                        ReadFrameHeader(segment);
                        break;
                    case JpegLsMarkers.Lse:
                        ReadPresetParameters(segment);
                        break;
                    case JpegLsMarkers.Dri:
                        ReadRestartInterval(segment);
                        break;
                    case JpegLsMarkers.Sos:
                        position = DecodeScan(data, segment, position);
                        break;
                    case JpegLsMarkers.App8 when segment.Length >= 5 && segment[..4].SequenceEqual("mrfx"u8) && segment[4] != 0:
                        throw new DicomPixelDataException(
                            $"APP8 'mrfx' asks for colour transform {segment[4]} (an HP extension outside T.87), which is not supported");
                    case JpegLsMarkers.Dnl:
                    case JpegLsMarkers.Com:
                    case >= JpegLsMarkers.App0 and <= JpegLsMarkers.App15:
                        break; // application data, comments: nothing the pixels depend on
                    case >= 0xC0 and <= 0xCF:
                        throw new DicomPixelDataException($"frame header SOF{marker - 0xC0} (FF{marker:X2}) is not JPEG-LS (SOF55, FFF7, T.87 C.2.2)");
                    default:
                        throw new DicomPixelDataException($"unexpected marker FF{marker:X2} before offset {position} (T.87 Annex C)");
                }
            }

            if (_precision == 0 || !AllDecoded())
            {
                throw new DicomPixelDataException("EOI reached before every component was decoded (a scan is missing)");
            }
        }

        private readonly bool AllDecoded()
        {
            foreach (bool done in _decoded.AsSpan(0, _components))
            {
                if (!done)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>T.87 C.2.2: SOF55 — P, Y, X, Nf, then Ci, Hi/Vi, Tqi per component.</summary>
        private void ReadFrameHeader(scoped ReadOnlySpan<byte> segment)
        {
            if (_precision != 0)
            {
                throw new DicomPixelDataException("a second SOF55 frame header (one frame per image, T.87 C.1.1)");
            }

            if (segment.Length < 6 || segment.Length != 6 + (3 * segment[5]))
            {
                throw new DicomPixelDataException($"SOF55 segment of {segment.Length + 2} bytes does not match its component count (T.87 C.2.2)");
            }

            int precision = segment[0];
            int rows = BinaryPrimitives.ReadUInt16BigEndian(segment[1..]);
            int columns = BinaryPrimitives.ReadUInt16BigEndian(segment[3..]);
            int components = segment[5];
            if (precision is < 2 or > 16)
            {
                throw new DicomPixelDataException($"precision P = {precision} lies outside 2..16 (T.87 C.2.2)");
            }

            if (precision > _info.BitsAllocated || precision < _info.BitsStored)
            {
                throw new DicomPixelDataException(
                    $"precision P = {precision} does not fit Bits Stored (0028,0101) = {_info.BitsStored} .. Bits Allocated (0028,0100) = {_info.BitsAllocated}");
            }

            if (rows != _info.Rows || columns != _info.Columns)
            {
                throw new DicomPixelDataException(
                    $"the image is {rows} lines of {columns} samples but Rows (0028,0010) = {_info.Rows} and Columns (0028,0011) = {_info.Columns}");
            }

            if (components != _info.SamplesPerPixel)
            {
                throw new DicomPixelDataException($"the image has {components} component(s) but Samples per Pixel (0028,0002) = {_info.SamplesPerPixel}");
            }

            for (int c = 0; c < components; c++)
            {
                byte id = segment[6 + (3 * c)];
                if (_componentIds.AsSpan(0, c).Contains(id))
                {
                    throw new DicomPixelDataException($"component identifier {id} appears twice in SOF55");
                }

                if (segment[7 + (3 * c)] != 0x11)
                {
                    throw new DicomPixelDataException($"component {id} is subsampled (H/V = 0x{segment[7 + (3 * c)]:X2}); only 1×1 is decoded here");
                }

                _componentIds[c] = id;
            }

            _precision = precision;
            _components = components;
        }

        /// <summary>T.87 C.2.4.1: LSE. ID 1 presets MAXVAL, T1, T2, T3, RESET (0 = default); mapping tables are refused.</summary>
        private void ReadPresetParameters(scoped ReadOnlySpan<byte> segment)
        {
            int id = segment.Length > 0 ? segment[0] : -1;
            if (id == 1 && segment.Length == 11)
            {
                _presetMaxValue = BinaryPrimitives.ReadUInt16BigEndian(segment[1..]);
                _presetT1 = BinaryPrimitives.ReadUInt16BigEndian(segment[3..]);
                _presetT2 = BinaryPrimitives.ReadUInt16BigEndian(segment[5..]);
                _presetT3 = BinaryPrimitives.ReadUInt16BigEndian(segment[7..]);
                _presetReset = BinaryPrimitives.ReadUInt16BigEndian(segment[9..]);
                return;
            }

            if (id == 4)
            {
                return; // C.2.4.1.4: oversize X and Y; DICOM sizes fit SOF55, which was checked against Rows and Columns
            }

            throw new DicomPixelDataException(id is 2 or 3
                ? "LSE mapping tables (palettised JPEG-LS, T.87 C.2.4.1.2) are not supported"
                : $"LSE segment with ID {id} and {segment.Length + 2} bytes is invalid (T.87 C.2.4.1)");
        }

        /// <summary>DRI (T.81 B.2.4.4 as T.87 Annex C takes it over): the restart interval in lines (MCUs, T.87 B.4).</summary>
        private void ReadRestartInterval(scoped ReadOnlySpan<byte> segment)
        {
            if (segment.Length is < 1 or > 4)
            {
                throw new DicomPixelDataException($"DRI segment of {segment.Length + 2} bytes is invalid (T.81 B.2.4.4)");
            }

            int interval = 0;
            foreach (byte b in segment)
            {
                interval = (interval << 8) | b;
            }

            _restartInterval = interval;
        }

        /// <summary>T.87 C.2.3: SOS — Ns, (Cs, Tm) per component, NEAR, ILV, Pt — and the scan's entropy-coded data.</summary>
        private readonly int DecodeScan(scoped ReadOnlySpan<byte> data, scoped ReadOnlySpan<byte> segment, int start)
        {
            if (_precision == 0)
            {
                throw new DicomPixelDataException("SOS before the SOF55 frame header (T.87 C.1.1)");
            }

            int count = segment.Length > 0 ? segment[0] : 0;
            if (count < 1 || count > _components || segment.Length != 4 + (2 * count))
            {
                throw new DicomPixelDataException($"SOS segment of {segment.Length + 2} bytes with Ns = {count} is invalid (T.87 C.2.3)");
            }

            Span<int> scanComponents = stackalloc int[MaxComponents];
            for (int i = 0; i < count; i++)
            {
                byte id = segment[1 + (2 * i)];
                int index = _componentIds.AsSpan(0, _components).IndexOf(id);
                if (index < 0 || _decoded[index] || scanComponents[..i].Contains(index))
                {
                    throw new DicomPixelDataException($"SOS names component {id}, which SOF55 lacks or an earlier scan decoded");
                }

                if (segment[2 + (2 * i)] != 0)
                {
                    throw new DicomPixelDataException($"component {id} uses mapping table {segment[2 + (2 * i)]} (palettised JPEG-LS is not supported)");
                }

                scanComponents[i] = index;
            }

            int near = segment[1 + (2 * count)];
            int interleave = segment[2 + (2 * count)];
            int pointTransform = segment[3 + (2 * count)];
            if (interleave > 2 || (count > 1 && interleave == 0))
            {
                throw new DicomPixelDataException($"interleave mode ILV = {interleave} is invalid for {count} component(s) in the scan (T.87 C.2.3)");
            }

            if (pointTransform != 0)
            {
                throw new DicomPixelDataException($"point transform Pt = {pointTransform} is not supported (T.87 C.2.3)");
            }

            var parameters = JpegLsParameters.Resolve(
                _precision, near, _presetMaxValue, _presetT1, _presetT2, _presetT3, _presetReset);
            var scan = new JpegLsScan(_info, _destination, _precision, _restartInterval);
            int end = scan.Decode(data, start, parameters, scanComponents[..count], count == 1 ? 0 : interleave);
            foreach (int index in scanComponents[..count])
            {
                _decoded[index] = true;
            }

            return end;
        }
    }
}
