namespace DicomAiNode.Dicom.Tests.Imaging;

/// <summary>
/// Finds the shared reference DICOM files: <c>$DICOMAINODE_TESTDATA</c>, else <c>../shared/testdata</c> next to the
/// repository root (the folder holding DicomAiNode.sln), else <c>/work/shared/testdata</c>.
/// </summary>
internal static class ReferenceData
{
    public static string Root { get; } = Locate();

    public static string File(string relativePath)
    {
        string path = Path.Combine(Root, relativePath);
        if (!System.IO.File.Exists(path))
        {
            Assert.Fail($"reference file {path} is missing (set DICOMAINODE_TESTDATA to the shared testdata folder)");
        }

        return path;
    }

    private static string Locate()
    {
        string? configured = Environment.GetEnvironmentVariable("DICOMAINODE_TESTDATA");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(folder.FullName, "DicomAiNode.sln")))
            {
                string beside = Path.GetFullPath(Path.Combine(folder.FullName, "..", "shared", "testdata"));
                if (Directory.Exists(beside))
                {
                    return beside;
                }

                break;
            }
        }

        return "/work/shared/testdata";
    }
}
