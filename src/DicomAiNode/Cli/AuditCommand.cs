using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

using DicomAiNode.Audit;

namespace DicomAiNode.Cli;

/// <summary><c>dicom-ai-node audit</c>: what happened to a study, and whether the log was tampered with.</summary>
public sealed class AuditCommand : ICliCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public string Name => "audit";

    public string Summary => "Query the audit log (--study UID …) or verify its hash chain (--verify)";

    public string Usage => """
        usage: dicom-ai-node audit [--study UID] [--since TIME] [--until TIME] [--calling-ae AE]
                                   [--outcome success|failure|rejected|skipped] [--json] [--file PATH] [--config FILE]
               dicom-ai-node audit --verify [--file PATH] [--config FILE]

        Lists audit events in order as a table (or a JSON array with --json). TIME is ISO-8601
        (2026-01-31T08:00:00Z; without zone: UTC) or an age such as 30m, 12h, 7d. The log is the one configured in
        FILE (Audit.Path), unless --file names another.
        --verify checks the hash chain and names the first broken line. Exit codes: 0 ok (events found or chain
        intact), 1 chain broken or no matching event, 2 usage or file error.
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        CliArguments parsed;
        AuditQuery query;
        string path;
        try
        {
            parsed = CliArguments.Parse(args, ["study", "since", "until", "calling-ae", "outcome", "file", NodeCliContext.ConfigOption], ["json", "verify"]);
            if (parsed.Positionals.Count > 0) throw new CliUsageException($"unexpected argument '{parsed.Positionals[0]}'");
            var now = DateTimeOffset.UtcNow;
            query = new AuditQuery
            {
                StudyInstanceUid = parsed.Value("study"),
                Since = ParseTime(parsed.Value("since"), "since", now),
                Until = ParseTime(parsed.Value("until"), "until", now),
                CallingAeTitle = parsed.Value("calling-ae"),
                Outcome = parsed.Value("outcome") is { } o
                    ? Enum.TryParse<AuditOutcome>(o, ignoreCase: true, out var outcome) && Enum.IsDefined(outcome)
                        ? outcome
                        : throw new CliUsageException($"--outcome must be success, failure, rejected or skipped (is '{o}')")
                    : null,
            };
            path = parsed.Value("file") is { } file
                ? Path.GetFullPath(file)
                : NodeCliContext.Load(parsed, out _).AuditLogPath;
        }
        catch (CliUsageException e)
        {
            await stderr.WriteLineAsync($"dicom-ai-node audit: {e.Message}");
            await stderr.WriteLineAsync(Usage);
            return 2;
        }
        if (!File.Exists(path))
        {
            await stderr.WriteLineAsync($"dicom-ai-node audit: audit log '{path}' does not exist (has the node run with this configuration?)");
            return 2;
        }

        if (parsed.Has("verify"))
        {
            var result = await AuditReader.VerifyAsync(path, cancellationToken);
            if (result.IsIntact)
            {
                await stdout.WriteLineAsync($"{path}: {result.LinesChecked} lines, hash chain intact");
                return 0;
            }
            await stdout.WriteLineAsync($"{path}: hash chain BROKEN at line {result.FirstBrokenLine}: {result.Problem}");
            return 1;
        }

        var records = new List<AuditRecord>();
        await foreach (var r in AuditReader.QueryAsync(path, query, cancellationToken)) records.Add(r);
        if (parsed.Has("json")) await stdout.WriteLineAsync(ToJson(records));
        else await WriteTableAsync(stdout, records);
        return records.Count > 0 ? 0 : 1;
    }

    private static DateTimeOffset? ParseTime(string? text, string option, DateTimeOffset now)
    {
        if (text is null) return null;
        if (text.Length >= 2 && long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            TimeSpan? age = text[^1] switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => null,
            };
            if (age is { } a) return now - a;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
            return time;
        throw new CliUsageException($"--{option} '{text}' is neither an ISO-8601 time nor an age like 30m, 12h, 7d");
    }

    private static string ToJson(IEnumerable<AuditRecord> records)
    {
        var array = new JsonArray();
        foreach (var r in records)
        {
            var e = r.Event;
            var item = new JsonObject
            {
                ["line"] = r.LineNumber,
                ["time"] = e.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                ["type"] = e.Type,
                ["study"] = e.StudyInstanceUid,
                ["outcome"] = e.Outcome.ToString().ToLowerInvariant(),
                ["callingAe"] = e.CallingAeTitle,
                ["calledAe"] = e.CalledAeTitle,
                ["peer"] = e.PeerAddress,
                ["patientId"] = e.PatientId,
                ["message"] = e.Message,
                ["details"] = e.Details?.DeepClone(),
            };
            array.Add(item);
        }
        return array.ToJsonString(Indented);
    }

    private static async Task WriteTableAsync(TextWriter stdout, IReadOnlyList<AuditRecord> records)
    {
        if (records.Count == 0)
        {
            await stdout.WriteLineAsync("no matching audit event");
            return;
        }
        var rows = records.Select(r => new[]
        {
            r.LineNumber.ToString(CultureInfo.InvariantCulture),
            r.Event.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            r.Event.Type,
            r.Event.Outcome.ToString().ToLowerInvariant(),
            r.Event.StudyInstanceUid ?? "-",
            r.Event.CallingAeTitle ?? r.Event.CalledAeTitle ?? "-",
            r.Event.Message ?? "",
        }).ToList();
        string[] header = ["LINE", "TIME (UTC)", "TYPE", "OUTCOME", "STUDY", "AE", "MESSAGE"];
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        string Format(string[] cells) => string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
        await stdout.WriteLineAsync(Format(header));
        foreach (var row in rows) await stdout.WriteLineAsync(Format(row));
    }
}
