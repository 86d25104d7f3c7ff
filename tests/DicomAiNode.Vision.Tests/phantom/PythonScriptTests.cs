using System.Diagnostics;

namespace DicomAiNode.Vision.Tests.Phantom;

/// <summary>
/// The Python unit tests of the phantom generator and of the model evaluation (scripts/tests/test_*.py), so that
/// scripts/test.sh covers the code that produces the model card's numbers.
/// </summary>
public class PythonScriptTests
{
    private const string Python = DebianPython.Executable;
    private const string InstallHint = "apt-get install python3 python3-numpy python3-pydicom python3-scipy (scripts/install-peers.sh)";

    [Fact]
    public void Phantom_generator_and_evaluation_unit_tests_pass()
    {
        Assert.True(File.Exists(Python), $"{Python} is missing: {InstallHint}");
        var root = PhantomStudy.RepositoryRoot();
        var (importCode, importOutput) = Run(root, "-c", "import numpy, pydicom, scipy.ndimage");
        Assert.True(importCode == 0, $"the Python tests need numpy, pydicom and scipy ({InstallHint}): {importOutput}");

        var (code, output) = Run(root, "-m", "unittest", "discover", "-s", Path.Combine(root, "scripts", "tests"), "-p", "test_*.py", "-v");
        Assert.True(code == 0, $"scripts/tests failed (exit {code}):\n{output}");
        // A discovery that finds nothing also exits 0: the suites must have run.
        Assert.Contains("test_perfect_prediction_scores_sensitivity_1_no_false_positive_and_dice_1", output, StringComparison.Ordinal);
        Assert.Contains("test_every_finding_is_labelled_with_the_voxels_it_reports", output, StringComparison.Ordinal);
    }

    private static (int ExitCode, string Output) Run(string workingDirectory, params string[] arguments)
    {
        var (code, stdout, stderr) = DebianPython.Run(workingDirectory, arguments);
        return (code, stdout + stderr);
    }
}
