using System.Globalization;

using DicomAiNode.Audit;
using DicomAiNode.Configuration;
using DicomAiNode.Storage;

using Microsoft.Extensions.Options;

namespace DicomAiNode.Cli;

/// <summary><c>dicom-ai-node outbox</c>: results waiting for delivery or given up on; retry or discard one.</summary>
public sealed class OutboxCommand : ICliCommand
{
    public string Name => "outbox";

    public string Summary => "List pending and dead-lettered results; retry or discard one (outbox retry ID)";

    public string Usage => """
        usage: dicom-ai-node outbox [list] [--all] [--config FILE]
               dicom-ai-node outbox retry ID [--config FILE]
               dicom-ai-node outbox discard ID [--config FILE]

        list:    results pending, being sent and dead-lettered (--all: also delivered and discarded).
        retry:   makes a dead-lettered (or discarded, or pending) result due now with a fresh attempt count; a running
                 node sends it within Outbox.PollSeconds.
        discard: marks a pending or dead-lettered result as never to be sent.
        retry and discard are written to the audit log. Exit codes: 0 done, 1 no such result in that state, 2 usage error.
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        CliArguments parsed;
        try
        {
            parsed = CliArguments.Parse(args, [NodeCliContext.ConfigOption], ["all"]);
        }
        catch (CliUsageException e)
        {
            await stderr.WriteLineAsync($"dicom-ai-node outbox: {e.Message}");
            return 2;
        }
        var options = NodeCliContext.Load(parsed, out _);
        if (!File.Exists(options.DatabasePath))
        {
            await stderr.WriteLineAsync($"dicom-ai-node outbox: no database at {options.DatabasePath} (has the node run with this configuration?)");
            return 1;
        }
        var database = new NodeDatabase(options.DatabasePath);
        await database.MigrateAsync(cancellationToken);
        var outbox = new OutboxRepository(database);
        var words = parsed.Positionals;
        switch (words.Count == 0 ? "list" : words[0])
        {
            case "list" when words.Count <= 1:
                await ListAsync(outbox, parsed.Has("all"), stdout, cancellationToken);
                return 0;
            case "retry" or "discard" when words.Count == 2 && long.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id):
                return await ActAsync(words[0], id, outbox, options, stdout, stderr, cancellationToken);
            default:
                await stderr.WriteLineAsync($"dicom-ai-node outbox: unexpected arguments '{string.Join(' ', words)}'");
                await stderr.WriteLineAsync(Usage);
                return 2;
        }
    }

    private static async Task ListAsync(OutboxRepository outbox, bool all, TextWriter stdout, CancellationToken ct)
    {
        OutboxState[] states = all
            ? Enum.GetValues<OutboxState>()
            : [OutboxState.Pending, OutboxState.Sending, OutboxState.Dead];
        var items = await outbox.ListAsync(states, ct);
        if (items.Count == 0)
        {
            await stdout.WriteLineAsync(all ? "the outbox is empty" : "nothing pending or dead-lettered");
            return;
        }
        string[] header = ["ID", "STATE", "DESTINATION", "ATTEMPTS", "NEXT ATTEMPT (UTC)", "SOP INSTANCE UID", "STUDY", "LAST ERROR"];
        var rows = items.Select(i => new[]
        {
            i.Id.ToString(CultureInfo.InvariantCulture),
            i.State.ToString().ToLowerInvariant(),
            i.DestinationAeTitle,
            i.Attempts.ToString(CultureInfo.InvariantCulture),
            i.State == OutboxState.Pending ? i.NextAttemptAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "-",
            i.SopInstanceUid,
            i.StudyInstanceUid,
            i.LastError ?? "",
        }).ToList();
        var widths = header.Select((h, c) => Math.Max(h.Length, rows.Max(r => r[c].Length))).ToArray();
        string Format(string[] cells) => string.Join("  ", cells.Select((x, c) => c == cells.Length - 1 ? x : x.PadRight(widths[c]))).TrimEnd();
        await stdout.WriteLineAsync(Format(header));
        foreach (var row in rows) await stdout.WriteLineAsync(Format(row));
        await stdout.WriteLineAsync(string.Join(", ", items.GroupBy(i => i.State).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}")));
    }

    private static async Task<int> ActAsync(string action, long id, OutboxRepository outbox, NodeOptions options, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var item = await outbox.GetAsync(id, ct);
        if (item is null)
        {
            await stderr.WriteLineAsync($"dicom-ai-node outbox: no result with id {id}");
            return 1;
        }
        var now = DateTimeOffset.UtcNow;
        bool done = action == "retry" ? await outbox.RetryAsync(id, now, ct) : await outbox.DiscardAsync(id, now, ct);
        if (!done)
        {
            await stderr.WriteLineAsync($"dicom-ai-node outbox: result {id} is {item.State.ToString().ToLowerInvariant()}: cannot {action} it");
            return 1;
        }
        await using var audit = new AuditLog(Options.Create(options), TimeProvider.System);
        await audit.WriteAsync(AuditEvents.OperatorAction(item.StudyInstanceUid, $"outbox {action}",
            $"result {id} ({item.SopInstanceUid} to {item.DestinationAeTitle})"), ct);
        await stdout.WriteLineAsync(action == "retry"
            ? $"result {id} ({item.SopInstanceUid} to {item.DestinationAeTitle}) is due now"
            : $"result {id} ({item.SopInstanceUid} to {item.DestinationAeTitle}) discarded");
        return 0;
    }
}
