namespace DicomAiNode.Configuration;

/// <summary>
/// Every setting of the node, bound from the root of the configuration (<c>appsettings.json</c>, then environment
/// variables <c>DICOMAINODE_Section__Key</c>). Defaults run out of the box on loopback; <c>docs/configuration.md</c>
/// describes each one.
/// </summary>
public sealed class NodeOptions
{
    /// <summary>The node's own DICOM identity and listener.</summary>
    public DicomListenerOptions Node { get; set; } = new();

    /// <summary>Known DICOM peers: who may send to the node, and where results may go.</summary>
    public List<PeerOptions> Peers { get; set; } = [];

    /// <summary>Spool, database, logs; relative paths are resolved against <see cref="BaseDirectory"/>.</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>Quiet time after the last instance before a study counts as complete.</summary>
    public int StableAgeSeconds { get; set; } = 30;

    public ConcurrencyOptions Concurrency { get; set; } = new();

    public InferenceOptions Inference { get; set; } = new();

    public DiskOptions Disk { get; set; } = new();

    public AuditOptions Audit { get; set; } = new();

    public HttpOptions Http { get; set; } = new();

    public OutboxOptions Outbox { get; set; } = new();

    public RetentionOptions Retention { get; set; } = new();

    /// <summary>What an instance arriving after its study was processed does.</summary>
    public LateInstancePolicy LateInstancePolicy { get; set; } = LateInstancePolicy.Rerun;

    public string RulesPath { get; set; } = "config/rules.json";

    public string CodesPath { get; set; } = "config/codes.json";

    /// <summary>
    /// Directory that relative paths (data folder, rules, codes, models, audit) are resolved against. Not read from
    /// configuration (<see cref="NodeConfiguration.Configure"/> overwrites it): the folder of the settings file.
    /// </summary>
    public string BaseDirectory { get; set; } = Directory.GetCurrentDirectory();

    /// <summary>The file the settings came from, named in validation messages.</summary>
    public string SourceFile { get; set; } = "appsettings.json";

    public string Resolve(string path) => Path.GetFullPath(path, BaseDirectory);

    public string DataFolderPath => Resolve(DataFolder);

    public string DatabasePath => Path.Combine(DataFolderPath, "node.db");

    /// <summary>Received instances, one file per SOP Instance UID.</summary>
    public string SpoolFolderPath => Path.Combine(DataFolderPath, "spool");

    /// <summary>Result instances, under one folder per study (<c>results/STUDY/SERIES/RULE/</c>).</summary>
    public string ResultsFolderPath => Path.Combine(DataFolderPath, "results");

    public string AuditLogPath => string.IsNullOrWhiteSpace(Audit.Path)
        ? Path.Combine(DataFolderPath, "audit", "audit.jsonl")
        : Path.GetFullPath(Audit.Path, DataFolderPath);

    public string LogFolderPath => Path.Combine(DataFolderPath, "logs");

    public string RulesFilePath => Resolve(RulesPath);

    public string CodesFilePath => Resolve(CodesPath);

    public TimeSpan StableAge => TimeSpan.FromSeconds(StableAgeSeconds);

    /// <summary>The peer with this AE title (AE titles compare trimmed and case-sensitively, PS3.5 6.2 AE VR).</summary>
    public PeerOptions? FindPeer(string aeTitle)
    {
        var wanted = aeTitle.Trim();
        return Peers.FirstOrDefault(p => string.Equals(p.AeTitle.Trim(), wanted, StringComparison.Ordinal));
    }
}
