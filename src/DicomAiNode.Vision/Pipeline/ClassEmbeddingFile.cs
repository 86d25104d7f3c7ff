using System.Text.Json;

namespace DicomAiNode.Vision.Pipeline;

/// <summary>Reads a class-embedding file: a JSON object of class name → array of numbers, all of one length.</summary>
public static class ClassEmbeddingFile
{
    public static IReadOnlyDictionary<string, float[]> Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var doc = JsonDocument.Parse(stream);
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{path}: expected a JSON object of class name → embedding");
        }

        var result = new Dictionary<string, float[]>(StringComparer.Ordinal);
        int dim = -1;
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"{path}: class '{p.Name}': expected an array of numbers");
            }

            var v = new float[p.Value.GetArrayLength()];
            int i = 0;
            foreach (var e in p.Value.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.Number)
                {
                    throw new InvalidDataException($"{path}: class '{p.Name}': element {i} is not a number");
                }

                v[i++] = e.GetSingle();
            }

            if (dim >= 0 && v.Length != dim)
            {
                throw new InvalidDataException($"{path}: class '{p.Name}' has {v.Length} values, others {dim}");
            }

            dim = v.Length;
            result[p.Name] = v;
        }

        return result;
    }
}
