using System.Text.Json.Nodes;

namespace DicomAiNode.Audit;

/// <summary>The audit event of each step, so that every writer words the same step the same way.</summary>
public static class AuditEvents
{
    public static AuditEvent AssociationAccepted(string callingAe, string calledAe, string peerAddress) => new()
    {
        Type = AuditEventTypes.AssociationAccepted,
        CallingAeTitle = callingAe,
        CalledAeTitle = calledAe,
        PeerAddress = peerAddress,
        Message = $"association from {callingAe} at {peerAddress} to {calledAe} accepted",
    };

    public static AuditEvent AssociationRejected(string callingAe, string calledAe, string peerAddress, string reason) => new()
    {
        Type = AuditEventTypes.AssociationRejected,
        Outcome = AuditOutcome.Rejected,
        CallingAeTitle = callingAe,
        CalledAeTitle = calledAe,
        PeerAddress = peerAddress,
        Message = $"association from {callingAe} at {peerAddress} to {calledAe} rejected: {reason}",
    };

    public static AuditEvent InstancesReceived(string studyUid, string callingAe, string peerAddress, int instances, long bytes, string? patientId = null) => new()
    {
        Type = AuditEventTypes.InstancesReceived,
        StudyInstanceUid = studyUid,
        CallingAeTitle = callingAe,
        PeerAddress = peerAddress,
        PatientId = patientId,
        Message = $"{instances} instances ({bytes} bytes) received from {callingAe}",
        Details = new JsonObject { ["instances"] = instances, ["bytes"] = bytes },
    };

    public static AuditEvent InstanceRejected(string? studyUid, string callingAe, string sopInstanceUid, string reason) => new()
    {
        Type = AuditEventTypes.InstanceRejected,
        Outcome = AuditOutcome.Rejected,
        StudyInstanceUid = studyUid,
        CallingAeTitle = callingAe,
        Message = $"instance {sopInstanceUid} rejected: {reason}",
        Details = new JsonObject { ["sopInstanceUid"] = sopInstanceUid, ["reason"] = reason },
    };

    public static AuditEvent LateInstance(string studyUid, string seriesUid, string sopInstanceUid, string callingAe, bool rerun) => new()
    {
        Type = AuditEventTypes.LateInstance,
        Outcome = rerun ? AuditOutcome.Success : AuditOutcome.Skipped,
        StudyInstanceUid = studyUid,
        CallingAeTitle = callingAe,
        Message = rerun
            ? $"instance {sopInstanceUid} arrived after processing: series {seriesUid} will be processed again"
            : $"instance {sopInstanceUid} arrived after processing: ignored (LateInstancePolicy Ignore)",
        Details = new JsonObject { ["seriesInstanceUid"] = seriesUid, ["sopInstanceUid"] = sopInstanceUid, ["policy"] = rerun ? "rerun" : "ignore" },
    };

    public static AuditEvent StudyReady(string studyUid, string callingAe, TimeSpan stableAge) => new()
    {
        Type = AuditEventTypes.StudyReady,
        StudyInstanceUid = studyUid,
        CallingAeTitle = callingAe,
        Message = $"no instance for {stableAge.TotalSeconds:0} s: study complete",
        Details = new JsonObject { ["stableAgeSeconds"] = stableAge.TotalSeconds },
    };

    /// <summary>A mixed series processed as several stacks of one geometry each (why, and each stack with its image count).</summary>
    public static AuditEvent SeriesSplit(string studyUid, string seriesUid, string reason, IEnumerable<(string Description, int Instances)> stacks)
    {
        var list = stacks.ToList();
        return new()
        {
            Type = AuditEventTypes.SeriesSplit,
            StudyInstanceUid = studyUid,
            Message = $"series {seriesUid} split into {list.Count} stacks: {reason}",
            Details = new JsonObject
            {
                ["seriesInstanceUid"] = seriesUid,
                ["reason"] = reason,
                ["stacks"] = new JsonArray(list.Select(s => (JsonNode)new JsonObject { ["description"] = s.Description, ["instances"] = s.Instances }).ToArray()),
            },
        };
    }

    public static AuditEvent RuleMatched(string studyUid, string seriesUid, string ruleName, IEnumerable<string> reasons) => new()
    {
        Type = AuditEventTypes.RuleMatched,
        StudyInstanceUid = studyUid,
        Message = $"series {seriesUid} matches rule '{ruleName}'",
        Details = new JsonObject { ["seriesInstanceUid"] = seriesUid, ["rule"] = ruleName, ["reasons"] = ToArray(reasons) },
    };

    /// <summary>No rule applies; <paramref name="whyNot"/> maps each rule name to its failed criteria.</summary>
    public static AuditEvent NoRuleMatched(string studyUid, string seriesUid, IReadOnlyDictionary<string, IReadOnlyList<string>> whyNot)
    {
        var rules = new JsonObject();
        foreach (var (rule, reasons) in whyNot) rules[rule] = ToArray(reasons);
        return new AuditEvent
        {
            Type = AuditEventTypes.NoRuleMatched,
            Outcome = AuditOutcome.Skipped,
            StudyInstanceUid = studyUid,
            Message = whyNot.Count == 0 ? $"series {seriesUid}: no rule is configured" : $"series {seriesUid} matches no rule",
            Details = new JsonObject { ["seriesInstanceUid"] = seriesUid, ["rules"] = rules },
        };
    }

