using System.Buffers;

namespace DicomAiNode.Dicom.Network;

/// <summary>
/// Reassembles DIMSE messages from PDV fragments held in memory (PS3.8 Annex E, PS3.7 §6.3.1): the command
/// fragments, then (if announced) the data set fragments, all on one presentation context, never interleaved with
/// another message, within configured size caps so that a peer that never sets "last fragment" cannot exhaust memory.
/// The SCP streams large data sets instead (see <c>DataSetStream</c>); this assembler serves responses and small messages.
/// </summary>
public sealed class DimseMessageAssembler
{
    private readonly int _maxCommandLength;
    private readonly long _maxDataSetLength;
    private readonly ArrayBufferWriter<byte> _command = new(256);
    private ArrayBufferWriter<byte>? _dataSet;
    private DicomCommand? _pendingCommand;
    private byte _contextId;
    private bool _inCommand;

    public DimseMessageAssembler(int maxCommandLength = 64 * 1024, long maxDataSetLength = 64L * 1024 * 1024)
    {
        _maxCommandLength = maxCommandLength;
        _maxDataSetLength = maxDataSetLength;
    }

    /// <summary>Whether a message is partly received (between its first and its last fragment).</summary>
    public bool InProgress => _inCommand || _pendingCommand is not null;

    /// <summary>Adds one PDV; returns the message it completes, or null while more fragments are needed.</summary>
    public DimseMessage? Add(in PresentationDataValue pdv)
    {
        if (pdv.IsCommand)
        {
            if (_pendingCommand is not null)
            {
                throw new DimseException($"Command fragment on context {pdv.PresentationContextId} while the data set of the previous command on context {_contextId} is incomplete (PS3.8 Annex E: no interleaving).");
            }
            if (_inCommand && pdv.PresentationContextId != _contextId)
            {
                throw new DimseException($"Command fragment on context {pdv.PresentationContextId} interleaves a command on context {_contextId} (PS3.8 Annex E).");
            }
            _inCommand = true;
            _contextId = pdv.PresentationContextId;
            if (_command.WrittenCount + pdv.Fragment.Length > _maxCommandLength)
            {
                throw new DimseException($"Command set exceeds {_maxCommandLength} bytes without a last fragment.");
            }
            _command.Write(pdv.Fragment.Span);
            if (!pdv.IsLastFragment)
            {
                return null;
            }
            _inCommand = false;
            var command = DicomCommand.Decode(_command.WrittenSpan);
            _command.Clear();
            if (!command.HasDataSet)
            {
                return new DimseMessage(_contextId, command, null);
            }
            _pendingCommand = command;
            _dataSet = new ArrayBufferWriter<byte>(4096);
            return null;
        }

        if (_pendingCommand is null)
        {
            throw new DimseException(_inCommand
                ? $"Data set fragment on context {pdv.PresentationContextId} before the last command fragment (PS3.8 Annex E)."
                : $"Data set fragment on context {pdv.PresentationContextId} without a preceding command (PS3.7 §6.3.1).");
        }
        if (pdv.PresentationContextId != _contextId)
        {
            throw new DimseException($"Data set fragment on context {pdv.PresentationContextId} for a command received on context {_contextId} (PS3.8 Annex E).");
        }
        if (_dataSet!.WrittenCount + (long)pdv.Fragment.Length > _maxDataSetLength)
        {
            throw new DimseException($"Data set exceeds the {_maxDataSetLength}-byte cap on reassembled messages.");
        }
        _dataSet.Write(pdv.Fragment.Span);
        if (!pdv.IsLastFragment)
        {
            return null;
        }
        var message = new DimseMessage(_contextId, _pendingCommand, _dataSet.WrittenMemory);
        _pendingCommand = null;
        _dataSet = null;
        return message;
    }
}
