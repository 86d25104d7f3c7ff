using DicomAiNode.Audit;
using DicomAiNode.Configuration;
using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.IO;
using DicomAiNode.Dicom.Network;
using DicomAiNode.Observability;
using DicomAiNode.Storage;
using DicomAiNode.Studies;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomAiNode.Ingest;

/// <summary>
/// The node's C-STORE handler: streams each data set through <see cref="SpoolingCStoreHandler"/> into the spool
/// folder under a temporary name, parses it completely there, makes it durable (one flush of the spool's write-ahead
/// journal, or fsync of file and folder), renames it into place, indexes it (instance, series, study, calling AE,
/// time, transfer syntax) and only then answers Success. A data set that does not parse, lacks its UIDs or names
/// another instance is answered C000 (cannot understand) before it replaces anything; low disk space gives A700.
/// Failures are audited; the other instances of the study are unaffected.
/// </summary>
public sealed class NodeCStoreHandler : ICStoreHandler, IDisposable
{
    private static readonly DicomReadOptions HeaderOnly = new() { StopAtTag = DicomTag.PixelData };

    private SpoolingCStoreHandler? _spool;
    private readonly StableStudyDetector _detector;
    private readonly ReceptionTally _tally;
    private readonly AuditLog _audit;
    private readonly NodeMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly NodeOptions _options;
    private readonly SpoolFileGate _spoolGate;
    private readonly ILogger<NodeCStoreHandler> _logger;

    public NodeCStoreHandler(IOptions<NodeOptions> options, StableStudyDetector detector, ReceptionTally tally, AuditLog audit, NodeMetrics metrics,
        TimeProvider time, SpoolFileGate spoolGate, ILogger<NodeCStoreHandler> logger)
    {
        _spoolGate = spoolGate;
        _options = options.Value;
        _detector = detector;
        _tally = tally;
        _audit = audit;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        SpoolFolder = _options.SpoolFolderPath;
    }

    public string SpoolFolder { get; }

    /// <summary>
    /// Spool files the journal restored at start. The index is committed before Success is answered, so one the
    /// database does not know was never acknowledged (the node stopped between the journal's flush and the commit):
    /// the sender still has it and sends it again.
    /// </summary>
    public IReadOnlyList<string> RecoveredFiles => _spool?.RecoveredFiles ?? [];

    /// <summary>
    /// Opens the spool, replaying its journal: only once the node holds the data folder's lock (a second node on the
    /// same folder must not replay or reset the journal of the running one), so not in the constructor.
    /// </summary>
    public void OpenSpool()
    {
        _spool ??= new SpoolingCStoreHandler(new SpoolingOptions
        {
            Folder = SpoolFolder,
            MinimumFreeBytes = _options.Disk.MinFreeMegabytes * 1024L * 1024L,
            Journal = _options.Disk.Journal,
            Validate = ValidateAsync,
            OnStored = IndexAsync,
        });
    }

    public void Dispose() => _spool?.Dispose();

    public async ValueTask<DimseResponse> OnCStoreAsync(CStoreRequest request, Stream dataSet, CancellationToken cancellationToken)
    {
        var spool = _spool ?? throw new InvalidOperationException("the spool is not open (OpenSpool)");
        DimseResponse response;
        string? study = null;
        string reasonLabel;
        // Retention does not delete this instance's spool file (a purged study's, same SOP Instance UID) meanwhile.
        await using var receiving = await _spoolGate.EnterReceiveAsync(spool.PathFor(request.SopInstanceUid), cancellationToken);
        try
        {
            response = await spool.OnCStoreAsync(request, dataSet, cancellationToken);
            reasonLabel = response.Status == DicomStatus.OutOfResources ? "out_of_resources" : "invalid";
        }
        catch (CorruptInstanceException e)
        {
            // Refused before it was put in place: the spool holds no trace of it, and an earlier copy is untouched.
            study = e.StudyInstanceUid;
            response = new DimseResponse(DicomStatus.CannotUnderstand, e.Message);
            reasonLabel = "corrupt";
        }
        if (!response.Status.IsFailure) return response;

        string reason = response.ErrorComment ?? response.Status.ToString();
        _metrics.InstancesRejected.Inc(reasonLabel);
        Log.InstanceRejected(_logger, request.SopInstanceUid, request.CallingAETitle, response.Status.ToString(), reason);
        await _audit.WriteAsync(AuditEvents.InstanceRejected(study, request.CallingAETitle.Trim(), request.SopInstanceUid, $"{response.Status}: {reason}")
            with { PeerAddress = request.Association.RemoteEndPoint?.ToString() }, cancellationToken);
        return response;
    }

