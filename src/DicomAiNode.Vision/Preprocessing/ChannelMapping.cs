namespace DicomAiNode.Vision.Preprocessing;

/// <summary>
/// How slice values become the three 0…255 input channels (then /255 as Ultralytics). Channel i of the tensor is
/// window i (the model's "RGB" order); one window is replicated, as a grayscale image read by Ultralytics is.
/// </summary>
public sealed class ChannelMapping
{
    private ChannelMapping(ChannelMappingKind kind, IReadOnlyList<WindowPreset> windows, double lowPercentile, double highPercentile)
    {
        Kind = kind;
        Windows = windows;
        LowPercentile = lowPercentile;
        HighPercentile = highPercentile;
    }

    public ChannelMappingKind Kind { get; }

    /// <summary>One or three windows (for <see cref="ChannelMappingKind.Windows"/>).</summary>
    public IReadOnlyList<WindowPreset> Windows { get; }

    public double LowPercentile { get; }

    public double HighPercentile { get; }

    /// <summary>One window replicated to the three channels.</summary>
    public static ChannelMapping Single(WindowPreset window) => new(ChannelMappingKind.Windows, [window], 0, 0);

    /// <summary>Three windows, one per channel.</summary>
    public static ChannelMapping Three(WindowPreset first, WindowPreset second, WindowPreset third) =>
        new(ChannelMappingKind.Windows, [first, second, third], 0, 0);

    /// <summary>From a list of one or three windows.</summary>
    public static ChannelMapping FromWindows(IReadOnlyList<WindowPreset> windows) => windows.Count switch
    {
        1 => Single(windows[0]),
        3 => Three(windows[0], windows[1], windows[2]),
        _ => throw new ArgumentException($"one or three windows are needed, got {windows.Count}", nameof(windows)),
    };

    /// <summary>MR normalisation: the <paramref name="low"/>…<paramref name="high"/> percentiles of the series map to 0…255.</summary>
    public static ChannelMapping Percentile(double low = 0.5, double high = 99.5)
    {
        if (!(low >= 0 && low < high && high <= 100))
        {
            throw new ArgumentException($"percentiles must satisfy 0 ≤ low < high ≤ 100, got {low}, {high}");
        }

        return new(ChannelMappingKind.Percentile, [], low, high);
    }

    /// <summary>The windows to apply to <paramref name="slices"/> (percentiles become one window over the whole series).</summary>
    public IReadOnlyList<WindowPreset> Resolve(IReadOnlyList<Slice> slices) =>
        Kind == ChannelMappingKind.Windows ? Windows : [PercentileWindow.Compute(slices, LowPercentile, HighPercentile)];
}
