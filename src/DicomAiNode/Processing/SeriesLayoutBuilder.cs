using System.Globalization;

using DicomAiNode.Dicom.Data;
using DicomAiNode.Rules;
using DicomAiNode.Storage;

namespace DicomAiNode.Processing;

/// <summary>
/// Sorts the instances of one series into volumes from their headers: instances with the same
/// ImageOrientationPatient, PixelSpacing, Rows and Columns form one stack, ordered along its normal. A mixed series
/// (a localizer among axial images, two reconstructions under one UID) is split into such stacks, each processed on
/// its own; the first difference is the split reason. A stack whose images share a position along the normal is
/// refused, and so is a series with multi-frame images or without geometry. The one implementation of these rules:
/// the node reads its spooled instances through <see cref="SeriesHeaderReader"/>, <c>dicom-ai-node infer</c> its
/// input files through <see cref="Pipeline.DicomSeriesLoader"/>, so both split and refuse alike.
/// </summary>
public sealed class SeriesLayoutBuilder
{
    private const double OrientationTolerance = 1e-3;
    private const double SpacingTolerance = 1e-3;

    private readonly SeriesRecord _series;
    private readonly string _callingAeTitle;
    private readonly List<Stack> _stacks = [];
    private readonly List<InstanceRecord> _instances = [];
    private DicomDataset? _first;
    private string? _problem;
    private string? _split;

    /// <param name="series">The series' study and series UIDs, which the attributes of every stack carry.</param>
    /// <param name="callingAeTitle">The AE the series came from, for rules that match on it (empty for files).</param>
    public SeriesLayoutBuilder(SeriesRecord series, string callingAeTitle)
    {
        _series = series;
        _callingAeTitle = callingAeTitle;
    }

    /// <summary>Adds one instance with its header (at least up to Pixel Data); the header is kept only for a stack's first image.</summary>
    public void Add(InstanceRecord instance, DicomDataset header)
    {
        _instances.Add(instance);
        _first ??= header;
        if (_problem is not null) return;
        string name = $"instance {instance.SopInstanceUid}";
        if (header.GetSingleValueOrDefault(DicomTag.NumberOfFrames, 1) > 1)
        {
            _problem = $"{name} is multi-frame: only single-frame image series are processed";
            return;
        }
        if (!header.TryGetValues<double>(DicomTag.ImageOrientationPatient, out var iop) || iop.Length != 6
            || !header.TryGetValues<double>(DicomTag.ImagePositionPatient, out var ipp) || ipp.Length != 3
            || !header.TryGetValues<double>(DicomTag.PixelSpacing, out var ps) || ps.Length != 2)
        {
            _problem = $"{name} lacks ImageOrientationPatient (0020,0037), ImagePositionPatient (0020,0032) or PixelSpacing (0028,0030)";
            return;
        }
        int r = header.GetSingleValueOrDefault<ushort>(DicomTag.Rows, 0), c = header.GetSingleValueOrDefault<ushort>(DicomTag.Columns, 0);
        var stack = _stacks.Find(s => Close(s.Orientation, iop, OrientationTolerance) && Close(s.Spacing, ps, SpacingTolerance) && s.Rows == r && s.Columns == c);
        if (stack is null)
        {
            if (_stacks.Count > 0 && _split is null) _split = Difference(_stacks[0], name, iop, ps, r, c);
            stack = new Stack(iop, ps, r, c, header);
            _stacks.Add(stack);
        }
        // PS3.3 C.7.6.2.1.1: the slice normal is row × column direction; the position along it orders the slices.
        double nx = iop[1] * iop[5] - iop[2] * iop[4], ny = iop[2] * iop[3] - iop[0] * iop[5], nz = iop[0] * iop[4] - iop[1] * iop[3];
        stack.Slices.Add((instance, ipp[0] * nx + ipp[1] * ny + ipp[2] * nz));
    }

