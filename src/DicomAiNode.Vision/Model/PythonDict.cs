namespace DicomAiNode.Vision.Model;

/// <summary>A parsed Python dict. Keys are <see cref="long"/>, <see cref="string"/>, <see cref="double"/> or <see cref="bool"/>, in text order.</summary>
public sealed class PythonDict : Dictionary<object, object?>
{
    /// <summary>The value for a string key, or <c>null</c> when absent.</summary>
    public object? Get(string key) => TryGetValue(key, out var v) ? v : null;
}
