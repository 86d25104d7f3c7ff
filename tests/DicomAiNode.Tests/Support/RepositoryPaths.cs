namespace DicomAiNode.Tests.Support;

/// <summary>Locates files of the repository (the folder holding DicomAiNode.sln) from the test's output folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string File(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "DicomAiNode.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"DicomAiNode.sln not found above {AppContext.BaseDirectory}");
    }
}
