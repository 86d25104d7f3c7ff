using System.Collections.Concurrent;

namespace DicomAiNode.Vision.Model;

/// <summary>
/// Loads each model file once and shares it: keyed by full path, so every rule naming the same file uses one
/// ONNX Runtime session. Thread-safe; disposing the registry disposes the models.
/// </summary>
public sealed class YoloeModelRegistry : IDisposable
{
    private readonly YoloeModelLoader _loader;
    private readonly ConcurrentDictionary<string, Lazy<YoloeModel>> _models = new(StringComparer.Ordinal);

    public YoloeModelRegistry(YoloeModelLoader loader)
    {
        _loader = loader;
    }

    /// <summary>The shared model for <paramref name="path"/>, loading it on first use. A failed load is not cached.</summary>
    public YoloeModel Get(string path)
    {
        var key = Path.GetFullPath(path);
        var lazy = _models.GetOrAdd(key, k => new Lazy<YoloeModel>(() => _loader.Load(k), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            _models.TryRemove(new KeyValuePair<string, Lazy<YoloeModel>>(key, lazy));
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var lazy in _models.Values)
        {
            if (lazy.IsValueCreated)
            {
                lazy.Value.Dispose();
            }
        }

        _models.Clear();
    }
}
