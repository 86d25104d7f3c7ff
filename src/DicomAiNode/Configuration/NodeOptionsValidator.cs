using System.Net;

using Microsoft.Extensions.Options;

namespace DicomAiNode.Configuration;

/// <summary>
/// Checks <see cref="NodeOptions"/> at start-up. Every message names the file, the section and the field, e.g.
/// <c>appsettings.json: Peers[1].Port: must be between 1 and 65535 (is 0)</c>.
/// </summary>
public sealed class NodeOptionsValidator : IValidateOptions<NodeOptions>
{
    public ValidateOptionsResult Validate(string? name, NodeOptions options)
    {
        var problems = Check(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>All problems, empty when the options are usable.</summary>
    public static List<string> Check(NodeOptions o)
    {
        var problems = new List<string>();
        void Problem(string field, string message) => problems.Add($"{o.SourceFile}: {field}: {message}");

        var aeProblem = AeTitleProblem(o.Node.AeTitle);
        if (aeProblem is not null) Problem("Node.AeTitle", aeProblem);
        if (!IPAddress.TryParse(o.Node.BindAddress, out _))
            Problem("Node.BindAddress", $"must be an IP address such as 127.0.0.1 or 0.0.0.0 (is '{o.Node.BindAddress}')");
        CheckRange(Problem, "Node.Port", o.Node.Port, 1, 65535);
        CheckRange(Problem, "Node.MaxAssociations", o.Node.MaxAssociations, 1, 1000);
        // PS3.8 D.1: a receiver may not ask for less than a useful PDU; 0 (unlimited) would let a peer send any size.
        CheckRange(Problem, "Node.MaxPduLength", o.Node.MaxPduLength, 4096, 16 * 1024 * 1024);
        CheckRange(Problem, "Node.AssociationTimeoutSeconds", o.Node.AssociationTimeoutSeconds, 1, 3600);
        CheckRange(Problem, "Node.DimseTimeoutSeconds", o.Node.DimseTimeoutSeconds, 1, 3600);
        CheckRange(Problem, "Node.IdleTimeoutSeconds", o.Node.IdleTimeoutSeconds, 1, 86400);

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < o.Peers.Count; i++)
        {
            var p = o.Peers[i];
            string at = $"Peers[{i}]";
            var peerAe = AeTitleProblem(p.AeTitle);
            if (peerAe is not null) Problem($"{at}.AeTitle", peerAe);
            else if (!seen.Add(p.AeTitle.Trim())) Problem($"{at}.AeTitle", $"'{p.AeTitle.Trim()}' is listed twice");
            if ((p.AllowDestination || p.CheckHost) && string.IsNullOrWhiteSpace(p.Host))
                Problem($"{at}.Host", $"is required for peer '{p.AeTitle}' because AllowDestination or CheckHost is set");
            if (p.AllowDestination) CheckRange(Problem, $"{at}.Port", p.Port, 1, 65535);
            if (!p.AllowSend && !p.AllowDestination)
                Problem(at, $"peer '{p.AeTitle}' has neither AllowSend nor AllowDestination: remove it or allow one");
        }

        foreach (var (field, message) in TlsCertificates.Problems(o)) Problem(field, message);

        if (string.IsNullOrWhiteSpace(o.DataFolder)) Problem("DataFolder", "must name a folder");
        CheckRange(Problem, "StableAgeSeconds", o.StableAgeSeconds, 1, 86400);
        CheckRange(Problem, "Concurrency.Pipelines", o.Concurrency.Pipelines, 1, 64);
        CheckRange(Problem, "Concurrency.Deliveries", o.Concurrency.Deliveries, 1, 64);
        CheckRange(Problem, "Inference.IntraOpThreads", o.Inference.IntraOpThreads, 0, 1024);
        CheckRange(Problem, "Inference.BatchSize", o.Inference.BatchSize, 1, 256);
        if (o.Inference.SpeculateAfterSeconds is < 0 or > 86400)
            Problem("Inference.SpeculateAfterSeconds", $"must be between 0 (off) and 86400 (is {o.Inference.SpeculateAfterSeconds})");
        if (o.Disk.MinFreeMegabytes < 0) Problem("Disk.MinFreeMegabytes", $"must not be negative (is {o.Disk.MinFreeMegabytes})");

        if (o.Http.Enabled)
        {
            // HttpListener takes '+' or '*' as the host for "every interface"; System.Uri does not parse them.
            var parsable = o.Http.Url.Replace("://+:", "://any:", StringComparison.Ordinal).Replace("://*:", "://any:", StringComparison.Ordinal);
            if (!Uri.TryCreate(parsable, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttp || url.AbsolutePath != "/")
                Problem("Http.Url", $"must be an absolute http:// URL with no path, such as http://127.0.0.1:11180/ (is '{o.Http.Url}')");
            else if (url.Host is "0.0.0.0" or "[::]")
                Problem("Http.Url", $"HttpListener cannot bind {url.Host}: use http://+:{url.Port}/ for every interface (is '{o.Http.Url}')");
        }

        if (o.Outbox.InitialRetrySeconds <= 0) Problem("Outbox.InitialRetrySeconds", $"must be positive (is {o.Outbox.InitialRetrySeconds})");
        if (o.Outbox.MaxRetrySeconds < o.Outbox.InitialRetrySeconds)
            Problem("Outbox.MaxRetrySeconds", $"must be at least InitialRetrySeconds ({o.Outbox.InitialRetrySeconds}) (is {o.Outbox.MaxRetrySeconds})");
        CheckRange(Problem, "Outbox.MaxAttempts", o.Outbox.MaxAttempts, 1, 10000);
        if (o.Outbox.MaxAgeHours <= 0) Problem("Outbox.MaxAgeHours", $"must be positive (is {o.Outbox.MaxAgeHours})");
        if (o.Outbox.PollSeconds <= 0) Problem("Outbox.PollSeconds", $"must be positive (is {o.Outbox.PollSeconds})");
        CheckRange(Problem, "Outbox.BatchSize", o.Outbox.BatchSize, 1, 10000);
        if (!(o.Outbox.AssociationIdleSeconds >= 0 && o.Outbox.AssociationIdleSeconds <= 3600))
            Problem("Outbox.AssociationIdleSeconds", $"must be between 0 and 3600 (is {o.Outbox.AssociationIdleSeconds})");

        CheckHours(Problem, "Retention.CompletedStudyHours", o.Retention.CompletedStudyHours);
        CheckHours(Problem, "Retention.FailedStudyHours", o.Retention.FailedStudyHours);
        if (!(o.Retention.CheckIntervalMinutes > 0 && o.Retention.CheckIntervalMinutes <= 1440))
            Problem("Retention.CheckIntervalMinutes", $"must be more than 0 and at most 1440 (is {o.Retention.CheckIntervalMinutes})");
        CheckRange(Problem, "Retention.MaxStudiesPerCheck", o.Retention.MaxStudiesPerCheck, 1, 10000);
        if (!(o.Retention.StaleTempFileMinutes >= 0 && o.Retention.StaleTempFileMinutes <= 10080))
            Problem("Retention.StaleTempFileMinutes", $"must be between 0 (never) and 10080 (is {o.Retention.StaleTempFileMinutes})");
        if (o.Retention.PurgeBelowFreeMegabytes < 0)
            Problem("Retention.PurgeBelowFreeMegabytes", $"must not be negative (0 turns it off; is {o.Retention.PurgeBelowFreeMegabytes})");

        if (!Enum.IsDefined(o.LateInstancePolicy)) Problem("LateInstancePolicy", "must be Rerun or Ignore");
        if (!Enum.IsDefined(o.Audit.Fsync)) Problem("Audit.Fsync", "must be None or PerEvent");
        if (string.IsNullOrWhiteSpace(o.RulesPath)) Problem("RulesPath", "must name the rules file, e.g. config/rules.json");
        if (string.IsNullOrWhiteSpace(o.CodesPath)) Problem("CodesPath", "must name the codes file, e.g. config/codes.json");
        return problems;
    }

    /// <summary>Why <paramref name="aeTitle"/> is not a valid AE title (PS3.5 6.2, VR AE), or null.</summary>
    public static string? AeTitleProblem(string? aeTitle)
    {
        if (string.IsNullOrWhiteSpace(aeTitle)) return "must not be empty";
        var trimmed = aeTitle.Trim();
        if (trimmed.Length > 16) return $"'{trimmed}' is longer than 16 characters (PS3.5 6.2, VR AE)";
        foreach (char c in trimmed)
        {
            if (c == '\\' || char.IsControl(c) || c > 0x7E)
                return $"'{trimmed}' contains a character not allowed in an AE title (backslash, control or non-ASCII; PS3.5 6.2)";
        }
        return null;
    }

    /// <summary>A retention age: 0 keeps forever; ten years is the most that makes sense (and keeps TimeSpan in range).</summary>
    private static void CheckHours(Action<string, string> problem, string field, double hours)
    {
        if (!(hours >= 0 && hours <= 87600)) problem(field, $"must be between 0 (keep forever) and 87600 hours (is {hours})");
    }

    private static void CheckRange(Action<string, string> problem, string field, long value, long min, long max)
    {
        if (value < min || value > max) problem(field, $"must be between {min} and {max} (is {value})");
    }
}
