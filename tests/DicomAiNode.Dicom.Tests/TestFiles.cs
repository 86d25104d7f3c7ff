namespace DicomAiNode.Dicom.Tests;

/// <summary>Where the reference files and peer tools are; a missing one fails the test with the command that installs it.</summary>
internal static class TestFiles
{
    private const string PydicomTestFiles = "/usr/lib/python3/dist-packages/pydicom/data/test_files";
    private const string PydicomCharsetFiles = "/usr/lib/python3/dist-packages/pydicom/data/charset_files";

    /// <summary>The repository root: the folder holding DicomAiNode.sln, found by walking up from the test binaries.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The shared reference data (<c>&lt;root&gt;/../shared/testdata</c>).</summary>
    public static string SharedTestData
    {
        get
        {
            foreach (var candidate in new[] { Path.Combine(RepositoryRoot, "..", "shared", "testdata"), Path.Combine(RepositoryRoot, "..", "..", "shared", "testdata") })
            {
                if (Directory.Exists(candidate))
                {
                    return Path.GetFullPath(candidate);
                }
            }
            throw new InvalidOperationException($"The shared test data folder ../shared/testdata next to {RepositoryRoot} is missing.");
        }
    }

    public static string Pydicom(string name)
    {
        var path = Path.Combine(PydicomTestFiles, name);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} is missing: apt-get install python3-pydicom");
        }
        return path;
    }

    public static string PydicomCharset(string name)
    {
        var path = Path.Combine(PydicomCharsetFiles, name);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} is missing: apt-get install python3-pydicom");
        }
        return path;
    }

    /// <summary>The full path of a peer tool, or a failure that says how to install it.</summary>
    public static string Tool(string name, string package)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':').Append("/usr/bin"))
        {
            var path = Path.Combine(dir, name);
            if (File.Exists(path))
            {
                return path;
            }
        }
        throw new InvalidOperationException($"{name} is not installed: apt-get install {package}");
    }

    public static string TemporaryFolder()
    {
        var path = Path.Combine(Path.GetTempPath(), "dicomainode-tests-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DicomAiNode.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No DicomAiNode.sln above {AppContext.BaseDirectory}.");
    }
}