    /// <summary>
    /// The layout of the instances added: one stack when consistent; several, numbered in the order their first
    /// instance was added, when the series is mixed; none with <see cref="SeriesLayout.Problem"/> when it cannot be stacked.
    /// </summary>
    public SeriesLayout Build()
    {
        if (_first is null) throw new InvalidOperationException($"series {_series.SeriesInstanceUid} has no instances");
        var attributes = Attributes(_first, _instances.Count);
        if (_problem is not null)
        {
            return new SeriesLayout(attributes, [], null, _problem);
        }
        if (_stacks.Count == 1)
        {
            var (ordered, duplicate) = Order(_stacks[0]);
            return new SeriesLayout(attributes, [new SeriesHeaders(attributes, duplicate is null ? ordered : _instances, duplicate)], null, null);
        }
        var headers = new List<SeriesHeaders>(_stacks.Count);
        for (int k = 0; k < _stacks.Count; k++)
        {
            var s = _stacks[k];
            var (ordered, duplicate) = Order(s);
            headers.Add(new SeriesHeaders(Attributes(s.First, s.Slices.Count), ordered, duplicate)
            {
                StackKey = $"{Format(s.Orientation)}|{Format(s.Spacing)}|{s.Columns}x{s.Rows}",
                StackDescription = $"stack {k + 1} of {_stacks.Count}: {s.Slices.Count} images {s.Columns}x{s.Rows}, orientation {Format(s.Orientation)}, pixel spacing {Format(s.Spacing)} mm",
            });
        }
        return new SeriesLayout(attributes, headers, _split, null);
    }

    private SeriesAttributes Attributes(DicomDataset first, int count) =>
        DicomSeriesScanner.ReadAttributes(first, _callingAeTitle) with
        {
            StudyInstanceUid = _series.StudyInstanceUid,
            SeriesInstanceUid = _series.SeriesInstanceUid,
            InstanceCount = count,
        };

    private static (List<InstanceRecord> Ordered, string? Duplicate) Order(Stack stack)
    {
        var ordered = stack.Slices.OrderBy(s => s.Position).ToList();
        for (int i = 1; i < ordered.Count; i++)
        {
            if (Math.Abs(ordered[i].Position - ordered[i - 1].Position) < 1e-4)
            {
                return (ordered.Select(s => s.Instance).ToList(),
                    $"instances {ordered[i - 1].Instance.SopInstanceUid} and {ordered[i].Instance.SopInstanceUid} share the position {ordered[i].Position.ToString("0.###", CultureInfo.InvariantCulture)} mm along the normal");
            }
        }
        return (ordered.Select(s => s.Instance).ToList(), null);
    }

    /// <summary>How an instance differs from the first stack, in the words the audit log has always used.</summary>
    private static string Difference(Stack first, string name, double[] iop, double[] ps, int rows, int columns) =>
        !Close(first.Orientation, iop, OrientationTolerance) ? $"mixed orientation: {name} has ImageOrientationPatient {Format(iop)}, the first instance {Format(first.Orientation)}"
        : !Close(first.Spacing, ps, SpacingTolerance) ? $"mixed pixel spacing: {name} has {Format(ps)} mm, the first instance {Format(first.Spacing)} mm"
        : $"mixed size: {name} is {columns}x{rows}, the first instance {first.Columns}x{first.Rows}";

    private static bool Close(double[] a, double[] b, double tolerance)
    {
        for (int i = 0; i < a.Length; i++)
        {
            if (Math.Abs(a[i] - b[i]) > tolerance) return false;
        }
        return true;
    }

    private static string Format(double[] values) => string.Join('\\', values.Select(v => v.ToString("0.####", CultureInfo.InvariantCulture)));

    private sealed class Stack(double[] orientation, double[] spacing, int rows, int columns, DicomDataset first)
    {
        public double[] Orientation { get; } = orientation;

        public double[] Spacing { get; } = spacing;

        public int Rows { get; } = rows;

        public int Columns { get; } = columns;

        public DicomDataset First { get; } = first;

        public List<(InstanceRecord Instance, double Position)> Slices { get; } = [];
    }
}
