using System.Net;

namespace DicomAiNode.Dicom.Network;

/// <summary>What both sides agreed on for one association; handed to every service handler.</summary>
public sealed record AssociationInfo
{
    /// <summary>A number unique within this process, for logs and audit.</summary>
    public required long Id { get; init; }

    public required string CallingAETitle { get; init; }

    public required string CalledAETitle { get; init; }

    public EndPoint? RemoteEndPoint { get; init; }

    public required IReadOnlyList<PresentationContext> PresentationContexts { get; init; }

    /// <summary>The largest P-DATA-TF variable field the peer receives (0 = unlimited).</summary>
    public uint PeerMaxPduLength { get; init; }

    public string? PeerImplementationClassUid { get; init; }

    public string? PeerImplementationVersionName { get; init; }

    /// <summary>Operations the requestor may have outstanding (1 = synchronous, 0 = unlimited; PS3.7 D.3.3.3).</summary>
    public int MaxOperationsInvoked { get; init; } = 1;

    public UserIdentity? UserIdentity { get; init; }

    /// <summary>Whether the association runs over DICOM TLS (PS3.15 Annex B).</summary>
    public bool IsSecure { get; init; }

    public PresentationContext? FindContext(byte id)
    {
        foreach (var pc in PresentationContexts)
        {
            if (pc.Id == id)
            {
                return pc;
            }
        }
        return null;
    }
}
