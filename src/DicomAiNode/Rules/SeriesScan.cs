namespace DicomAiNode.Rules;

/// <summary>The series found in a folder, and the files that could not be read (with why).</summary>
public sealed record SeriesScan(IReadOnlyList<SeriesAttributes> Series, IReadOnlyList<string> UnreadableFiles);
