using DicomAiNode.Vision.Model;

namespace DicomAiNode.Vision.Pipeline;

/// <summary>
/// The classes of one run: for a fixed-vocabulary model, the model's names and the ids to keep; for a
/// class-embedding model, the requested names and their embeddings (row k = class id k).
/// </summary>
public sealed class ClassVocabulary
{
    private ClassVocabulary(IReadOnlyList<string> names, IReadOnlySet<int>? keep, float[]? embeddings)
    {
        Names = names;
        Keep = keep;
        Embeddings = embeddings;
    }

    /// <summary>Class names by class id of the model's output.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Class ids to keep, or null for all.</summary>
    public IReadOnlySet<int>? Keep { get; }

    /// <summary>K × D embeddings for a class-embedding model, else null.</summary>
    public float[]? Embeddings { get; }

    public int Count => Names.Count;

    /// <exception cref="ArgumentException">A requested class is unknown to the model or has no embedding: a configuration error naming it.</exception>
    public static ClassVocabulary Resolve(YoloeModel model, IReadOnlyList<string>? classes, IReadOnlyDictionary<string, float[]>? embeddings)
    {
        if (!model.AcceptsClassEmbeddings)
        {
            if (classes is null)
            {
                return new ClassVocabulary(model.Names, null, null);
            }

            var keep = new HashSet<int>();
            foreach (var name in classes)
            {
                int id = IndexOf(model.Names, name);
                if (id < 0)
                {
                    throw new ArgumentException($"class '{name}' is not one of the {model.Names.Count} classes of {model.Path} ({Preview(model.Names)})");
                }

                keep.Add(id);
            }

            return new ClassVocabulary(model.Names, keep, null);
        }

        if (embeddings is null || embeddings.Count == 0)
        {
            throw new ArgumentException($"{model.Path} takes class embeddings ('{model.ClassEmbeddingsInputName}'); none were given");
        }

        var names = classes ?? embeddings.Keys.ToList();
        if (names.Count == 0 || (model.FixedClassCount is int k && k != names.Count))
        {
            throw new ArgumentException($"{model.Path} needs {model.FixedClassCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "at least one"} classes, got {names.Count}");
        }

        int d = model.EmbeddingDimension!.Value;
        var data = new float[names.Count * d];
        for (int i = 0; i < names.Count; i++)
        {
            var match = embeddings.FirstOrDefault(e => string.Equals(e.Key, names[i], StringComparison.OrdinalIgnoreCase));
            if (match.Value is null)
            {
                throw new ArgumentException($"class '{names[i]}' has no embedding (known: {Preview(embeddings.Keys.ToList())})");
            }

            if (match.Value.Length != d)
            {
                throw new ArgumentException($"embedding of class '{names[i]}' has {match.Value.Length} values; {model.Path} expects {d}");
            }

            match.Value.CopyTo(data, i * d);
        }

        return new ClassVocabulary(names.ToList(), null, data);
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Preview(IReadOnlyList<string> names) =>
        string.Join(", ", names.Take(8).Select(n => $"'{n}'")) + (names.Count > 8 ? ", …" : string.Empty);
}
