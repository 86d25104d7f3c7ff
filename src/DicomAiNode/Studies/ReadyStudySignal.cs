using DicomAiNode.Hosting;

namespace DicomAiNode.Studies;

/// <summary>Pulsed when studies become ready; the pipeline waits on it.</summary>
public sealed class ReadyStudySignal : WorkSignal;
