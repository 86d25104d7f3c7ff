namespace DicomAiNode.Audit;

/// <summary>The event types of the audit log, one per step of a study's life.</summary>
public static class AuditEventTypes
{
    public const string AssociationAccepted = "association.accepted";
    public const string AssociationRejected = "association.rejected";
    public const string InstancesReceived = "instances.received";
    public const string InstanceRejected = "instance.rejected";
    public const string LateInstance = "instance.late";
    public const string StudyReady = "study.ready";
    public const string SeriesSplit = "series.split";
    public const string RuleMatched = "rule.matched";
    public const string NoRuleMatched = "rule.none";
    public const string Inference = "inference";
    public const string ResultsProduced = "results.produced";
    public const string Delivery = "delivery";
    public const string DeliveryDeadLettered = "delivery.dead";
    public const string StudyPurged = "study.purged";
    public const string OperatorAction = "operator";
    public const string Error = "error";
}
