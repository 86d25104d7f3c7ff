using System.Diagnostics;
using System.Globalization;
using DicomAiNode.Pipeline;
using DicomAiNode.Tests.Support;
using DicomAiNode.Dicom.Tests;

namespace DicomAiNode.Tests.Pipeline;

public sealed class SliceConverterTests
{
    [Fact]
    public async Task Phantom_series_becomes_HU_slices_sorted_along_the_normal_as_pydicom_reads_them()
    {
        using var folder = new TempFolder();
        var input = await Phantom.GenerateAsync(folder.File("in"), seed: 12, slices: 6, size: 64, thickness: 3);
        var (series, problems) = DicomSeriesLoader.Load(input);
        var files = Assert.Single(series);
        var s = files.Open(Assert.Single(files.Layout.Stacks));
        Assert.Equal(6, s.Instances.Count);
        Assert.Contains(problems, p => p.Contains("findings.json", StringComparison.Ordinal));
        var slices = SliceConverter.ToSlices(s);

        // Ascending along the normal (+z superior for 1\0\0\0\1\0): the phantom's slice 1 is the most superior, so it comes last.
        Assert.Equal(Enumerable.Range(1, 6).Reverse(), s.Datasets.Select(d => d.GetValue<int>(Dicom.Data.DicomTag.InstanceNumber)));
        Assert.True(slices.Zip(slices.Skip(1)).All(p => p.Second.Location > p.First.Location));
        Assert.All(slices, x => Assert.Equal(3.0, x.Thickness, 6));

        // HU as pydicom computes them: pixel_array * RescaleSlope + RescaleIntercept.
        const string Script = "import sys, pydicom, numpy as np; d = pydicom.dcmread(sys.argv[1]); " +
                              "print(repr(float((d.pixel_array * float(d.RescaleSlope) + float(d.RescaleIntercept)).astype(np.float64).sum())))";
        var psi = new ProcessStartInfo(Phantom.Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-c", Script, s.Instances[0].FilePath! }) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await ProcessExit.WaitAsync(process, TimeSpan.FromSeconds(120), "pydicom");
        Assert.True(process.ExitCode == 0, "pydicom failed: apt-get install python3-pydicom python3-numpy\n" + await process.StandardError.ReadToEndAsync());
        double expected = double.Parse(output.Trim(), CultureInfo.InvariantCulture);
        double actual = 0;
        foreach (var v in slices[0].Pixels.Span) actual += v;
        Assert.Equal(expected, actual, 3);
    }
}
