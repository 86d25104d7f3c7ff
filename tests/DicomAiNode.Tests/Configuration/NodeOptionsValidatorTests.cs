using DicomAiNode.Configuration;
using DicomAiNode.Tests.Support;

namespace DicomAiNode.Tests.Configuration;

public class NodeOptionsValidatorTests
{
    [Fact]
    public void Built_in_defaults_are_valid_and_listen_on_loopback()
    {
        var options = new NodeOptions();
        Assert.Empty(NodeOptionsValidator.Check(options));
        Assert.Equal("127.0.0.1", options.Node.BindAddress);
        Assert.Equal(11112, options.Node.Port);
        Assert.Equal("AINODE", options.Node.AeTitle);
        Assert.Equal(30, options.StableAgeSeconds);
        Assert.Equal("http://127.0.0.1:11180/", options.Http.Url);
        Assert.False(options.Audit.IncludePatientId);
    }

    [Fact]
    public void Shipped_appsettings_binds_and_is_valid()
    {
        var path = RepositoryPaths.File("appsettings.json");
        var configuration = NodeConfiguration.Build(path);
        var options = NodeConfiguration.Bind(configuration, path);
        Assert.Empty(NodeOptionsValidator.Check(options));
        Assert.Equal(RepositoryPaths.Root, options.BaseDirectory);
        Assert.Equal(Path.Combine(RepositoryPaths.Root, "data", "node.db"), options.DatabasePath);
        Assert.Contains(options.Peers, p => p.AeTitle == "ORTHANC" && p.AllowDestination);
        Assert.Equal(LateInstancePolicy.Rerun, options.LateInstancePolicy);
    }

    [Fact]
    public void Environment_style_overrides_win_over_the_file()
    {
        var path = RepositoryPaths.File("appsettings.json");
        var configuration = NodeConfiguration.Build(path, [new("Node:Port", "4000"), new("LateInstancePolicy", "Ignore")]);
        var options = NodeConfiguration.Bind(configuration, path);
        Assert.Equal(4000, options.Node.Port);
        Assert.Equal(LateInstancePolicy.Ignore, options.LateInstancePolicy);
    }

    [Fact]
    public void Rejects_port_zero_naming_file_section_and_field()
    {
        var options = new NodeOptions { SourceFile = "site.json" };
        options.Node.Port = 0;
        var problem = Assert.Single(NodeOptionsValidator.Check(options));
        Assert.Equal("site.json: Node.Port: must be between 1 and 65535 (is 0)", problem);
    }

    [Fact]
    public void Shipped_retention_purges_done_studies_after_72_hours_and_failed_after_a_week()
    {
        var path = RepositoryPaths.File("appsettings.json");
        var options = NodeConfiguration.Bind(NodeConfiguration.Build(path), path);
        Assert.Equal(TimeSpan.FromHours(72), options.Retention.CompletedStudyAge);
        Assert.Equal(TimeSpan.FromHours(168), options.Retention.FailedStudyAge);
        Assert.Equal(TimeSpan.FromMinutes(10), options.Retention.CheckInterval);
        Assert.Equal(TimeSpan.FromHours(72), new NodeOptions().Retention.CompletedStudyAge);
    }

    [Fact]
    public void Rejects_negative_or_non_numeric_retention_settings_naming_each_field()
    {
        var options = new NodeOptions { SourceFile = "site.json" };
        options.Retention.CompletedStudyHours = -1;
        options.Retention.FailedStudyHours = double.NaN;
        options.Retention.CheckIntervalMinutes = 0;
        options.Retention.MaxStudiesPerCheck = 0;
        options.Retention.StaleTempFileMinutes = -5;
        var problems = NodeOptionsValidator.Check(options);
        Assert.Equal(5, problems.Count);
        Assert.Contains("site.json: Retention.CompletedStudyHours: must be between 0 (keep forever) and 87600 hours (is -1)", problems);
        Assert.Contains(problems, p => p.StartsWith("site.json: Retention.FailedStudyHours: must be between 0 (keep forever)", StringComparison.Ordinal));
        Assert.Contains("site.json: Retention.CheckIntervalMinutes: must be more than 0 and at most 1440 (is 0)", problems);
        Assert.Contains("site.json: Retention.MaxStudiesPerCheck: must be between 1 and 10000 (is 0)", problems);
        Assert.Contains("site.json: Retention.StaleTempFileMinutes: must be between 0 (never) and 10080 (is -5)", problems);
    }

    [Fact]
    public void Zero_retention_hours_are_valid_and_mean_keep_forever()
    {
        var options = new NodeOptions();
        options.Retention.CompletedStudyHours = 0;
        options.Retention.FailedStudyHours = 0;
        Assert.Empty(NodeOptionsValidator.Check(options));
        Assert.Null(options.Retention.CompletedStudyAge);
        Assert.Null(options.Retention.FailedStudyAge);
    }

    [Fact]
    public void Rejects_destination_peer_without_host_and_duplicate_AE()
    {
        var options = new NodeOptions
        {
            Peers =
            [
                new PeerOptions { AeTitle = "PACS", Host = "", Port = 104, AllowDestination = true },
                new PeerOptions { AeTitle = "PACS", Host = "10.0.0.1", Port = 104 },
            ],
        };
        var problems = NodeOptionsValidator.Check(options);
        Assert.Contains(problems, p => p.Contains("Peers[0].Host: is required for peer 'PACS'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Peers[1].AeTitle: 'PACS' is listed twice", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", "must not be empty")]
    [InlineData("THIS_IS_WAY_TOO_LONG", "longer than 16 characters")]
    [InlineData("BAD\\AE", "not allowed in an AE title")]
    public void Rejects_invalid_node_AE_title(string aeTitle, string expected)
    {
        var options = new NodeOptions();
        options.Node.AeTitle = aeTitle;
        var problem = Assert.Single(NodeOptionsValidator.Check(options));
        Assert.StartsWith("appsettings.json: Node.AeTitle: ", problem, StringComparison.Ordinal);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_bind_address_that_is_not_an_IP_and_https_metrics_url()
    {
        var options = new NodeOptions();
        options.Node.BindAddress = "localhost";
        options.Http.Url = "https://127.0.0.1:9000/";
        var problems = NodeOptionsValidator.Check(options);
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("appsettings.json: Node.BindAddress:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("appsettings.json: Http.Url:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://+:11180/", true)]
    [InlineData("http://*:11180/", true)]
    [InlineData("http://0.0.0.0:11180/", false)]
    [InlineData("http://127.0.0.1:11180/metrics", false)]
    public void Metrics_URL_accepts_HttpListener_wildcards_but_not_0_0_0_0_or_a_path(string url, bool valid)
    {
        var options = new NodeOptions();
        options.Http.Url = url;
        Assert.Equal(valid, NodeOptionsValidator.Check(options).Count == 0);
    }

    [Fact]
    public void Named_configuration_file_that_does_not_exist_is_an_error()
    {
        var e = Assert.Throws<FileNotFoundException>(() => NodeConfiguration.Build("/nonexistent/dir/site.json"));
        Assert.Contains("/nonexistent/dir/site.json", e.Message, StringComparison.Ordinal);
    }
}
