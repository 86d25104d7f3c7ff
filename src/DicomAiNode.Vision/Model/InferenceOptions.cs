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
}
