using DicomAiNode.Dicom.IO;
namespace DicomAiNode.Dicom.Network;

/// <summary>Where and how a <see cref="DicomClient"/> connects: one peer, reusable by an outbox.</summary>
public sealed record DicomClientOptions
{
    public required string Host { get; init; }

    public required int Port { get; init; }

    public string CallingAETitle { get; init; } = "DICOMAINODE";

    public required string CalledAETitle { get; init; }

    /// <summary>Maximum Length (51H) announced: the largest P-DATA-TF variable field this SCU receives.</summary>
    public uint MaxPduLength { get; init; } = 256 * 1024;

    /// <summary>Upper bound on sent PDUs (the peer's announced maximum is always honoured first).</summary>
    public int MaxSendPduLength { get; init; } = 256 * 1024;

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>ACSE timeout: how long the peer may take to answer A-ASSOCIATE-RQ and A-RELEASE-RQ.</summary>
    public TimeSpan AssociationTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a DIMSE response may take, and how long the peer may stall taking our PDUs.</summary>
    public TimeSpan DimseTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Operations to keep outstanding when the SCP grants an asynchronous window (1 = synchronous, no 53H item sent).</summary>
    public ushort MaxOperationsInvoked { get; init; } = 1;

    public UserIdentity? UserIdentity { get; init; }

    /// <summary>DICOM TLS; null = plain TCP.</summary>
    public DicomClientTlsOptions? Tls { get; init; }

    /// <summary>The clock of every timeout (connect, ACSE, DIMSE); tests substitute a fake one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public string ImplementationClassUid { get; init; } = DicomImplementation.ClassUid;

    public string ImplementationVersionName { get; init; } = DicomImplementation.VersionName;

    public override string ToString() => $"{CalledAETitle}@{Host}:{Port}";
}
