namespace DicomAiNode.Dicom.Network;

/// <summary>
/// Receives the data set of a C-STORE-RQ as a stream while it arrives (never a materialised data set) and decides the
/// status (PS3.4 Table B.2-1). Whatever the handler leaves unread is drained before the response is sent.
/// </summary>
public interface ICStoreHandler
{
    ValueTask<DimseResponse> OnCStoreAsync(CStoreRequest request, Stream dataSet, CancellationToken cancellationToken);
}
