namespace DicomAiNode.Dicom.Network;

/// <summary>
/// Asynchronous Operations Window sub-item (53H, PS3.7 §D.3.3.3). 0 means unlimited; an absent item means 1/1
/// (synchronous operation).
/// </summary>
public readonly record struct AsynchronousOperationsWindow(ushort MaxOperationsInvoked, ushort MaxOperationsPerformed)
{
    /// <summary>The default when the item is absent: synchronous.</summary>
    public static AsynchronousOperationsWindow Synchronous => new(1, 1);
}
