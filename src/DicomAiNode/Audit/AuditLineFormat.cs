using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DicomAiNode.Audit;

/// <summary>The JSON layout of one audit line, shared by the writer and the reader.</summary>
internal static class AuditLineFormat
{
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    /// <summary>The line's UTF-8 bytes, without line feed.</summary>
    public static byte[] Write(AuditEvent e, string prevHash)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("time", e.Time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture));
            w.WriteString("type", e.Type);
            Optional(w, "study", e.StudyInstanceUid);
            w.WriteString("outcome", e.Outcome.ToString().ToLowerInvariant());
            Optional(w, "callingAe", e.CallingAeTitle);
            Optional(w, "calledAe", e.CalledAeTitle);
            Optional(w, "peer", e.PeerAddress);
            Optional(w, "patientId", e.PatientId);
            Optional(w, "message", e.Message);
            if (e.Details is { Count: > 0 })
            {
                w.WritePropertyName("details");
                e.Details.WriteTo(w);
            }
            w.WriteString("prevHash", prevHash);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Parses one line; throws <see cref="JsonException"/> or <see cref="FormatException"/> when it is not an audit line.</summary>
    public static (AuditEvent Event, string PrevHash) Read(string line)
    {
        var node = JsonNode.Parse(line) as JsonObject ?? throw new FormatException("not a JSON object");
        string Required(string name) => node[name]?.GetValue<string>() ?? throw new FormatException($"'{name}' is missing");
        string? Text(string name) => node[name]?.GetValue<string>();
        var e = new AuditEvent
        {
            Time = DateTimeOffset.ParseExact(Required("time"), TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            Type = Required("type"),
            StudyInstanceUid = Text("study"),
            Outcome = Enum.Parse<AuditOutcome>(Required("outcome"), ignoreCase: true),
            CallingAeTitle = Text("callingAe"),
            CalledAeTitle = Text("calledAe"),
            PeerAddress = Text("peer"),
            PatientId = Text("patientId"),
            Message = Text("message"),
            Details = node["details"]?.DeepClone() as JsonObject,
        };
        return (e, Required("prevHash"));
    }

    private static void Optional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null) w.WriteString(name, value);
    }
}
