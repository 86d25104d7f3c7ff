namespace DicomAiNode.Configuration;

/// <summary>The health and metrics listener (section <c>Http</c>).</summary>
public sealed class HttpOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Base URL (http only); loopback by default.</summary>
    public string Url { get; set; } = "http://127.0.0.1:11180/";
}
