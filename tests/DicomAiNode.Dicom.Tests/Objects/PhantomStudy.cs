using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.IO;

namespace DicomAiNode.Dicom.Tests.Objects;

/// <summary>
/// A synthetic chest CT written by <c>scripts/phantom/generate_phantom.py</c>, with its ground truth: the finding id of
/// every voxel (labels.npz "instances", k = InstanceNumber − 1) extracted through Debian's numpy.
/// </summary>
internal sealed class PhantomStudy : IDisposable
{
    private PhantomStudy(string root, string folder, List<DicomFile> files, ushort[] labels, int rows, int columns)
    {
        Root = root;
        Folder = folder;
        Files = files;
        Labels = labels;
        Rows = rows;
        Columns = columns;
    }

    public string Root { get; }

    public string Folder { get; }

    /// <summary>The slices in InstanceNumber order.</summary>
    public List<DicomFile> Files { get; }

    public List<DicomDataset> Datasets => Files.Select(f => f.Dataset).ToList();

    /// <summary>labels[k, row, col] flattened: finding id, 0 = none.</summary>
    public ushort[] Labels { get; }

    public int Rows { get; }

    public int Columns { get; }

    public int[] FindingIds => Labels.Where(v => v != 0).Distinct().Order().Select(v => (int)v).ToArray();

    /// <summary>Per slice, the mask of finding <paramref name="id"/> (null where it is absent).</summary>
    public byte[]?[] MasksOf(int id)
    {
        int pixels = Rows * Columns;
        var masks = new byte[]?[Files.Count];
        for (int k = 0; k < masks.Length; k++)
        {
            var slice = Labels.AsSpan(k * pixels, pixels);
            if (!slice.Contains((ushort)id))
            {
                continue;
            }
            var mask = new byte[pixels];
            for (int p = 0; p < pixels; p++)
            {
                mask[p] = slice[p] == id ? (byte)1 : (byte)0;
            }
            masks[k] = mask;
        }
        return masks;
    }

    public static PhantomStudy Generate(int seed, int slices, int size, double thickness)
    {
        var root = TestFiles.TemporaryFolder();
        var script = Path.Combine(TestFiles.RepositoryRoot, "scripts", "phantom", "generate_phantom.py");
        Run([script, "--out", root, "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--slices", slices.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--size", size.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--thickness", thickness.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var folder = Path.Combine(root, $"phantom-{seed}");
        var raw = Path.Combine(root, "labels.raw");
        Run(["-c", "import numpy as np, sys; a = np.load(sys.argv[1])['instances']; a.astype('<u2').tofile(sys.argv[2])",
            Path.Combine(folder, "labels.npz"), raw]);
        var bytes = File.ReadAllBytes(raw);
        var labels = new ushort[bytes.Length / 2];
        Buffer.BlockCopy(bytes, 0, labels, 0, bytes.Length);
        var files = Directory.GetFiles(folder, "*.dcm").Select(p => DicomFile.Open(p))
            .OrderBy(f => f.Dataset.GetValue<int>(DicomTag.InstanceNumber)).ToList();
        return new PhantomStudy(root, folder, files, labels, size, size);
    }

    private static void Run(IEnumerable<string> arguments)
    {
        const string Python = "/usr/bin/python3";
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException("/usr/bin/python3 is missing: apt-get install python3 python3-numpy python3-pydicom");
        }
        var (code, stdout, stderr) = ProcessRunner.Run(Python, arguments, 300);
        if (code != 0)
        {
            throw new InvalidOperationException($"python3 {string.Join(' ', arguments)} failed ({code}); apt-get install python3-numpy python3-pydicom if a module is missing:\n{stdout}\n{stderr}");
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
    }
}
