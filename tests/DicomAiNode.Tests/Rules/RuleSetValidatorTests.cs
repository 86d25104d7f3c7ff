using DicomAiNode.Configuration;
using DicomAiNode.Rules;
using DicomAiNode.Tests.Support;

namespace DicomAiNode.Tests.Rules;

public sealed class RuleSetValidatorTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly NodeOptions _options;

    public RuleSetValidatorTests()
    {
        _options = TestNode.Options(_folder);
    }

    public void Dispose() => _folder.Dispose();

    private IReadOnlyList<string> LoadWithRule(string ruleJson)
    {
        _folder.Write("config/rules.json", $$"""{ "rules": [ {{ruleJson}} ] }""");
        var (rules, problems) = RuleSetLoader.Load(_options, DateTimeOffset.UnixEpoch);
        Assert.True(rules is null == problems.Count > 0);
        return problems;
    }

    private const string Valid = """
        "model": "models/phantom-yoloe-seg.onnx",
        "prompt": { "mode": "text", "classes": ["lung_nodule"] },
        "windows": [ { "name": "lung", "center": -600, "width": 1500 } ],
        "destinations": ["ORTHANC"]
        """;

    [Fact]
    public void Shipped_rules_and_codes_are_valid()
    {
        var (rules, problems) = RuleSetLoader.Load(_options, DateTimeOffset.UnixEpoch);
        Assert.Empty(problems);
        var rule = Assert.Single(rules!.Rules);
        Assert.Equal(["lung_nodule", "ground_glass_opacity", "pleural_effusion"], rule.Definition.Prompt.Classes);
        Assert.Equal(Path.Combine(_folder.Path, "models", "phantom-yoloe-seg.onnx"), rule.ModelPath);
        Assert.Equal(4, rules.Codes.Classes.Count);
        Assert.Equal("27925004", rules.Codes.Find("lung_nodule")!.Type!.Value);
    }

    [Fact]
    public void A_minimal_rule_is_valid()
    {
        Assert.Empty(LoadWithRule($$"""{ "name": "ok", "match": { "modality": "CT" }, {{Valid}} }"""));
    }

    [Fact]
    public void Bad_regex_names_file_rule_and_field()
    {
        var problem = Assert.Single(LoadWithRule($$"""{ "name": "r1", "match": { "modality": "CT", "seriesDescription": "(chest" }, {{Valid}} }"""));
        Assert.StartsWith("rules.json: rule 'r1' (#0): match.seriesDescription: invalid regular expression '(chest'", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_model_file_is_reported()
    {
        var problem = Assert.Single(LoadWithRule("""
            { "name": "r1", "match": { "modality": "CT" }, "model": "models/missing.onnx",
              "prompt": { "classes": ["lung_nodule"] }, "windows": [ { "name": "lung", "center": -600, "width": 1500 } ], "destinations": ["ORTHANC"] }
            """));
        Assert.StartsWith("rules.json: rule 'r1' (#0): model: file 'models/missing.onnx' does not exist", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_destination_and_send_only_peer_as_destination_are_reported()
    {
        var problems = LoadWithRule("""
            { "name": "r1", "match": { "modality": "CT" }, "model": "models/phantom-yoloe-seg.onnx",
              "prompt": { "classes": ["lung_nodule"] }, "windows": [ { "name": "lung", "center": -600, "width": 1500 } ],
              "destinations": ["NOWHERE", "STORESCU"] }
            """);
        Assert.Equal(
            [
                "rules.json: rule 'r1' (#0): destinations[0]: unknown peer 'NOWHERE': not in appsettings.json (Peers)",
                "rules.json: rule 'r1' (#0): destinations[1]: peer 'STORESCU' has AllowDestination false",
            ],
            problems);
    }

    [Fact]
    public void Missing_classes_and_class_without_code_are_reported()
    {
        var missing = Assert.Single(LoadWithRule("""
            { "name": "r1", "match": { "modality": "CT" }, "model": "models/phantom-yoloe-seg.onnx",
              "prompt": { "mode": "promptFree" }, "windows": [ { "name": "lung", "center": -600, "width": 1500 } ], "destinations": ["ORTHANC"] }
            """));
        Assert.Equal("rules.json: rule 'r1' (#0): prompt.classes: is missing: name the classes the rule reports", missing);

        var uncoded = Assert.Single(LoadWithRule("""
            { "name": "r2", "match": { "modality": "CT" }, "model": "models/phantom-yoloe-seg.onnx",
              "prompt": { "classes": ["lung_nodule", "kidney_stone"] }, "windows": [ { "name": "lung", "center": -600, "width": 1500 } ], "destinations": ["ORTHANC"] }
            """));
        Assert.Equal("rules.json: rule 'r2' (#0): prompt.classes[1]: 'kidney_stone' has no entry in the codes file (CodesPath)", uncoded);
    }

    [Fact]
    public void Rule_without_name_or_modality_is_reported_by_index()
    {
        var problems = LoadWithRule($$"""{ "match": { }, {{Valid}} }""");
        Assert.Contains("rules.json: rule #0: name: is required", problems);
        Assert.Contains(problems, p => p.StartsWith("rules.json: rule #0: match.modality: is required", StringComparison.Ordinal));
    }

    [Fact]
    public void Misspelt_field_is_an_error_with_path_and_line()
    {
        var problem = Assert.Single(LoadWithRule($$"""
            { "name": "r1",
              "match": { "modality": "CT", "bodyPart": "CHEST" }, {{Valid}} }
            """));
        Assert.StartsWith("rules.json: line 2: $.rules[0].match.bodyPart:", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void SR_without_SEG_windows_and_thresholds_out_of_range_are_reported()
    {
        var problems = LoadWithRule("""
            { "name": "r1", "match": { "modality": "CT", "sliceThicknessMm": { "min": 5, "max": 1 } },
              "model": "models/phantom-yoloe-seg.onnx", "prompt": { "classes": ["lung_nodule"] },
              "windows": [ { "name": "lung", "center": -600, "width": 0 } ],
              "thresholds": { "confidence": 1.5, "iou": 0.5, "maxDetections": 10 },
              "postProcessing": { "constraint": "liver" },
              "outputs": { "seg": false, "sr": true }, "destinations": ["ORTHANC"] }
            """);
        Assert.Contains("rules.json: rule 'r1' (#0): match.sliceThicknessMm: min 5 is greater than max 1", problems);
        Assert.Contains("rules.json: rule 'r1' (#0): windows[0].width: must be at least 1 (is 0)", problems);
        Assert.Contains("rules.json: rule 'r1' (#0): thresholds.confidence: must be in (0, 1] (is 1.5)", problems);
        Assert.Contains("rules.json: rule 'r1' (#0): postProcessing.constraint: unknown constraint 'liver' (known: none, lung)", problems);
        Assert.Contains("rules.json: rule 'r1' (#0): outputs.sr: the SR references the SEG's segments: set seg as well", problems);
    }

    [Fact]
    public void Visual_prompt_needs_exemplars_with_known_classes()
    {
        _folder.Write("config/exemplar.png", "png");
        var problems = LoadWithRule("""
            { "name": "v", "match": { "modality": "CT" }, "model": "models/phantom-yoloe-seg.onnx",
              "prompt": { "mode": "visual", "classes": ["lung_nodule"],
                          "exemplars": [ { "image": "config/exemplar.png", "boxes": [ { "class": "liver_cyst", "x1": 10, "y1": 10, "x2": 5, "y2": 20 } ] } ] },
              "windows": [ { "name": "lung", "center": -600, "width": 1500 } ], "destinations": ["ORTHANC"] }
            """);
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("rules.json: rule 'v' (#0): prompt.exemplars[0].boxes[0]: (10,10)-(5,20) is not a box", StringComparison.Ordinal));
        Assert.Contains("rules.json: rule 'v' (#0): prompt.exemplars[0].boxes[0].class: 'liver_cyst' is not one of prompt.classes", problems);
    }

    [Fact]
    public void Retired_SRT_scheme_in_codes_is_rejected()
    {
        _folder.Write("config/codes.json", """
            { "classes": { "lung_nodule": { "category": { "value": "M-01000", "scheme": "SRT", "meaning": "Morphologically Altered Structure" },
                                            "type": { "value": "27925004", "scheme": "SCT", "meaning": "Nodule" } } } }
            """);
        var (rules, problems) = RuleSetLoader.Load(_options, DateTimeOffset.UnixEpoch);
        Assert.Null(rules);
        Assert.Contains("codes.json: class 'lung_nodule': category.scheme: SRT is retired: use SCT (PS3.16 Section 8)", problems);
    }

    [Fact]
    public void Calling_AE_criterion_must_name_a_sending_peer()
    {
        var problem = Assert.Single(LoadWithRule($$"""{ "name": "r1", "match": { "modality": "CT", "callingAeTitles": ["GHOST"] }, {{Valid}} }"""));
        Assert.Equal("rules.json: rule 'r1' (#0): match.callingAeTitles[0]: 'GHOST' is not a peer in appsettings.json (Peers)", problem);
    }
}
