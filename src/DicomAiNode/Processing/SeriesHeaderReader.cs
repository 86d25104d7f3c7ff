using System.Globalization;

using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.IO;
using DicomAiNode.Rules;
using DicomAiNode.Storage;

namespace DicomAiNode.Processing;

/// <summary>
/// Reads the headers (up to Pixel Data) of a series' spooled instances and sorts them into volumes: instances with
/// the same ImageOrientationPatient, PixelSpacing, Rows and Columns form one stack, ordered along its normal. A
/// mixed series (a localizer among axial images, two reconstructions under one UID) is split into such stacks,
/// each processed on its own; the first difference is the reason the audit log records. A stack whose images share a
/// position along the normal is refused, and so is a series with multi-frame images or without geometry.
/// </summary>
public static class SeriesHeaderReader
{
    private const double OrientationTolerance = 1e-3;
    private const double SpacingTolerance = 1e-3;
    private static readonly DicomReadOptions HeaderOnly = new() { StopAtTag = DicomTag.PixelData };

    public static async Task<SeriesLayout> ReadAsync(SeriesRecord series, IReadOnlyList<InstanceRecord> instances, string callingAeTitle, CancellationToken cancellationToken)
    {
        if (instances.Count == 0) throw new InvalidOperationException($"series {series.SeriesInstanceUid} has no indexed instances");
        var stacks = new List<Stack>();
        SeriesAttributes? attributes = null;
        string? problem = null, split = null;
        foreach (var instance in instances)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var d = (await DicomFile.OpenAsync(instance.Path, HeaderOnly, cancellationToken)).Dataset;
            attributes ??= Attributes(d, series, callingAeTitle, instances.Count);
            if (problem is not null) continue;
            string name = $"instance {instance.SopInstanceUid}";
            if (d.GetSingleValueOrDefault(DicomTag.NumberOfFrames, 1) > 1)
            {
                problem = $"{name} is multi-frame: only single-frame image series are processed";
                continue;
            }
            if (!d.TryGetValues<double>(DicomTag.ImageOrientationPatient, out var iop) || iop.Length != 6
                || !d.TryGetValues<double>(DicomTag.ImagePositionPatient, out var ipp) || ipp.Length != 3
                || !d.TryGetValues<double>(DicomTag.PixelSpacing, out var ps) || ps.Length != 2)
            {
                problem = $"{name} lacks ImageOrientationPatient (0020,0037), ImagePositionPatient (0020,0032) or PixelSpacing (0028,0030)";
                continue;
            }
            int r = d.GetSingleValueOrDefault<ushort>(DicomTag.Rows, 0), c = d.GetSingleValueOrDefault<ushort>(DicomTag.Columns, 0);
            var stack = stacks.Find(s => Close(s.Orientation, iop, OrientationTolerance) && Close(s.Spacing, ps, SpacingTolerance) && s.Rows == r && s.Columns == c);
            if (stack is null)
            {
                if (stacks.Count > 0 && split is null) split = Difference(stacks[0], name, iop, ps, r, c);
                stack = new Stack(iop, ps, r, c, d);
                stacks.Add(stack);
            }
            // PS3.3 C.7.6.2.1.1: the slice normal is row × column direction; the position along it orders the slices.
            double nx = iop[1] * iop[5] - iop[2] * iop[4], ny = iop[2] * iop[3] - iop[0] * iop[5], nz = iop[0] * iop[4] - iop[1] * iop[3];
            stack.Slices.Add((instance, ipp[0] * nx + ipp[1] * ny + ipp[2] * nz));
        }
        if (problem is not null)
        {
            return new SeriesLayout(attributes!, [], null, problem);
        }
        if (stacks.Count == 1)
        {
            var (ordered, duplicate) = Order(stacks[0]);
            return new SeriesLayout(attributes!, [new SeriesHeaders(attributes!, duplicate is null ? ordered : instances, duplicate)], null, null);
        }
        var headers = new List<SeriesHeaders>(stacks.Count);
        for (int k = 0; k < stacks.Count; k++)
        {
            var s = stacks[k];
            var (ordered, duplicate) = Order(s);
            headers.Add(new SeriesHeaders(Attributes(s.First, series, callingAeTitle, s.Slices.Count), ordered, duplicate)
            {
                StackKey = $"{Format(s.Orientation)}|{Format(s.Spacing)}|{s.Columns}x{s.Rows}",
                StackDescription = $"stack {k + 1} of {stacks.Count}: {s.Slices.Count} images {s.Columns}x{s.Rows}, orientation {Format(s.Orientation)}, pixel spacing {Format(s.Spacing)} mm",
            });
        }
        return new SeriesLayout(attributes!, headers, split, null);
    }

    private static SeriesAttributes Attributes(DicomDataset first, SeriesRecord series, string callingAeTitle, int count) =>
        DicomSeriesScanner.ReadAttributes(first, callingAeTitle) with
        {
            StudyInstanceUid = series.StudyInstanceUid,
            SeriesInstanceUid = series.SeriesInstanceUid,
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
