namespace DicomAiNode.Dicom.Network;

/// <summary>
/// The data set of one incoming message, read straight from the association's PDV fragments as the handler asks for
/// bytes: nothing is buffered beyond the pipe. A PDU other than P-DATA-TF, a command fragment, another context or a
/// timeout ends the stream with an <see cref="IOException"/>; the association runtime then acts on <see cref="Failure"/>.
/// </summary>
internal sealed class DataSetStream : Stream
{
    private readonly UpperLayerConnection _connection;
    private readonly byte _contextId;
    private readonly TimeSpan _timeout;
    private readonly long _maxLength;
    private bool _lastFragment;
    private long _position;

    public DataSetStream(UpperLayerConnection connection, byte contextId, TimeSpan timeout, long maxLength)
    {
        _connection = connection;
        _contextId = contextId;
        _timeout = timeout;
        _maxLength = maxLength;
    }

    /// <summary>Why the stream ended early: a PDU that interrupted the data set, a protocol violation, a timeout, a closed transport.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>The non-P-DATA PDU that arrived in the middle of the data set (A-ABORT, A-RELEASE-RQ…), if any.</summary>
    public IncomingUnit? Interruption { get; private set; }

    public bool Completed => _lastFragment && _connection.RemainingInFragment == 0;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Failure is not null)
        {
            throw new IOException("The association failed while receiving this data set.", Failure);
        }
        try
        {
            while (true)
            {
                if (_connection.RemainingInFragment > 0)
                {
                    int n = await _connection.ReadFragmentAsync(buffer, _timeout).ConfigureAwait(false);
                    _position += n;
                    if (_position > _maxLength)
                    {
                        throw new DimseException($"Data set exceeds the {_maxLength}-byte limit.");
                    }
                    return n;
                }
                if (_lastFragment || buffer.IsEmpty)
                {
                    return 0;
                }
                var unit = await _connection.ReadAsync(_timeout).ConfigureAwait(false);
                if (!unit.IsPdv)
                {
                    Interruption = unit;
                    throw new IOException($"{PduDecoder.Name(unit.Pdu!.Type)} arrived in the middle of a data set.");
                }
                if (unit.IsCommand || unit.PresentationContextId != _contextId)
                {
                    throw new DimseException($"Expected a data set fragment on presentation context {_contextId}, got a {(unit.IsCommand ? "command" : "data set")} fragment on context {unit.PresentationContextId} (PS3.8 Annex E: no interleaving).");
                }
                _lastFragment = unit.IsLastFragment;
            }
        }
        catch (Exception ex) when (Failure is null)
        {
            Failure = ex;
            throw ex is IOException ? ex : new IOException(ex.Message, ex);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    /// <summary>Reads and discards whatever the handler left, so the next message starts on a PDV boundary.</summary>
    public async ValueTask DrainAsync()
    {
        if (Failure is not null)
        {
            return;
        }
        var scratch = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (await ReadAsync(scratch).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (IOException)
        {
            // Recorded in Failure.
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
