namespace DicomAiNode.Dicom.Imaging;

/// <summary>
/// Decodes one tile: packets in the tile's progression order (T.800 B.12), packet headers and bodies (B.10), code-blocks
/// (Annex D), dequantization (Annex E) and the inverse wavelet transformation (Annex F). The component transform and
/// DC level shift (Annex G) are left to the caller, which sees all components.
/// </summary>
internal sealed class Jpeg2000TileDecoder(Jpeg2000CodeBlockDecoder blockDecoder)
{
    private const int SopMarker = 0xFF91, EphMarker = 0xFF92;
    private readonly List<(Jpeg2000CodeBlock Block, int Length)> _contributions = [];

    public Jpeg2000TileComponent[] Decode(Jpeg2000Codestream codestream, Jpeg2000TileData tile)
    {
        int p = tile.Index % codestream.TilesWide, q = tile.Index / codestream.TilesWide;
        int x0 = (int)Math.Max(codestream.TileOriginX + ((long)p * codestream.TileWidth), codestream.OriginX);
        int y0 = (int)Math.Max(codestream.TileOriginY + ((long)q * codestream.TileHeight), codestream.OriginY);
        int x1 = (int)Math.Min(codestream.TileOriginX + ((long)(p + 1) * codestream.TileWidth), codestream.Width);
        int y1 = (int)Math.Min(codestream.TileOriginY + ((long)(q + 1) * codestream.TileHeight), codestream.Height);
        var components = new Jpeg2000TileComponent[codestream.Components];
        for (int c = 0; c < components.Length; c++)
        {
            components[c] = new Jpeg2000TileComponent(x0, y0, x1, y1, codestream.Precision[c], tile.StyleOf(c), tile.QuantizationOf(c));
        }

        ReadPackets(tile, components);

        foreach (var component in components)
        {
            Reconstruct(component);
        }
        return components;
    }

    private void ReadPackets(Jpeg2000TileData tile, Jpeg2000TileComponent[] components)
    {
        var order = Jpeg2000Progression.Packets(tile.Cod, components);
        byte[] data = tile.Buffer;
        int end = tile.Length;
        int position = 0;
        foreach (var packet in order)
        {
            if (position >= end)
            {
                // A codestream may legitimately stop early (truncated layers): the remaining packets are absent.
                break;
            }
            var resolution = components[packet.Component].Resolutions[packet.Resolution];
            position = ReadPacket(tile.Cod, components[packet.Component].Style, data, position, end, packet.Layer, resolution.Precincts[packet.Precinct]);
        }
    }

    private int ReadPacket(Jpeg2000CodingStyle cod, Jpeg2000CodingStyle style, byte[] data, int position, int end, int layer, Jpeg2000PrecinctBand[] precinct)
    {
        if (cod.StartOfPacketMarkers && position + 6 <= end && ((data[position] << 8) | data[position + 1]) == SopMarker)
        {
            position += 6;
        }

        var reader = new Jpeg2000PacketBitReader(data, position, end);
        _contributions.Clear();
        if (reader.ReadBit() != 0)
        {
            foreach (var band in precinct)
            {
                int wide = band.Blocks.Length == 0 ? 0 : band.Inclusion.Width;
                for (int i = 0; i < band.Blocks.Length; i++)
                {
                    ReadCodeBlockHeader(ref reader, band, band.Blocks[i], i % wide, i / wide, layer, style.CodeBlockStyle);
                }
            }
        }
        reader.AlignToByte();
        position = reader.Position;
        if (cod.EndOfPacketHeaderMarkers)
        {
            if (position + 2 > end || ((data[position] << 8) | data[position + 1]) != EphMarker)
            {
                throw new DicomPixelDataException($"a packet header at byte {position} of the tile lacks its EPH marker");
            }
            position += 2;
        }

        foreach (var (block, length) in _contributions)
        {
            if (length > end - position)
            {
                throw new DicomPixelDataException($"a packet announces {length} bytes of code-block data at byte {position}, the tile has {end - position} left");
            }
            block.Append(data.AsSpan(position, length));
            position += length;
        }
        return position;
    }

