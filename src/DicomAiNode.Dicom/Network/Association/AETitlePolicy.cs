namespace DicomAiNode.Dicom.Network;

/// <summary>
/// The usual policy: the called AE title must be one of this node's (if any are configured), the calling AE title one of
/// the known peers (if any are configured). AE titles compare without leading and trailing spaces, case-sensitively
/// (PS3.5 §6.2). An empty set means "any".
/// </summary>
public sealed class AETitlePolicy : IAssociationPolicy
{
    private readonly HashSet<string> _calledAETitles;
    private readonly HashSet<string> _callingAETitles;

    public AETitlePolicy(IEnumerable<string>? calledAETitles = null, IEnumerable<string>? knownCallingAETitles = null)
    {
        _calledAETitles = new HashSet<string>((calledAETitles ?? []).Select(a => a.Trim()), StringComparer.Ordinal);
        _callingAETitles = new HashSet<string>((knownCallingAETitles ?? []).Select(a => a.Trim()), StringComparer.Ordinal);
    }

    /// <summary>Accepts every calling and called AE title (a storescp equivalent).</summary>
    public static AETitlePolicy AcceptAny { get; } = new();

    public ValueTask<AssociationDecision> EvaluateAsync(AssociationRequestInfo request, CancellationToken cancellationToken)
    {
        if (_callingAETitles.Count > 0 && !_callingAETitles.Contains(request.CallingAETitle.Trim()))
        {
            return ValueTask.FromResult(AssociationDecision.UnknownCallingAETitle(request.CallingAETitle));
        }
        if (_calledAETitles.Count > 0 && !_calledAETitles.Contains(request.CalledAETitle.Trim()))
        {
            return ValueTask.FromResult(AssociationDecision.UnknownCalledAETitle(request.CalledAETitle));
        }
        return ValueTask.FromResult(AssociationDecision.Accepted);
    }
}
