using System.Buffers;
using Microsoft.ML.OnnxRuntime;

namespace DicomAiNode.Vision.Model;

/// <summary>
/// The two output tensors of one model run, as float32 whatever the model's I/O type. For a float32 model the spans
/// point into ONNX Runtime's own output buffers (no copy); a float16 model's outputs are converted into pooled arrays.
/// </summary>
public sealed class YoloeInferenceOutput : IDisposable
{
    private readonly IDisposableReadOnlyCollection<OrtValue>? _values;
    private readonly float[]? _pooled0;
    private readonly float[]? _pooled1;
    private readonly int _length0;
    private readonly int _length1;

    internal YoloeInferenceOutput(IDisposableReadOnlyCollection<OrtValue> values, bool halfPrecision)
    {
        Output0Shape = ToInt(values[0].GetTensorTypeAndShape().Shape);
        Output1Shape = ToInt(values[1].GetTensorTypeAndShape().Shape);
        if (!halfPrecision)
        {
            _values = values;
            _length0 = values[0].GetTensorDataAsSpan<float>().Length;
            _length1 = values[1].GetTensorDataAsSpan<float>().Length;
            return;
        }

        using (values)
        {
            (_pooled0, _length0) = Widen(values[0]);
            (_pooled1, _length1) = Widen(values[1]);
        }
    }

    /// <summary>Shape of <c>output0</c>.</summary>
    public int[] Output0Shape { get; }

    /// <summary>Shape of <c>output1</c> (<c>[B, nm, mh, mw]</c>).</summary>
    public int[] Output1Shape { get; }

    public ReadOnlySpan<float> Output0 =>
        _values is not null ? _values[0].GetTensorDataAsSpan<float>() : _pooled0.AsSpan(0, _length0);

    public ReadOnlySpan<float> Output1 =>
        _values is not null ? _values[1].GetTensorDataAsSpan<float>() : _pooled1.AsSpan(0, _length1);

    public void Dispose()
    {
        _values?.Dispose();
        if (_pooled0 is not null)
        {
            ArrayPool<float>.Shared.Return(_pooled0);
        }

        if (_pooled1 is not null)
        {
            ArrayPool<float>.Shared.Return(_pooled1);
        }
    }

    private static (float[] Buffer, int Length) Widen(OrtValue value)
    {
        var half = value.GetTensorDataAsSpan<Float16>();
        var buffer = ArrayPool<float>.Shared.Rent(half.Length);
        System.Numerics.Tensors.TensorPrimitives.ConvertToSingle(
            System.Runtime.InteropServices.MemoryMarshal.Cast<Float16, Half>(half), buffer.AsSpan(0, half.Length));
        return (buffer, half.Length);
    }

    private static int[] ToInt(long[] shape) => Array.ConvertAll(shape, d => checked((int)d));
}