    private void ReadCodeBlockHeader(ref Jpeg2000PacketBitReader reader, Jpeg2000PrecinctBand band, Jpeg2000CodeBlock block, int x, int y, int layer, int style)
    {
        bool included = block.Included ? reader.ReadBit() != 0 : band.Inclusion.Decode(ref reader, x, y, layer + 1);
        if (!included)
        {
            return;
        }
        if (!block.Included)
        {
            // B.10.5: the number of missing most significant bitplanes, by the second tag tree.
            int threshold = 1;
            while (!band.ZeroBitplanes.Decode(ref reader, x, y, threshold))
            {
                if (++threshold > 40)
                {
                    throw new DicomPixelDataException("a code-block claims more than 40 missing bitplanes");
                }
            }
            block.ZeroBitplanes = band.ZeroBitplanes.ValueOf(x, y);
            block.Included = true;
        }

        int passes = ReadPassCount(ref reader);
        while (reader.ReadBit() != 0)
        {
            // B.10.7.1: Lblock grows by one per 1-bit.
            if (++block.LengthBits > 28)
            {
                throw new DicomPixelDataException("a code-block's length indicator (Lblock) exceeds 28 bits");
            }
        }

        long total = 0;
        while (passes > 0)
        {
            // B.10.7.2: one length per codeword segment the new passes touch.
            int start = block.Passes;
            bool continuing = block.Segments.Count > 0 && block.Segments[^1].Passes < SegmentCapacity(style, start - block.Segments[^1].Passes);
            int room = continuing ? SegmentCapacity(style, start - block.Segments[^1].Passes) - block.Segments[^1].Passes : SegmentCapacity(style, start);
            int take = Math.Min(passes, room);
            int bits = block.LengthBits + FloorLog2(take);
            if (bits > 30)
            {
                throw new DicomPixelDataException($"a code-block length of {bits} bits is announced; no tile holds that much data");
            }
            int length = reader.ReadBits(bits);
            if (continuing)
            {
                var last = block.Segments[^1];
                if ((long)last.Length + length > int.MaxValue)
                {
                    throw new DicomPixelDataException("a codeword segment grows beyond 2 GiB");
                }
                block.Segments[^1] = (last.Passes + take, last.Length + length);
            }
            else
            {
                block.Segments.Add((take, length));
            }
            block.Passes += take;
            passes -= take;
            total += length;
        }
        if (block.Passes > 164)
        {
            throw new DicomPixelDataException($"a code-block has {block.Passes} coding passes, more than 164");
        }
        if (total > int.MaxValue)
        {
            throw new DicomPixelDataException("a packet announces more than 2 GiB of code-block data");
        }
        _contributions.Add((block, (int)total));
    }

    // D.4.1 and Table D.8: how many passes a codeword segment starting at pass 'start' may hold.
    private static int SegmentCapacity(int style, int start)
    {
        if ((style & Jpeg2000CodingStyle.TerminateEachPass) != 0)
        {
            return 1;
        }
        if ((style & Jpeg2000CodingStyle.SelectiveBypass) != 0)
        {
            return start < 10 ? 10 - start : start % 3 == 1 ? 2 : 1;
        }
        return int.MaxValue;
    }

    private static int FloorLog2(int value) => 31 - int.LeadingZeroCount(value);

    // Table B.4: codewords for the number of coding passes.
    private static int ReadPassCount(ref Jpeg2000PacketBitReader reader)
    {
        if (reader.ReadBit() == 0)
        {
            return 1;
        }
        if (reader.ReadBit() == 0)
        {
            return 2;
        }
        int value = reader.ReadBits(2);
        if (value < 3)
        {
            return 3 + value;
        }
        value = reader.ReadBits(5);
        return value < 31 ? 6 + value : 37 + reader.ReadBits(7);
    }

    private void Reconstruct(Jpeg2000TileComponent component)
    {
        int stride = component.Width;
        var coefficients = new int[stride * component.Height];
        var style = component.Style;
        foreach (var resolution in component.Resolutions)
        {
            foreach (var precinct in resolution.Precincts)
            {
                for (int b = 0; b < precinct.Length; b++)
                {
                    var band = resolution.Bands[b];
                    foreach (var block in precinct[b].Blocks)
                    {
                        int offset = ((band.OffsetY + block.Y0 - band.Y0) * stride) + band.OffsetX + block.X0 - band.X0;
                        blockDecoder.Decode(block, band.Orientation, band.MagnitudeBitplanes, style.CodeBlockStyle, coefficients.AsSpan(offset), stride);
                    }
                }
            }
        }

        if (style.Reversible)
        {
            // E.1.1.2 with r = 1/2 on the doubled magnitudes; exact integers when every bitplane was decoded.
            for (int i = 0; i < coefficients.Length; i++)
            {
                coefficients[i] /= 2;
            }
            Jpeg2000Wavelet.InverseReversible(coefficients, stride, component.Resolutions);
            component.Integers = coefficients;
            return;
        }

        var values = new float[coefficients.Length];
        foreach (var resolution in component.Resolutions)
        {
            foreach (var band in resolution.Bands)
            {
                float step = band.StepSize / 2;
                for (int y = band.OffsetY; y < band.OffsetY + band.Y1 - band.Y0; y++)
                {
                    for (int x = band.OffsetX; x < band.OffsetX + band.X1 - band.X0; x++)
                    {
                        values[(y * stride) + x] = coefficients[(y * stride) + x] * step;
                    }
                }
            }
        }
        Jpeg2000Wavelet.InverseIrreversible(values, stride, component.Resolutions);
        component.Floats = values;
    }
}
