using DicomAiNode.Cli;

namespace DicomAiNode.Tests.Support;

/// <summary>Runs <c>dicom-ai-node infer</c> in this process, capturing its output.</summary>
public static class InferCli
{
    /// <summary>The Vision tests' ONNX fixture (constant outputs, classes 'lung nodule' …): runs the whole path without the trained model.</summary>
    public static string FixtureModel => RepositoryPaths.File("tests/DicomAiNode.Vision.Tests/fixtures/classic-seg.onnx");

    public static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await new InferCommand().RunAsync(args, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
