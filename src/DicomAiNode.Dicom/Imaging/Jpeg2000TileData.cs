namespace DicomAiNode.Dicom.Imaging;

/// <summary>
/// One tile's coding parameters and packet data. T.800 A.6: tile-part COC &gt; tile-part COD &gt; main COC &gt; main COD,
/// and likewise for QCC/QCD, whatever order the marker segments come in.
/// </summary>
internal sealed class Jpeg2000TileData
{
    private readonly Jpeg2000CodingStyle[] _mainStyles;
    private readonly Jpeg2000Quantization[] _mainQuantizations;
    private readonly Jpeg2000CodingStyle?[] _tileComponentStyles;
    private readonly Jpeg2000Quantization?[] _tileComponentQuantizations;
    private Jpeg2000CodingStyle? _tileCod;
    private Jpeg2000Quantization? _tileQcd;
    private byte[] _data = [];
    private int _length;

    public Jpeg2000TileData(int index, Jpeg2000CodingStyle mainCod, Jpeg2000CodingStyle[] styles, Jpeg2000Quantization[] quantizations)
    {
        Index = index;
        Cod = mainCod;
        _mainStyles = styles;
        _mainQuantizations = quantizations;
        _tileComponentStyles = new Jpeg2000CodingStyle?[styles.Length];
        _tileComponentQuantizations = new Jpeg2000Quantization?[styles.Length];
    }

    public int Index { get; }

    /// <summary>The COD that applies to the tile: progression order, layers, MCT, SOP/EPH.</summary>
    public Jpeg2000CodingStyle Cod { get; private set; }

    public int PartCount { get; private set; }

    public ReadOnlySpan<byte> Data => _data.AsSpan(0, _length);

    /// <summary>The packet data with room to spare, for readers that look past the end.</summary>
    public byte[] Buffer => _data;

    public int Length => _length;

    public Jpeg2000CodingStyle StyleOf(int component)
    {
        if (_tileComponentStyles[component] is { } style)
        {
            return style;
        }
        return _tileCod ?? _mainStyles[component];
    }

    public Jpeg2000Quantization QuantizationOf(int component) =>
        _tileComponentQuantizations[component] ?? _tileQcd ?? _mainQuantizations[component];

    public void SetCodingStyle(Jpeg2000CodingStyle cod)
    {
        _tileCod = cod;
        Cod = cod;
        for (int c = 0; c < _tileComponentStyles.Length; c++)
        {
            // A tile COC read before the tile COD keeps its component part but takes the tile's progression and layers.
            if (_tileComponentStyles[c] is { } style)
            {
                _tileComponentStyles[c] = WithTileWide(style, cod);
            }
        }
    }

    public void SetComponentCodingStyle(int component, ReadOnlySpan<byte> body)
    {
        if (body.Length < 1)
        {
            throw new DicomPixelDataException("COC marker segment is too short");
        }
        _tileComponentStyles[component] = Jpeg2000CodingStyle.ReadComponentPart(body[1..], (body[0] & 1) != 0, Cod);
    }

    public void SetQuantization(Jpeg2000Quantization qcd) => _tileQcd = qcd;

    public void SetComponentQuantization(int component, Jpeg2000Quantization qcc) => _tileComponentQuantizations[component] = qcc;

    public void AddPart(ReadOnlySpan<byte> body)
    {
        PartCount++;
        if (_length + body.Length > _data.Length)
        {
            Array.Resize(ref _data, Math.Max(_length + body.Length, _data.Length * 2));
        }
        body.CopyTo(_data.AsSpan(_length));
        _length += body.Length;
    }

    private static Jpeg2000CodingStyle WithTileWide(Jpeg2000CodingStyle style, Jpeg2000CodingStyle cod) => style with
    {
        ProgressionOrder = cod.ProgressionOrder,
        Layers = cod.Layers,
        MultipleComponentTransform = cod.MultipleComponentTransform,
        StartOfPacketMarkers = cod.StartOfPacketMarkers,
        EndOfPacketHeaderMarkers = cod.EndOfPacketHeaderMarkers,
    };
}
