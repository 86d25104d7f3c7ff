using System.Text.RegularExpressions;
using DicomAiNode.Cli;
using DicomAiNode.Tests.Support;

namespace DicomAiNode.Tests.Observability;

/// <summary>
/// The running node's <c>/metrics</c> over HTTP: it parses as Prometheus text before and after a study, and the
/// counters of every stage move (association, instances, bytes, inference latency, results sent) when a phantom study
/// is sent and its SEG and SR are delivered to a receiver.
/// </summary>
[Collection("network")]
public sealed partial class NodeMetricsEndToEndTests
{
    [Fact]
    public async Task Metrics_parse_and_their_counters_move_when_a_study_is_processed()
    {
        using var input = new TempFolder();
        var study = await PhantomStudy.GenerateAsync(input.Path, seed: 5, slices: 16);
        using var folder = new NodeFolder();
        PhantomStudy.InstallModel(folder);

        // The destination: a bare storage SCP standing in for the shipped ORTHANC peer (Peers[2]).
        var commands = CommandLine.Discover();
        using var stopReceiver = new CancellationTokenSource();
        var receiverOut = new StringWriter();
        var receiver = commands.RunAsync(["receive", "--port", "0", "--out", input.File("received"), "--aet", "ORTHANC"],
            TextWriter.Synchronized(receiverOut), TextWriter.Null, stopReceiver.Token);
        int receiverPort = 0;
        await InProcessNode.WaitUntilAsync(() =>
        {
            var m = ListeningPort().Match(receiverOut.ToString());
            receiverPort = m.Success ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
            return Task.FromResult(receiverPort > 0);
        }, TimeSpan.FromSeconds(10), "the receiver's port");

        await using (var node = await InProcessNode.StartAsync(folder, new Dictionary<string, string?>
        {
            ["StableAgeSeconds"] = "1",
            ["Peers:2:Port"] = receiverPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Outbox:PollSeconds"] = "1",
        }))
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{folder.HttpPort}/"), Timeout = TimeSpan.FromSeconds(10) };
            var before = await ScrapeAsync(http);

            var sendOut = new StringWriter();
            var sendErr = new StringWriter();
            int sent = await commands.RunAsync(["send", $"AINODE@127.0.0.1:{node.Port}", "--aet", "STORESCU", .. study.Files], sendOut, sendErr, CancellationToken.None);
            Assert.True(sent == 0, $"send failed: {sendOut}{sendErr}");

            Dictionary<string, PrometheusTextParser.Family> after = before;
            await InProcessNode.WaitUntilAsync(async () =>
            {
                after = await ScrapeAsync(http);
                return Sum(after, "dicomainode_results_sent_total") >= 2;
            }, TimeSpan.FromSeconds(180), "results_sent_total to reach 2 (SEG and SR delivered)", node.DiagnosticsAsync);

            Assert.Equal(1, Sum(after, "dicomainode_associations_total", ("outcome", "accepted")) - Sum(before, "dicomainode_associations_total", ("outcome", "accepted")));
            Assert.Equal(study.Files.Count, Sum(after, "dicomainode_instances_received_total") - Sum(before, "dicomainode_instances_received_total"));
            long bytes = study.Files.Sum(f => new FileInfo(f).Length);
            double receivedBytes = Sum(after, "dicomainode_received_bytes_total") - Sum(before, "dicomainode_received_bytes_total");
            Assert.InRange(receivedBytes, bytes / 2.0, bytes * 1.5); // data sets without the Part 10 preamble and meta
            Assert.True(Sum(after, "dicomainode_inference_seconds_per_slice_count") > Sum(before, "dicomainode_inference_seconds_per_slice_count"),
                "the inference latency histogram did not record the study");
            Assert.True(Sum(after, "dicomainode_inference_seconds_per_slice_sum") > 0, "inference latency sum is 0");
            Assert.Equal(2, Sum(after, "dicomainode_results_sent_total", ("destination", "ORTHANC")));
            Assert.Equal(0, Sum(after, "dicomainode_failures_total"));
        }

        await stopReceiver.CancelAsync();
        Assert.Equal(0, await receiver.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(2, Directory.GetFiles(input.File("received"), "*.dcm").Length);
    }

    private static async Task<Dictionary<string, PrometheusTextParser.Family>> ScrapeAsync(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("metrics", UriKind.Relative));
        Assert.True(response.IsSuccessStatusCode, $"/metrics answered {(int)response.StatusCode}");
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType ?? "", StringComparison.Ordinal);
        return PrometheusTextParser.Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Sum of the samples named <paramref name="sample"/> (a family name, or a histogram's _count/_sum) with the given labels.</summary>
    private static double Sum(Dictionary<string, PrometheusTextParser.Family> families, string sample, params (string Name, string Value)[] labels) =>
        families.Values.SelectMany(f => f.Samples)
            .Where(s => s.Name == sample && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value))
            .Sum(s => s.Value);

    [GeneratedRegex(@"listening on [^:]+:(\d+)")]
    private static partial Regex ListeningPort();
}