    /// <summary>
    /// Runs on the complete temporary file, before it is flushed or replaces anything: a full parse (pixel data
    /// deferred, its extent checked) so that a truncated or garbled data set is refused, and an earlier good copy of
    /// the same instance is kept; the parsed data set goes on to <see cref="IndexAsync"/>.
    /// </summary>
    private static async ValueTask<object?> ValidateAsync(string path, CStoreRequest request, CancellationToken cancellationToken)
    {
        DicomDataset dataset;
        try
        {
            dataset = (await DicomFile.OpenAsync(path, DicomReadOptions.Default, cancellationToken)).Dataset;
        }
        catch (Exception e) when (e is DicomFileException or DicomDataException or IOException or InvalidDataException or ArgumentException or OverflowException or FormatException)
        {
            throw new CorruptInstanceException($"data set of {request.SopInstanceUid} does not parse: {e.Message}", e) { StudyInstanceUid = TryReadStudy(path) };
        }
        string study = dataset.GetStringOrDefault(DicomTag.StudyInstanceUID);
        string series = dataset.GetStringOrDefault(DicomTag.SeriesInstanceUID);
        string sop = dataset.GetStringOrDefault(DicomTag.SOPInstanceUID);
        if (study.Length == 0 || series.Length == 0)
        {
            throw new CorruptInstanceException($"data set of {request.SopInstanceUid} lacks StudyInstanceUID (0020,000D) or SeriesInstanceUID (0020,000E)")
            {
                StudyInstanceUid = study.Length == 0 ? null : study,
            };
        }
        if (!string.Equals(sop, request.SopInstanceUid, StringComparison.Ordinal))
        {
            // PS3.4 B.2.3: the data set must be the instance the command names.
            throw new CorruptInstanceException($"SOPInstanceUID (0008,0018) '{sop}' differs from the C-STORE's Affected SOP Instance UID '{request.SopInstanceUid}'")
            {
                StudyInstanceUid = study,
            };
        }
        return dataset;
    }

    /// <summary>Runs once the validated file is durably in place, before Success: index it and count it for the audit.</summary>
    private async ValueTask IndexAsync(StoredInstance stored, CancellationToken cancellationToken)
    {
        var dataset = (DicomDataset)stored.Validation!;
        string study = dataset.GetStringOrDefault(DicomTag.StudyInstanceUID);
        string series = dataset.GetStringOrDefault(DicomTag.SeriesInstanceUID);
        string calling = stored.Association.CallingAETitle.Trim();
        var now = _time.GetUtcNow();
        await _detector.RecordInstanceAsync(new InstanceRecord
        {
            SopInstanceUid = stored.SopInstanceUid,
            SopClassUid = stored.SopClassUid,
            StudyInstanceUid = study,
            SeriesInstanceUid = series,
            Path = stored.Path,
            Size = stored.Length,
            CallingAeTitle = calling,
            ReceivedAt = now,
            TransferSyntaxUid = stored.TransferSyntaxUid,
        }, cancellationToken);
        _metrics.InstancesReceived.Inc();
        _metrics.BytesReceived.Add(stored.Length);
        string? patientId = _options.Audit.IncludePatientId ? dataset.GetStringOrDefault(DicomTag.PatientID) : null;
        _tally.Add(stored.Association.Id, study, calling, stored.Association.RemoteEndPoint?.ToString() ?? "unknown", patientId, stored.Length, now);
    }

    private static string? TryReadStudy(string path)
    {
        try
        {
            var uid = DicomFile.Open(path, HeaderOnly).Dataset.GetStringOrDefault(DicomTag.StudyInstanceUID);
            return uid.Length == 0 ? null : uid;
        }
        catch (Exception e) when (e is DicomFileException or DicomDataException or IOException or InvalidDataException or ArgumentException)
        {
            return null;
        }
    }
}
