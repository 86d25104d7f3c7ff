namespace DicomAiNode.Dicom.Tests.Objects;

/// <summary>The standard's validators as peers: dicom3tools' dciodvfy (IOD rules) and pixelmed's DicomSRValidator (SR templates).</summary>
internal static class Validators
{
    public sealed record Report(IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings, string Output);

    /// <summary>dciodvfy writes everything to stderr: the IOD name, then "Error - …" and "Warning - …" lines (seg-sr-facts §5.1).</summary>
    public static Report Dciodvfy(string path)
    {
        var tool = TestFiles.Tool("dciodvfy", "dicom3tools");
        var (_, stdout, stderr) = ProcessRunner.Run(tool, [path]);
        var output = stdout + stderr;
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new Report(lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal)).ToList(),
            lines.Where(l => l.StartsWith("Warning", StringComparison.Ordinal)).ToList(), output);
    }

    /// <summary>
    /// pixelmed's DicomSRValidator, called directly with the XPath limits lifted (its wrapper fails on OpenJDK 17,
    /// seg-sr-facts §5.2). It exits 0 even with errors: errors are the stdout lines starting "Error:".
    /// </summary>
    public static Report DicomSRValidator(string path)
    {
        const string Jar = "/usr/share/java/pixelmed.jar";
        if (!File.Exists(Jar))
        {
            throw new InvalidOperationException($"{Jar} is missing: apt-get install pixelmed-apps");
        }
        var java = TestFiles.Tool("java", "default-jre-headless");
        var (_, stdout, stderr) = ProcessRunner.Run(java,
        [
            "-Djdk.xml.xpathExprGrpLimit=0", "-Djdk.xml.xpathExprOpLimit=0", "-Djdk.xml.xpathTotalOpLimit=0",
            "-cp", Jar, "com.pixelmed.validate.DicomSRValidator", path,
        ], 180);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (!stdout.Contains("Root Template Validation Complete", StringComparison.Ordinal) && !stdout.Contains("IOD validation complete", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"DicomSRValidator did not finish on {path}:\n{stdout}\n{stderr}");
        }
        return new Report(lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal)).ToList(),
            lines.Where(l => l.StartsWith("Warning", StringComparison.Ordinal)).ToList(), stdout);
    }

    /// <summary>With DICOMAINODE_VALIDATOR_LOG set, every report is appended there (to list warnings in docs/conformance.md).</summary>
    public static void Log(string path, Report report)
    {
        if (Environment.GetEnvironmentVariable("DICOMAINODE_VALIDATOR_LOG") is { Length: > 0 } log)
        {
            File.AppendAllText(log, $"== {path}\n{report.Output}\n");
        }
    }

    /// <summary>Asserts dciodvfy reports no error and every warning is one documented in docs/conformance.md.</summary>
    public static Report AssertValid(string path)
    {
        var report = Dciodvfy(path);
        Assert.True(report.Errors.Count == 0, $"dciodvfy {path}:\n{report.Output}");
        Log(path, report);
        return report;
    }
}