    public static AuditEvent Inference(string studyUid, string seriesUid, string ruleName, string model, IEnumerable<string> classes,
        int slices, int findings, TimeSpan modelTime, TimeSpan totalTime, string executionProvider, IReadOnlyDictionary<string, double>? stageMs = null) => new()
    {
        Type = AuditEventTypes.Inference,
        StudyInstanceUid = studyUid,
        Message = $"rule '{ruleName}': {findings} findings on {slices} slices in {totalTime.TotalMilliseconds:0} ms",
        Details = new JsonObject
        {
            ["seriesInstanceUid"] = seriesUid,
            ["rule"] = ruleName,
            ["model"] = model,
            ["classes"] = ToArray(classes),
            ["slices"] = slices,
            ["findings"] = findings,
            ["modelMs"] = Math.Round(modelTime.TotalMilliseconds, 1),
            ["totalMs"] = Math.Round(totalTime.TotalMilliseconds, 1),
            ["executionProvider"] = executionProvider,
            ["stageMs"] = stageMs is null ? null : new JsonObject(stageMs.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Math.Round(kv.Value, 1)))),
        },
    };

    public static AuditEvent ResultsProduced(string studyUid, string seriesUid, string ruleName, IEnumerable<string> sopInstanceUids) => new()
    {
        Type = AuditEventTypes.ResultsProduced,
        StudyInstanceUid = studyUid,
        Message = $"rule '{ruleName}' produced results for series {seriesUid}",
        Details = new JsonObject { ["seriesInstanceUid"] = seriesUid, ["rule"] = ruleName, ["sopInstanceUids"] = ToArray(sopInstanceUids) },
    };

    public static AuditEvent Delivery(string studyUid, string destination, string sopInstanceUid, bool delivered, int attempts, string? error) => new()
    {
        Type = AuditEventTypes.Delivery,
        Outcome = delivered ? AuditOutcome.Success : AuditOutcome.Failure,
        StudyInstanceUid = studyUid,
        CalledAeTitle = destination,
        Message = delivered ? $"{sopInstanceUid} delivered to {destination} (attempt {attempts})" : $"{sopInstanceUid} to {destination} failed (attempt {attempts}): {error}",
        Details = new JsonObject { ["destination"] = destination, ["sopInstanceUid"] = sopInstanceUid, ["attempts"] = attempts, ["error"] = error },
    };

    public static AuditEvent DeliveryDeadLettered(string studyUid, string destination, string sopInstanceUid, int attempts, string reason) => new()
    {
        Type = AuditEventTypes.DeliveryDeadLettered,
        Outcome = AuditOutcome.Failure,
        StudyInstanceUid = studyUid,
        CalledAeTitle = destination,
        Message = $"{sopInstanceUid} to {destination} given up after {attempts} attempts: {reason}",
        Details = new JsonObject { ["destination"] = destination, ["sopInstanceUid"] = sopInstanceUid, ["attempts"] = attempts, ["reason"] = reason },
    };

    /// <summary>Retention removed a finished study: its instances, result files and database rows.</summary>
    /// <param name="lowDisk">Why, when the study was purged before its age because the disk ran low (else null).</param>
    public static AuditEvent StudyPurged(string studyUid, string state, int series, int instances, int resultFiles, long bytesFreed, TimeSpan age,
        IEnumerable<KeyValuePair<string, int>> deliveries, string? lowDisk = null) => new()
    {
        Type = AuditEventTypes.StudyPurged,
        StudyInstanceUid = studyUid,
        Message = $"{state} study purged {age.TotalHours:0.#} h after its last activity{(lowDisk is null ? "" : $" ({lowDisk})")}: {instances} instances and {resultFiles} result files, {bytesFreed} bytes freed",
        Details = new JsonObject
        {
            ["reason"] = lowDisk is null ? "age" : "low disk space",
            ["state"] = state,
            ["series"] = series,
            ["instances"] = instances,
            ["resultFiles"] = resultFiles,
            ["bytesFreed"] = bytesFreed,
            ["ageHours"] = Math.Round(age.TotalHours, 2),
            ["deliveries"] = new JsonObject(deliveries.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)d.Value))),
        },
    };

    public static AuditEvent OperatorAction(string? studyUid, string action, string subject) => new()
    {
        Type = AuditEventTypes.OperatorAction,
        StudyInstanceUid = studyUid,
        Message = $"{action} {subject}",
        Details = new JsonObject { ["action"] = action, ["subject"] = subject, ["user"] = Environment.UserName },
    };

    public static AuditEvent Error(string? studyUid, string stage, string error) => new()
    {
        Type = AuditEventTypes.Error,
        Outcome = AuditOutcome.Failure,
        StudyInstanceUid = studyUid,
        Message = $"{stage}: {error}",
        Details = new JsonObject { ["stage"] = stage, ["error"] = error },
    };

    private static JsonArray ToArray(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
