using System.Buffers.Binary;

namespace DicomAiNode.Dicom.Imaging;

/// <summary>
/// The parsed headers of a JPEG 2000 codestream (T.800 Annex A): SIZ, the main and tile-part COD/COC/QCD/QCC marker
/// segments, and each tile's packet data (its tile-parts' bodies, concatenated in order). Marker segments that change
/// what a decoder must do and are not implemented (RGN region of interest, POC progression changes, PPM/PPT packed
/// packet headers, CAP/Part 2 extensions) throw <see cref="DicomCodecNotSupportedException"/>.
/// </summary>
internal sealed class Jpeg2000Codestream
{
    private const int Soc = 0xFF4F, Siz = 0xFF51, Cod = 0xFF52, Coc = 0xFF53, Tlm = 0xFF55, Plm = 0xFF57, Plt = 0xFF58;
    private const int Qcd = 0xFF5C, Qcc = 0xFF5D, Rgn = 0xFF5E, Poc = 0xFF5F, Ppm = 0xFF60, Ppt = 0xFF61, Crg = 0xFF63;
    private const int Com = 0xFF64, Sot = 0xFF90, Sod = 0xFF93, Eoc = 0xFFD9;

    public int Width { get; private set; }
    public int Height { get; private set; }
    public int OriginX { get; private set; }
    public int OriginY { get; private set; }
    public int TileWidth { get; private set; }
    public int TileHeight { get; private set; }
    public int TileOriginX { get; private set; }
    public int TileOriginY { get; private set; }
    public int TilesWide { get; private set; }
    public int TilesHigh { get; private set; }
    public int[] Precision { get; private set; } = [];
    public bool[] Signed { get; private set; } = [];
    public int Components => Precision.Length;

    /// <summary>Per tile: coding style and quantization per component, and the packet data.</summary>
    public Jpeg2000TileData[] Tiles { get; private set; } = [];

    public static Jpeg2000Codestream Read(ReadOnlySpan<byte> data)
    {
        var codestream = new Jpeg2000Codestream();
        codestream.Parse(data);
        return codestream;
    }

