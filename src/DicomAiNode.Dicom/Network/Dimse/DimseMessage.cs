namespace DicomAiNode.Dicom.Network;

/// <summary>A complete DIMSE message: its command set and, when the command announces one, its data set bytes.</summary>
public sealed record DimseMessage(byte PresentationContextId, DicomCommand Command, ReadOnlyMemory<byte>? DataSet);
