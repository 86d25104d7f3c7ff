namespace DicomAiNode.Dicom.Imaging;

/// <summary>
/// Maps one stored pixel value (already masked or sign-extended) to an output value. Implemented by structs so that
/// the JIT specialises and inlines the per-sample loops of <see cref="StoredPixelValues"/>.
/// </summary>
internal interface IStoredValueMap<out T>
{
    T Map(long storedValue);
}
