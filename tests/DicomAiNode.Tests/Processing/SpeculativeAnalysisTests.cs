using DicomAiNode.Audit;
using DicomAiNode.Dicom.Network;
using DicomAiNode.Processing;
using DicomAiNode.Tests.Support;

using Microsoft.Extensions.DependencyInjection;

namespace DicomAiNode.Tests.Processing;

/// <summary>
/// Inference:SpeculateAfterSeconds: a quiet series is analysed while its study waits out the stable age, and the
/// ready study takes that analysis only when the instances are exactly the same; results and audit trail are those
/// of a normal run (same SOP Instance UIDs), and an instance arriving after the speculation is never left out.
/// </summary>
public sealed class SpeculativeAnalysisTests
{
    private static async Task<(IReadOnlyList<string> Results, int Slices, int Used)> RunAsync(string[] first, string[]? later, double speculateAfter)
    {
        using var folder = new NodeFolder();
        var model = RepositoryPaths.File("models/phantom-yoloe-seg.onnx");
        if (!File.Exists(model)) Assert.Fail($"{model} is missing: it is trained by scripts/train_phantom_model.py (see models/README.md)");
        File.Copy(model, folder.Folder.File("models/phantom-yoloe-seg.onnx"), overwrite: true);
        await using var node = await InProcessNode.StartAsync(folder, new Dictionary<string, string?>
        {
            ["StableAgeSeconds"] = "5",
            ["Inference:SpeculateAfterSeconds"] = speculateAfter.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Inference:WarmUp"] = "false",
        });
        var client = new DicomClient(new DicomClientOptions { Host = "127.0.0.1", Port = node.Port, CallingAETitle = "STORESCU", CalledAETitle = "AINODE" });
        Assert.All(await client.StoreFilesAsync(first), r => Assert.True(r.Status.IsSuccess, r.Error));
        if (later is not null)
        {
            // Long enough for the speculation on the first instances to start (and, for this small series, to finish).
            await Task.Delay(TimeSpan.FromSeconds(speculateAfter + 2.5));
            Assert.All(await client.StoreFilesAsync(later), r => Assert.True(r.Status.IsSuccess, r.Error));
        }
        AuditEvent? produced = null, inference = null;
        await InProcessNode.WaitUntilAsync(async () =>
        {
            var events = await node.AuditAsync();
            produced = events.LastOrDefault(e => e.Type == AuditEventTypes.ResultsProduced);
            inference = events.LastOrDefault(e => e.Type == AuditEventTypes.Inference);
            return produced is not null;
        }, TimeSpan.FromSeconds(90), "results.produced", node.DiagnosticsAsync);
        var uids = produced!.Details!["sopInstanceUids"]!.AsArray().Select(n => n!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();
        int slices = inference!.Details!["slices"]!.GetValue<int>();
        return (uids, slices, node.Host.Services.GetRequiredService<SpeculativeAnalysis>().Used);
    }

    private static async Task<string[]> PhantomAsync(TempFolder input) =>
        Directory.GetFiles(await Phantom.GenerateAsync(input.Path, seed: 21, slices: 14, size: 64), "*.dcm").Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task A_quiet_series_is_analysed_before_the_study_is_ready_and_gives_the_same_results_as_without_speculation()
    {
        using var input = new TempFolder();
        var files = await PhantomAsync(input);

        var speculated = await RunAsync(files, null, speculateAfter: 1);
        var plain = await RunAsync(files, null, speculateAfter: 0);

        Assert.Equal(1, speculated.Used);
        Assert.Equal(0, plain.Used);
        Assert.NotEmpty(plain.Results);
        Assert.Equal(plain.Results, speculated.Results);
        Assert.Equal(14, speculated.Slices);
    }

    [Fact]
    public async Task Instances_arriving_after_a_speculation_are_analysed_with_the_rest()
    {
        using var input = new TempFolder();
        var files = await PhantomAsync(input);

        var late = await RunAsync(files[..11], files[11..], speculateAfter: 1);
        var plain = await RunAsync(files, null, speculateAfter: 0);

        Assert.Equal(14, late.Slices); // not the 11 of the first speculation
        Assert.Equal(plain.Results, late.Results);
    }
}
