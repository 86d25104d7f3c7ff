using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using DicomAiNode.Vision.Preprocessing;

namespace DicomAiNode.Vision.Tests.Phantom;

/// <summary>
/// A phantom CT study from the project's generator (scripts/phantom), as raw HU slices and ground-truth labels,
/// through phantom/phantom_volume.py (this library reads no DICOM).
/// </summary>
internal sealed class PhantomStudy
{
    private PhantomStudy(IReadOnlyList<Slice> slices, ushort[] labels, JsonElement meta)
    {
        Slices = slices;
        Labels = labels;
        Meta = meta;
    }

    public IReadOnlyList<Slice> Slices { get; }

    /// <summary>Finding id per voxel, [slice, row, column].</summary>
    public ushort[] Labels { get; }

    public JsonElement Meta { get; }

    public int Rows => Meta.GetProperty("rows").GetInt32();

    public int Columns => Meta.GetProperty("columns").GetInt32();

    public IEnumerable<JsonElement> Findings => Meta.GetProperty("findings").EnumerateArray();

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DicomAiNode.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException($"no DicomAiNode.sln above {AppContext.BaseDirectory}");
    }

    public static PhantomStudy Generate(int seed, int slices = 40, int size = 256, string extra = "")
    {
        var root = RepositoryRoot();
        var script = Path.Combine(root, "tests", "DicomAiNode.Vision.Tests", "phantom", "phantom_volume.py");
        var outDir = Path.Combine(Path.GetTempPath(), $"dan-vision-phantom-{Environment.ProcessId}-{seed}-{slices}-{size}");
        Directory.CreateDirectory(outDir);
        try
        {
            if (!File.Exists("/usr/bin/python3"))
            {
                Assert.Fail("/usr/bin/python3 is missing: apt-get install python3 python3-numpy python3-pydicom");
            }

            var psi = new ProcessStartInfo("/usr/bin/python3")
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            foreach (var a in new[] { script, "--repo", root, "--out", outDir, "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--slices", slices.ToString(System.Globalization.CultureInfo.InvariantCulture), "--size", size.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            {
                psi.ArgumentList.Add(a);
            }

            foreach (var a in extra.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                psi.ArgumentList.Add(a);
            }

            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0)
            {
                Assert.Fail($"phantom generation failed (exit {p.ExitCode}); needs python3-numpy and python3-pydicom (apt-get install python3-numpy python3-pydicom): {stderr.Result}");
            }

            using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "meta.json")));
            var meta = doc.RootElement.Clone();
            int rows = meta.GetProperty("rows").GetInt32(), cols = meta.GetProperty("columns").GetInt32(), n = meta.GetProperty("slices").GetInt32();
            var volume = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(Path.Combine(outDir, "volume.f32"))).ToArray();
            var labels = MemoryMarshal.Cast<byte, ushort>(File.ReadAllBytes(Path.Combine(outDir, "labels.u16"))).ToArray();
            var locations = meta.GetProperty("locations").EnumerateArray().Select(l => l.GetDouble()).ToArray();
            double rs = meta.GetProperty("row_spacing").GetDouble(), cs = meta.GetProperty("column_spacing").GetDouble();
            double th = meta.GetProperty("thickness").GetDouble();
            int plane = rows * cols;
            var list = Enumerable.Range(0, n)
                .Select(k => new Slice(volume.AsMemory(k * plane, plane), rows, cols, rs, cs, th, locations[k]))
                .ToList();
            return new PhantomStudy(list, labels, meta);
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    /// <summary>The ground-truth mask of finding <paramref name="id"/> on slice <paramref name="k"/> as a frame.</summary>
    public byte[] Mask(int k, int id)
    {
        int plane = Rows * Columns;
        var frame = new byte[plane];
        var labels = Labels.AsSpan(k * plane, plane);
        for (int i = 0; i < plane; i++)
        {
            frame[i] = labels[i] == id ? (byte)1 : (byte)0;
        }

        return frame;
    }
}
