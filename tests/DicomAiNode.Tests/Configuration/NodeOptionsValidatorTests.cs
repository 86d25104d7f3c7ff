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
