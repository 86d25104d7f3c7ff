namespace DicomAiNode.Observability;

/// <summary>The node's metrics, one instance per host (registered in DI), exposed at <c>/metrics</c>.</summary>
public sealed class NodeMetrics
{
    /// <summary>Per-slice inference latency buckets in seconds: 5 ms to 10 s.</summary>
    private static readonly double[] LatencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    public NodeMetrics(MetricRegistry registry)
    {
        Registry = registry;
        Associations = registry.Counter("dicomainode_associations_total", "DICOM associations requested of the node, by outcome (accepted, rejected).", "outcome");
        InstancesReceived = registry.Counter("dicomainode_instances_received_total", "Instances stored and acknowledged with Success.");
        BytesReceived = registry.Counter("dicomainode_received_bytes_total", "Bytes of instances stored.");
        InstancesRejected = registry.Counter("dicomainode_instances_rejected_total", "Instances answered with a failure status, by reason.", "reason");
        StudiesPending = registry.Gauge("dicomainode_studies_pending", "Studies not yet processed, by state (receiving, ready, processing).", "state");
        InferenceLatency = registry.Histogram("dicomainode_inference_seconds_per_slice", "Model inference time per slice, in seconds.", LatencyBuckets, "model");
        ResultsSent = registry.Counter("dicomainode_results_sent_total", "Result instances delivered, by destination.", "destination");
        Retries = registry.Counter("dicomainode_delivery_retries_total", "Failed deliveries scheduled for another attempt, by destination.", "destination");
        DeadLettered = registry.Counter("dicomainode_delivery_dead_total", "Results given up on, by destination.", "destination");
        Failures = registry.Counter("dicomainode_failures_total", "Failures, by stage (ingest, pipeline, inference, delivery, audit).", "stage");
        OutboxBacklog = registry.Gauge("dicomainode_outbox_backlog", "Results waiting for delivery (pending or sending).");
        StudiesPurged = registry.Counter("dicomainode_studies_purged_total", "Finished studies removed by retention, by state (done, failed).", "state");
        PurgedBytes = registry.Counter("dicomainode_purged_bytes_total", "Bytes of instances and result files freed by retention.");
        StaleTempFilesDeleted = registry.Counter("dicomainode_stale_temp_files_deleted_total", "Temporary files left in the spool by a crash and deleted by retention.");
    }

    public MetricRegistry Registry { get; }

    public Counter Associations { get; }

    public Counter InstancesReceived { get; }

    public Counter BytesReceived { get; }

    public Counter InstancesRejected { get; }

    public Gauge StudiesPending { get; }

    public Histogram InferenceLatency { get; }

    public Counter ResultsSent { get; }

    public Counter Retries { get; }

    public Counter DeadLettered { get; }

    public Counter Failures { get; }

    public Gauge OutboxBacklog { get; }

    public Counter StudiesPurged { get; }

    public Counter PurgedBytes { get; }

    public Counter StaleTempFilesDeleted { get; }
}
