using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.IO;
using DicomAiNode.Rules;
using DicomAiNode.Storage;

namespace DicomAiNode.Processing;

/// <summary>
/// Reads the headers (up to Pixel Data) of a series' spooled instances and checks that they form one volume:
/// same ImageOrientationPatient, PixelSpacing, Rows and Columns, single-frame, distinct positions along the normal.
/// A mixed series is refused with the reason rather than split: the reason goes into the audit log.
/// </summary>
public static class SeriesHeaderReader
{
    private const double OrientationTolerance = 1e-3;
    private const double SpacingTolerance = 1e-3;
    private static readonly DicomReadOptions HeaderOnly = new() { StopAtTag = DicomTag.PixelData };

    public static async Task<SeriesHeaders> ReadAsync(SeriesRecord series, IReadOnlyList<InstanceRecord> instances, string callingAeTitle, CancellationToken cancellationToken)
    {
        if (instances.Count == 0) throw new InvalidOperationException($"series {series.SeriesInstanceUid} has no indexed instances");
        var slices = new List<(InstanceRecord Instance, double Position)>(instances.Count);
        SeriesAttributes? attributes = null;
        double[]? orientation = null;
        double[]? spacing = null;
        int rows = 0, columns = 0;
        string? problem = null;
        foreach (var instance in instances)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var d = (await DicomFile.OpenAsync(instance.Path, HeaderOnly, cancellationToken)).Dataset;
            attributes ??= DicomSeriesScanner.ReadAttributes(d, callingAeTitle) with
            {
                StudyInstanceUid = series.StudyInstanceUid,
                SeriesInstanceUid = series.SeriesInstanceUid,
                InstanceCount = instances.Count,
            };
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
            if (orientation is null)
            {
                (orientation, spacing, rows, columns) = (iop, ps, r, c);
            }
            else if (!Close(orientation, iop, OrientationTolerance))
            {
                problem = $"mixed orientation: {name} has ImageOrientationPatient {Format(iop)}, the first instance {Format(orientation)}";
                continue;
            }
            else if (!Close(spacing!, ps, SpacingTolerance))
            {
                problem = $"mixed pixel spacing: {name} has {Format(ps)} mm, the first instance {Format(spacing!)} mm";
                continue;
            }
            else if (r != rows || c != columns)
            {
                problem = $"mixed size: {name} is {c}x{r}, the first instance {columns}x{rows}";
                continue;
            }
            // PS3.3 C.7.6.2.1.1: the slice normal is row × column direction; the position along it orders the slices.
            double nx = iop[1] * iop[5] - iop[2] * iop[4], ny = iop[2] * iop[3] - iop[0] * iop[5], nz = iop[0] * iop[4] - iop[1] * iop[3];
            slices.Add((instance, ipp[0] * nx + ipp[1] * ny + ipp[2] * nz));
        }
        var ordered = slices.OrderBy(s => s.Position).ToList();
        if (problem is null)
        {
            for (int i = 1; i < ordered.Count; i++)
            {
                if (Math.Abs(ordered[i].Position - ordered[i - 1].Position) < 1e-4)
                {
                    problem = $"instances {ordered[i - 1].Instance.SopInstanceUid} and {ordered[i].Instance.SopInstanceUid} share the position {ordered[i].Position:0.###} mm along the normal";
                    break;
                }
            }
        }
        return new SeriesHeaders(attributes!, problem is null ? ordered.Select(s => s.Instance).ToList() : instances, problem);
    }

    private static bool Close(double[] a, double[] b, double tolerance)
    {
        for (int i = 0; i < a.Length; i++)
        {
            if (Math.Abs(a[i] - b[i]) > tolerance) return false;
        }
        return true;
    }

    private static string Format(double[] values) => string.Join('\\', values.Select(v => v.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)));
}
