using DicomAiNode.Dicom.Tests;

namespace DicomAiNode.Tests.Support;

/// <summary>dcmtk's compressors (dcmcjpeg, dcmcjpls), the real peer that writes compressed series for the tests.</summary>
public static class DcmtkCodec
{
    /// <summary>Runs <c>/usr/bin/TOOL [options] input output</c>; fails the test when dcmtk is missing or the tool fails.</summary>
    public static void Compress(string tool, string input, string output, params string[] options)
    {
        string path = "/usr/bin/" + tool;
        if (!File.Exists(path)) Assert.Fail($"dcmtk peer missing: {path} not found. apt-get install dcmtk");
        var (exit, stdout, stderr) = ProcessRunner.Run(path, options.Append(input).Append(output));
        Assert.True(exit == 0, $"{tool} {string.Join(' ', options)} {input} failed: {stdout}{stderr}");
    }
}
