using DicomAiNode.Hosting;

namespace DicomAiNode.Outbox;

/// <summary>Pulsed when results enter the outbox; the outbox worker waits on it.</summary>
public sealed class OutboxSignal : WorkSignal;
