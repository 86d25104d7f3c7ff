namespace DicomAiNode.Configuration;

/// <summary>ONNX Runtime settings (section <c>Inference</c>).</summary>
public sealed class InferenceOptions
{
    /// <summary>Try the CUDA execution provider first; CPU is used when it cannot be loaded.</summary>
    public bool UseCuda { get; set; }

    /// <summary>Threads inside one operator; 0 lets ONNX Runtime choose.</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>Slices per inference batch.</summary>
    public int BatchSize { get; set; } = 4;

    /// <summary>
    /// Let ONNX Runtime's threads spin while waiting for work (its default). Off by default in the node: reading and
    /// decoding neighbouring batches run at the same time as the model and need those cores.
    /// </summary>
    public bool AllowSpinning { get; set; }

    /// <summary>
    /// At start, load each rule's model and segment a few synthetic CT slices with it, so that the first study does
    /// not pay for loading the session and compiling the pipeline's code (seconds of CPU beside the model in a fresh
    /// process). Off unless configured; the shipped appsettings.json turns it on.
    /// </summary>
    public bool WarmUp { get; set; }

    /// <summary>
    /// Seconds of quiet after which a series that matches a rule is analysed speculatively, before its study reaches
    /// its stable age; when the study becomes ready with exactly those instances, the finished analysis is used
    /// instead of running the model again (a new instance discards it). 0 turns it off. Nothing is audited, recorded
    /// or sent before the study is ready. A value not below <see cref="NodeOptions.StableAgeSeconds"/> never speculates.
    /// </summary>
    public double SpeculateAfterSeconds { get; set; }
}
