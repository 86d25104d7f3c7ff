namespace DicomAiNode.Vision.Model;

/// <summary>How ONNX Runtime sessions are created.</summary>
public sealed class InferenceOptions
{
    /// <summary>Ask for the CUDA execution provider; the CPU provider is used when CUDA cannot be loaded.</summary>
    public bool UseCuda { get; set; }

    public int CudaDeviceId { get; set; }

    /// <summary>Threads of one operator; 0 lets ONNX Runtime choose (one per physical core).</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>Threads across independent operators; 0 lets ONNX Runtime choose.</summary>
    public int InterOpThreads { get; set; }

    /// <summary>
    /// Let the intra-op threads spin between operators and after a run (ONNX Runtime's default,
    /// <c>session.intra_op.allow_spinning</c>). Off where other work shares the cores, such as reading and
    /// decoding the neighbouring batches of a streamed series: spinning threads take their CPU time.
    /// </summary>
    public bool AllowSpinning { get; set; } = true;
}