    private void Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length < 4 || BinaryPrimitives.ReadUInt16BigEndian(data) != Soc)
        {
            throw new DicomPixelDataException("the codestream does not start with the SOC marker FF4F");
        }

        int position = 2;
        Jpeg2000CodingStyle? cod = null;
        Jpeg2000CodingStyle?[] coc = [];
        Jpeg2000Quantization? qcd = null;
        Jpeg2000Quantization?[] qcc = [];
        bool sizRead = false;
        while (true)
        {
            int marker = ReadMarker(data, ref position);
            if (marker == Sot)
            {
                break;
            }
            var body = ReadSegment(data, ref position, marker);
            switch (marker)
            {
                case Siz when !sizRead:
                    ReadSiz(body);
                    sizRead = true;
                    coc = new Jpeg2000CodingStyle?[Components];
                    qcc = new Jpeg2000Quantization?[Components];
                    break;
                case Siz:
                    throw new DicomPixelDataException("the main header holds a second SIZ marker segment");
                case Cod:
                    cod = Jpeg2000CodingStyle.ReadCod(body);
                    break;
                case Coc when sizRead:
                    ReadCoc(body, coc, cod);
                    break;
                case Qcd:
                    qcd = Jpeg2000Quantization.Read(body);
                    break;
                case Qcc when sizRead:
                    ReadQcc(body, qcc);
                    break;
                default:
                    CheckOptionalMarker(marker, sizRead);
                    break;
            }
        }

        if (!sizRead || cod is null || qcd is null)
        {
            throw new DicomPixelDataException("the main header lacks one of the required SIZ, COD and QCD marker segments");
        }

        Tiles = new Jpeg2000TileData[TilesWide * TilesHigh];
        for (int t = 0; t < Tiles.Length; t++)
        {
            var styles = new Jpeg2000CodingStyle[Components];
            var quantizations = new Jpeg2000Quantization[Components];
            for (int c = 0; c < Components; c++)
            {
                styles[c] = coc[c] ?? cod;
                quantizations[c] = qcc[c] ?? qcd;
            }
            Tiles[t] = new Jpeg2000TileData(t, cod, styles, quantizations);
        }

        // Tile-parts: SOT, tile-part header, SOD, packet data up to Psot bytes from the SOT (A.4.2); then EOC.
        position -= 2;
        while (true)
        {
            int start = position;
            int marker = ReadMarker(data, ref position);
            if (marker == Eoc)
            {
                break;
            }
            if (marker != Sot)
            {
                throw new DicomPixelDataException($"expected SOT (FF90) or EOC (FFD9) at byte {start}, found {marker:X4}");
            }
            var sot = ReadSegment(data, ref position, marker);
            if (sot.Length < 8)
            {
                throw new DicomPixelDataException("SOT marker segment is too short");
            }
            int tileIndex = BinaryPrimitives.ReadUInt16BigEndian(sot);
            long length = BinaryPrimitives.ReadUInt32BigEndian(sot[2..]);
            if (tileIndex >= Tiles.Length)
            {
                throw new DicomPixelDataException($"SOT names tile {tileIndex}, the image has {Tiles.Length}");
            }
            var tile = Tiles[tileIndex];
            long end = length == 0 ? data.Length - 2 : start + length;
            if (end > data.Length || end < position)
            {
                // A truncated last tile-part: keep what is there (the packet reader reports data that runs out).
                end = data.Length;
            }

            bool firstPart = tile.PartCount == 0;
            while (true)
            {
                marker = ReadMarker(data, ref position);
                if (marker == Sod)
                {
                    break;
                }
                var body = ReadSegment(data, ref position, marker);
                switch (marker)
                {
                    case Cod when firstPart:
                        tile.SetCodingStyle(Jpeg2000CodingStyle.ReadCod(body));
                        break;
                    case Coc when firstPart:
                        tile.SetComponentCodingStyle(ReadComponentIndex(body, out int used), body[used..]);
                        break;
                    case Qcd when firstPart:
                        tile.SetQuantization(Jpeg2000Quantization.Read(body));
                        break;
                    case Qcc when firstPart:
                        tile.SetComponentQuantization(ReadComponentIndex(body, out used), Jpeg2000Quantization.Read(body[used..]));
                        break;
                    case Cod or Coc or Qcd or Qcc:
                        throw new DicomPixelDataException($"marker {marker:X4} in a tile-part header other than the first of tile {tileIndex}");
                    default:
                        CheckOptionalMarker(marker, true);
                        break;
                }
            }

            if (position > end)
            {
                throw new DicomPixelDataException($"the header of a tile-part of tile {tileIndex} is longer than its Psot");
            }
            tile.AddPart(data[position..(int)end]);
            position = (int)end;
            if (position >= data.Length - 1)
            {
                // No EOC: tolerated, as long as the packets are all there.
                break;
            }
        }
    }

    private int ReadComponentIndex(ReadOnlySpan<byte> body, out int used)
    {
        used = Components < 257 ? 1 : 2;
        if (body.Length < used)
        {
            throw new DicomPixelDataException("COC/QCC marker segment is too short");
        }
        int component = used == 1 ? body[0] : BinaryPrimitives.ReadUInt16BigEndian(body);
        if (component >= Components)
        {
            throw new DicomPixelDataException($"COC/QCC names component {component}, the image has {Components}");
        }
        return component;
    }

    private void ReadCoc(ReadOnlySpan<byte> body, Jpeg2000CodingStyle?[] coc, Jpeg2000CodingStyle? cod)
    {
        if (cod is null)
        {
            throw new DicomPixelDataException("COC before COD in the main header");
        }
        int component = ReadComponentIndex(body, out int used);
        if (body.Length <= used)
        {
            throw new DicomPixelDataException("COC marker segment is too short");
        }
        coc[component] = Jpeg2000CodingStyle.ReadComponentPart(body[(used + 1)..], (body[used] & 1) != 0, cod);
    }

    private void ReadQcc(ReadOnlySpan<byte> body, Jpeg2000Quantization?[] qcc)
    {
        int component = ReadComponentIndex(body, out int used);
        qcc[component] = Jpeg2000Quantization.Read(body[used..]);
    }

    private static void CheckOptionalMarker(int marker, bool sizRead)
    {
        switch (marker)
        {
            case Tlm or Plm or Plt or Crg or Com when sizRead:
                return;
            case Rgn:
                throw new DicomCodecNotSupportedException("JPEG 2000 region of interest (RGN marker) is not supported");
            case Poc:
                throw new DicomCodecNotSupportedException("JPEG 2000 progression order changes (POC marker) are not supported");
            case Ppm or Ppt:
                throw new DicomCodecNotSupportedException("JPEG 2000 packed packet headers (PPM/PPT markers) are not supported");
            case >= 0xFF30 and <= 0xFF3F:
                // A.1.3: markers 0xFF30-0xFF3F have no segment and are to be skipped; ReadSegment rejected them already.
                return;
            default:
                if (!sizRead)
                {
                    throw new DicomPixelDataException($"marker {marker:X4} before SIZ in the main header");
                }
                throw new DicomCodecNotSupportedException($"JPEG 2000 marker {marker:X4} (Part 2 or later extension) is not supported");
        }
    }

    private static int ReadMarker(ReadOnlySpan<byte> data, ref int position)
    {
        if (position + 2 > data.Length)
        {
            throw new DicomPixelDataException("the codestream ends inside a header (no SOT or EOC)");
        }
        int marker = BinaryPrimitives.ReadUInt16BigEndian(data[position..]);
        if ((marker & 0xFF00) != 0xFF00)
        {
            throw new DicomPixelDataException($"expected a marker at byte {position}, found {marker:X4}");
        }
        position += 2;
        return marker;
    }

    private static ReadOnlySpan<byte> ReadSegment(ReadOnlySpan<byte> data, ref int position, int marker)
    {
        if (marker is >= 0xFF30 and <= 0xFF3F)
        {
            return [];
        }
        if (position + 2 > data.Length)
        {
            throw new DicomPixelDataException($"the codestream ends inside marker segment {marker:X4}");
        }
        int length = BinaryPrimitives.ReadUInt16BigEndian(data[position..]);
        if (length < 2 || position + length > data.Length)
        {
            throw new DicomPixelDataException($"marker segment {marker:X4} at byte {position - 2} has length {length}, beyond the end of the codestream");
        }
        var body = data.Slice(position + 2, length - 2);
        position += length;
        return body;
    }

    private void ReadSiz(ReadOnlySpan<byte> body)
    {
        if (body.Length < 36)
        {
            throw new DicomPixelDataException("SIZ marker segment is too short");
        }
        // Rsiz (capabilities) is not checked: Part 2 features are refused where their marker segments or parameters appear.
        long width = BinaryPrimitives.ReadUInt32BigEndian(body[2..]);
        long height = BinaryPrimitives.ReadUInt32BigEndian(body[6..]);
        long originX = BinaryPrimitives.ReadUInt32BigEndian(body[10..]);
        long originY = BinaryPrimitives.ReadUInt32BigEndian(body[14..]);
        long tileWidth = BinaryPrimitives.ReadUInt32BigEndian(body[18..]);
        long tileHeight = BinaryPrimitives.ReadUInt32BigEndian(body[22..]);
        long tileOriginX = BinaryPrimitives.ReadUInt32BigEndian(body[26..]);
        long tileOriginY = BinaryPrimitives.ReadUInt32BigEndian(body[30..]);
        int components = BinaryPrimitives.ReadUInt16BigEndian(body[34..]);
        if (width > int.MaxValue || height > int.MaxValue || originX >= width || originY >= height || tileWidth == 0 || tileHeight == 0 ||
            tileOriginX > originX || tileOriginY > originY || tileOriginX + tileWidth <= originX || tileOriginY + tileHeight <= originY)
        {
            throw new DicomPixelDataException(
                $"SIZ gives an impossible geometry: image {width}x{height} at ({originX},{originY}), tiles {tileWidth}x{tileHeight} at ({tileOriginX},{tileOriginY})");
        }
        if (components == 0 || body.Length < 36 + (3 * components))
        {
            throw new DicomPixelDataException($"SIZ gives {components} components in {body.Length + 2} bytes");
        }

        Width = (int)width;
        Height = (int)height;
        OriginX = (int)originX;
        OriginY = (int)originY;
        TileWidth = (int)Math.Min(tileWidth, int.MaxValue);
        TileHeight = (int)Math.Min(tileHeight, int.MaxValue);
        TileOriginX = (int)tileOriginX;
        TileOriginY = (int)tileOriginY;
        long tilesWide = (width - tileOriginX + tileWidth - 1) / tileWidth;
        long tilesHigh = (height - tileOriginY + tileHeight - 1) / tileHeight;
        if (tilesWide * tilesHigh > 65535)
        {
            throw new DicomPixelDataException($"SIZ gives {tilesWide * tilesHigh} tiles, more than A.4.2 allows");
        }
        TilesWide = (int)tilesWide;
        TilesHigh = (int)tilesHigh;
        Precision = new int[components];
        Signed = new bool[components];
        for (int c = 0; c < components; c++)
        {
            int ssiz = body[36 + (3 * c)];
            Precision[c] = (ssiz & 0x7F) + 1;
            Signed[c] = (ssiz & 0x80) != 0;
            int xr = body[37 + (3 * c)], yr = body[38 + (3 * c)];
            if (xr != 1 || yr != 1)
            {
                throw new DicomCodecNotSupportedException($"JPEG 2000 component sub-sampling ({xr}x{yr} for component {c}) is not supported");
            }
            if (Precision[c] > 16)
            {
                throw new DicomCodecNotSupportedException($"JPEG 2000 component precision {Precision[c]} bits (component {c}) is not supported; at most 16");
            }
        }
    }
}
