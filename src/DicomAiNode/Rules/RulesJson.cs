using System.Text.Json;
using System.Text.Json.Serialization;

namespace DicomAiNode.Rules;

/// <summary>JSON settings of the rules and codes files: camelCase, comments allowed, unknown fields are errors (typos must not pass silently).</summary>
internal static class RulesJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        WriteIndented = true,
    };

    /// <summary>Reads <typeparamref name="T"/> from a file; a problem names the file, the JSON path and the line.</summary>
    public static T? Read<T>(string path, List<string> problems) where T : class
    {
        var name = Path.GetFileName(path);
        if (!File.Exists(path))
        {
            problems.Add($"{name}: file does not exist ({path})");
            return null;
        }
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var value = JsonSerializer.Deserialize<T>(stream, Options);
            if (value is null) problems.Add($"{name}: is empty (null)");
            return value;
        }
        catch (JsonException e)
        {
            // JsonException.LineNumber counts from 0.
            var line = e.LineNumber is { } l ? $"line {l + 1}: " : "";
            var at = string.IsNullOrEmpty(e.Path) ? "" : $"{e.Path}: ";
            problems.Add($"{name}: {line}{at}{FirstSentence(e.Message)}");
            return null;
        }
        catch (IOException e)
        {
            problems.Add($"{name}: cannot be read: {e.Message}");
            return null;
        }
        catch (UnauthorizedAccessException e)
        {
            problems.Add($"{name}: cannot be read: {e.Message}");
            return null;
        }
    }

    private static string FirstSentence(string message)
    {
        // System.Text.Json appends " Path: $.x | LineNumber: n | BytePositionInLine: m." which we report separately.
        int cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
