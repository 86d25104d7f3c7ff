using DicomAiNode.Dicom.IO;

namespace DicomAiNode.Pipeline;

/// <summary>What one (series, rule) run produces: the SEG (none without findings), the SR, and the findings.</summary>
public sealed record ResultObjects(DicomFile? Segmentation, DicomFile Report, IReadOnlyList<FindingRecord> Findings);
