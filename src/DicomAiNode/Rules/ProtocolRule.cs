namespace DicomAiNode.Rules;

/// <summary>
/// One per-protocol rule of <c>config/rules.json</c>: which series it applies to, which model runs with which prompts,
/// windows, thresholds and post-processing, what it produces and where the results go.
/// </summary>
public sealed class ProtocolRule
{
    public string Name { get; set; } = "";

    public string? Description { get; set; }

    public bool Enabled { get; set; } = true;

    public SeriesCriteria Match { get; set; } = new();

    /// <summary>ONNX model file; relative paths are resolved against the node's base directory.</summary>
    public string Model { get; set; } = "";

    public PromptSettings Prompt { get; set; } = new();

    /// <summary>Windows as input channels, in order (e.g. lung −600/1500, mediastinum 50/350, bone 400/1800).</summary>
    public List<WindowSetting> Windows { get; set; } = [];

    public DetectionThresholds Thresholds { get; set; } = new();

    public PostProcessingSettings PostProcessing { get; set; } = new();

    public RuleOutputs Outputs { get; set; } = new();

    /// <summary>AE titles of peers (with AllowDestination) that receive the results.</summary>
    public List<string> Destinations { get; set; } = [];
}
