using DicomAiNode.Rules;
using DicomAiNode.Tests.Support;

namespace DicomAiNode.Tests.Rules;

public sealed class RuleMatcherTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly RuleSet _rules;

    public RuleMatcherTests()
    {
        var (rules, problems) = RuleSetLoader.Load(TestNode.Options(_folder), DateTimeOffset.UnixEpoch);
        Assert.Empty(problems);
        _rules = rules!;
    }

    public void Dispose() => _folder.Dispose();

    private static SeriesAttributes ChestCt => new()
    {
        Modality = "CT",
        BodyPartExamined = "CHEST",
        SeriesDescription = "Thorax 1.0 B70f",
        ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"],
        SliceThickness = 1.0,
        InstanceCount = 120,
        CallingAeTitle = "STORESCU",
    };

    [Fact]
    public void Shipped_chest_rule_matches_an_axial_chest_CT_and_says_why()
    {
        var evaluation = Assert.Single(RuleMatcher.Evaluate(_rules, ChestCt));
        Assert.True(evaluation.IsMatch, evaluation.ToString());
        Assert.Equal("chest-ct-lung", evaluation.Rule.Name);
        Assert.Contains(evaluation.Reasons, r => r.Contains("Modality 'CT' matches", StringComparison.Ordinal));
        Assert.Contains(evaluation.Reasons, r => r.Contains("BodyPartExamined 'CHEST' matches", StringComparison.Ordinal));
    }

    [Fact]
    public void Chest_keyword_in_study_description_is_enough_when_body_part_is_empty()
    {
        var series = ChestCt with { BodyPartExamined = "", SeriesDescription = "1.0 B70f", StudyDescription = "CT LUNG LOW DOSE" };
        Assert.True(Assert.Single(RuleMatcher.Evaluate(_rules, series)).IsMatch);
    }

    [Fact]
    public void Localizer_is_excluded_with_the_reason()
    {
        var series = ChestCt with { ImageType = ["ORIGINAL", "PRIMARY", "LOCALIZER"], InstanceCount = 12 };
        var evaluation = Assert.Single(RuleMatcher.Evaluate(_rules, series));
        Assert.False(evaluation.IsMatch);
        Assert.Equal(["ImageType [ORIGINAL\\PRIMARY\\LOCALIZER] has excluded LOCALIZER"], evaluation.Reasons);
    }

    [Fact]
    public void Abdominal_MR_lists_every_failed_criterion()
    {
        var series = new SeriesAttributes { Modality = "MR", BodyPartExamined = "ABDOMEN", InstanceCount = 3, SliceThickness = 6 };
        var evaluation = Assert.Single(RuleMatcher.Evaluate(_rules, series));
        Assert.False(evaluation.IsMatch);
        Assert.Contains("Modality 'MR' does not match /^CT$/", evaluation.Reasons);
        Assert.Contains(evaluation.Reasons, r => r.StartsWith("none of BodyPartExamined 'ABDOMEN'", StringComparison.Ordinal));
        Assert.Contains("SliceThickness 6 mm is outside [0.5, 5] mm", evaluation.Reasons);
        Assert.Contains("3 instances, rule wants at least 10", evaluation.Reasons);
        Assert.Empty(RuleMatcher.Matching(_rules, series));
    }

    [Fact]
    public void Missing_slice_thickness_does_not_match_a_thickness_range()
    {
        var evaluation = Assert.Single(RuleMatcher.Evaluate(_rules, ChestCt with { SliceThickness = null }));
        Assert.False(evaluation.IsMatch);
        Assert.Contains("SliceThickness is absent, rule wants [0.5, 5] mm", evaluation.Reasons);
    }

    [Fact]
    public void Regular_expressions_ignore_case()
    {
        Assert.True(Assert.Single(RuleMatcher.Evaluate(_rules, ChestCt with { Modality = "ct", BodyPartExamined = "Lung" })).IsMatch);
    }
}
