using DicomAiNode.Cli;
using DicomAiNode.Hosting;
using DicomAiNode.Tests.Support;

using Microsoft.Extensions.Hosting;

namespace DicomAiNode.Tests.Hosting;

public sealed class NodeHostTests
{
    [Fact]
    public async Task Host_starts_creates_the_database_serves_metrics_and_stops_gracefully()
    {
        using var node = new NodeFolder();
        using var host = NodeHost.CreateBuilder(node.SettingsPath).Build();
        await host.StartAsync();
        try
        {
            Assert.True(File.Exists(Path.Combine(node.DataFolder, "node.db")));
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{node.HttpPort}/") };
            var metrics = PrometheusTextParser.Parse(await http.GetStringAsync(new Uri("metrics", UriKind.Relative)));
            Assert.Equal(0, metrics["dicomainode_studies_pending"].Samples.Single(s => s.Labels["state"] == "receiving").Value);
            Assert.Equal(0, metrics["dicomainode_outbox_backlog"].Samples.Single().Value);
            var response = await http.GetAsync(new Uri("health", UriKind.Relative));
            Assert.Contains("\"database\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await host.StopAsync(stop.Token);
        }
        Assert.True(Directory.EnumerateFiles(Path.Combine(node.DataFolder, "logs"), "node-*.json").Any());
    }

    [Fact]
    public async Task Run_stops_with_exit_code_2_naming_a_broken_rules_file()
    {
        using var node = new NodeFolder();
        node.Folder.Write("config/rules.json", File.ReadAllText(node.Folder.File("config/rules.json")).Replace("\"ORTHANC\"]", "\"NOBODY\"]", StringComparison.Ordinal));
        var stderr = new StringWriter();
        int code = await new RunCommand().RunAsync(["--config", node.SettingsPath], new StringWriter(), stderr, CancellationToken.None);
        Assert.Equal(2, code);
        Assert.Contains("rules.json: rule 'chest-ct-lung' (#0): destinations[0]: unknown peer 'NOBODY'", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_stops_with_exit_code_2_naming_an_invalid_setting()
    {
        using var node = new NodeFolder();
        File.WriteAllText(node.SettingsPath, File.ReadAllText(node.SettingsPath).Replace("\"StableAgeSeconds\": 30", "\"StableAgeSeconds\": 0", StringComparison.Ordinal));
        var stderr = new StringWriter();
        int code = await new RunCommand().RunAsync(["--config", node.SettingsPath], new StringWriter(), stderr, CancellationToken.None);
        Assert.Equal(2, code);
        Assert.Contains("appsettings.json: StableAgeSeconds: must be between 1 and 86400 (is 0)", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_stops_on_cancellation_with_exit_code_0()
    {
        using var node = new NodeFolder();
        using var cancel = new CancellationTokenSource();
        var run = new RunCommand().RunAsync(["--config", node.SettingsPath], new StringWriter(), new StringWriter(), cancel.Token);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{node.HttpPort}/") };
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                await http.GetStringAsync(new Uri("metrics", UriKind.Relative));
                break;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }
        cancel.Cancel();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_second_node_on_the_same_data_folder_does_not_start()
    {
        using var node = new NodeFolder();
        using var first = NodeHost.CreateBuilder(node.SettingsPath).Build();
        await first.StartAsync();
        try
        {
            var stderr = new StringWriter();
            int code = await new RunCommand().RunAsync(["--config", node.SettingsPath], new StringWriter(), stderr, CancellationToken.None);
            Assert.Equal(1, code);
            Assert.Contains("is in use by another dicom-ai-node", stderr.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await first.StopAsync();
        }
    }
}
