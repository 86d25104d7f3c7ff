using DicomAiNode.Cli;
using DicomAiNode.Tests.Support;

namespace DicomAiNode.Tests.Cli;

public sealed class RulesCommandTests
{
    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await new RulesCommand().RunAsync(args, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Check_accepts_the_shipped_configuration()
    {
        using var node = new NodeFolder();
        var (code, output, _) = await RunAsync("check", "--config", node.SettingsPath);
        Assert.Equal(0, code);
        Assert.Contains("1 rules in", output, StringComparison.Ordinal);
        Assert.Contains("rule 'chest-ct-lung' (#0)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_lists_every_problem_with_exit_code_1()
    {
        using var node = new NodeFolder();
        node.Folder.Write("config/rules.json", File.ReadAllText(node.Folder.File("config/rules.json"))
            .Replace("\"^CT$\"", "\"^CT($\"", StringComparison.Ordinal)
            .Replace("\"lung_nodule\",", "\"lung_nodule\", \"unknown_class\",", StringComparison.Ordinal));
        var (code, output, _) = await RunAsync("check", "--config", node.SettingsPath);
        Assert.Equal(1, code);
        Assert.Contains("2 problems:", output, StringComparison.Ordinal);
        Assert.Contains("rules.json: rule 'chest-ct-lung' (#0): match.modality: invalid regular expression", output, StringComparison.Ordinal);
        Assert.Contains("rules.json: rule 'chest-ct-lung' (#0): prompt.classes[1]: 'unknown_class' has no entry", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_shows_which_series_match_and_why_the_others_do_not()
    {
        using var node = new NodeFolder();
        var phantom = await Phantom.GenerateAsync(node.Folder.File("phantoms"), slices: 12);
        var input = node.Folder.File("input");
        Directory.CreateDirectory(input);
        foreach (var f in Directory.GetFiles(phantom, "*.dcm")) File.Copy(f, Path.Combine(input, Path.GetFileName(f)));
        var mr = Path.Combine(Path.GetDirectoryName(Phantom.Python)!, "..", "lib", "python3", "dist-packages", "pydicom", "data", "test_files", "MR_small.dcm");
        if (!File.Exists(mr)) Assert.Fail($"{mr} is missing: apt-get install python3-pydicom");
        File.Copy(mr, Path.Combine(input, "MR_small.dcm"));
        File.WriteAllText(Path.Combine(input, "notes.txt"), "not DICOM");

        var (code, output, err) = await RunAsync("test", input, "--config", node.SettingsPath);
        Assert.True(code == 0, err);
        Assert.Contains("CT | body part 'CHEST'", output, StringComparison.Ordinal);
        Assert.Contains("12 instances | calling AE STORESCU", output, StringComparison.Ordinal);
        Assert.Contains("MATCH    rule 'chest-ct-lung' (#0)", output, StringComparison.Ordinal);
        Assert.Contains("no match rule 'chest-ct-lung' (#0)", output, StringComparison.Ordinal);
        Assert.Contains("Modality 'MR' does not match /^CT$/", output, StringComparison.Ordinal);
        Assert.Contains("skipped: ", output, StringComparison.Ordinal);
        Assert.Contains("2 series, 1 matched by at least one rule", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_without_folder_or_with_missing_folder_is_an_error()
    {
        Assert.Equal(2, (await RunAsync("test")).Code);
        using var node = new NodeFolder();
        var (code, _, err) = await RunAsync("test", node.Folder.File("nowhere"), "--config", node.SettingsPath);
        Assert.Equal(2, code);
        Assert.Contains("does not exist", err, StringComparison.Ordinal);
    }
}
