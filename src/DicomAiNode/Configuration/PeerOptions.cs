namespace DicomAiNode.Configuration;

/// <summary>A known DICOM peer (an item of <c>Peers</c>).</summary>
public sealed class PeerOptions
{
    public string AeTitle { get; set; } = "";

    /// <summary>Where results are sent, and (with <see cref="CheckHost"/>) the only address the peer may call from.</summary>
    public string Host { get; set; } = "";

    public int Port { get; set; } = 104;

    /// <summary>The peer may open associations to the node and store instances.</summary>
    public bool AllowSend { get; set; } = true;

    /// <summary>The node may send results to the peer.</summary>
    public bool AllowDestination { get; set; }

    /// <summary>Accept associations from this calling AE only when they come from <see cref="Host"/>.</summary>
    public bool CheckHost { get; set; }

    public override string ToString() => $"{AeTitle}@{Host}:{Port}";
}
