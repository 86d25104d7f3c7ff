namespace DicomAiNode.Dicom.Data;

/// <summary>Typed getters (PS3.5 6.2 values as .NET values).</summary>
public sealed partial class DicomDataset
{
    /// <summary>The whole value as text without padding (multiple values keep their backslashes).</summary>
    /// <exception cref="DicomDataException">The element is missing or is a sequence.</exception>
    public string GetString(DicomTag tag) => DicomValueCodec.DecodeString(GetElement(tag), ElementEncoding());

    /// <summary>The values of a text (or binary) element, each without padding.</summary>
    public string[] GetStrings(DicomTag tag) => DicomValueCodec.DecodeStrings(GetElement(tag), ElementEncoding());

    public bool TryGetString(DicomTag tag, out string value)
    {
        if (TryGetItem(tag, out var item) && item is DicomElement e)
        {
            value = DicomValueCodec.DecodeString(e, ElementEncoding());
            return true;
        }
        value = string.Empty;
        return false;
    }

    /// <summary>The whole value as text, or <paramref name="defaultValue"/> when absent or empty.</summary>
    public string GetStringOrDefault(DicomTag tag, string defaultValue = "") =>
        TryGetString(tag, out var value) && value.Length > 0 ? value : defaultValue;

    /// <summary>
    /// Value number <paramref name="index"/> as <typeparamref name="T"/>: numbers from US, SS, UL, SL, FL, FD, O*, SV, UV, IS, DS;
    /// <see cref="DateTime"/>/<see cref="DateOnly"/>/<see cref="TimeOnly"/> from DA, TM, DT; <see cref="DicomUID"/>,
    /// <see cref="DicomPersonName"/>, <see cref="DicomTag"/>, string.
    /// </summary>
    /// <exception cref="DicomDataException">Missing element, no value at <paramref name="index"/>, or a VR that cannot give <typeparamref name="T"/>.</exception>
    public T GetValue<T>(DicomTag tag, int index = 0)
    {
        var values = GetValues<T>(tag);
        if (index < 0 || index >= values.Length)
        {
            throw new DicomDataException(values.Length == 0
                ? $"{Describe(tag)} has no value."
                : $"{Describe(tag)} has {values.Length} value(s); there is no value {index + 1}.");
        }
        return values[index];
    }

    /// <summary>All values as <typeparamref name="T"/> (see <see cref="GetValue{T}"/>).</summary>
    public T[] GetValues<T>(DicomTag tag) => DicomValueCodec.DecodeValues<T>(GetElement(tag), ElementEncoding());

    public bool TryGetValue<T>(DicomTag tag, out T value) => TryGetValue(tag, 0, out value);

    public bool TryGetValue<T>(DicomTag tag, int index, out T value)
    {
        if (TryGetItem(tag, out var item) && item is DicomElement e)
        {
            try
            {
                var values = DicomValueCodec.DecodeValues<T>(e, ElementEncoding());
                if (index >= 0 && index < values.Length)
                {
                    value = values[index];
                    return true;
                }
            }
            catch (DicomDataException)
            {
                // a value that cannot be converted is "not available" for a Try method
            }
        }
        value = default!;
        return false;
    }

    public bool TryGetValues<T>(DicomTag tag, out T[] values)
    {
        if (TryGetItem(tag, out var item) && item is DicomElement e)
        {
            try
            {
                values = DicomValueCodec.DecodeValues<T>(e, ElementEncoding());
                return true;
            }
            catch (DicomDataException)
            {
                // see TryGetValue
            }
        }
        values = [];
        return false;
    }

    /// <summary>The first value, or <paramref name="defaultValue"/> when the element is absent, empty or not convertible.</summary>
    public T GetSingleValueOrDefault<T>(DicomTag tag, T defaultValue) => TryGetValue<T>(tag, out var v) ? v : defaultValue;

    /// <summary>Value number <paramref name="index"/>, or <paramref name="defaultValue"/>.</summary>
    public T GetValueOrDefault<T>(DicomTag tag, int index, T defaultValue) => TryGetValue<T>(tag, index, out var v) ? v : defaultValue;

    /// <summary>A date (DA) and optional time (TM) attribute pair as one <see cref="DateTime"/>, e.g. StudyDate + StudyTime.</summary>
    public DateTime GetDateTime(DicomTag dateTag, DicomTag timeTag)
    {
        var date = GetValue<DateTime>(dateTag);
        return TryGetValue<TimeOnly>(timeTag, out var time) ? date.Date.Add(time.ToTimeSpan()) : date;
    }

    /// <summary>The first value of a PN element.</summary>
    public DicomPersonName GetPersonName(DicomTag tag) => GetValue<DicomPersonName>(tag);

    /// <summary>The element with <paramref name="tag"/>.</summary>
    /// <exception cref="DicomDataException">Missing, or a sequence / encapsulated pixel data.</exception>
    public DicomElement GetElement(DicomTag tag)
    {
        if (!TryGetItem(tag, out var item))
        {
            throw new DicomDataException($"{Describe(tag)} is missing from the data set.");
        }
        return item as DicomElement
               ?? throw new DicomDataException($"{Describe(tag)} is a {(item is DicomSequence ? "sequence (SQ)" : "fragment sequence (encapsulated)")}, not an element with a value.");
    }

    /// <summary>The sequence with <paramref name="tag"/>.</summary>
    /// <exception cref="DicomDataException">Missing or not a sequence.</exception>
    public DicomSequence GetSequence(DicomTag tag)
    {
        if (!TryGetItem(tag, out var item))
        {
            throw new DicomDataException($"{Describe(tag)} is missing from the data set.");
        }
        return item as DicomSequence ?? throw new DicomDataException($"{Describe(tag)} has VR {item.VR.Code}, not SQ.");
    }

    public bool TryGetSequence(DicomTag tag, out DicomSequence sequence)
    {
        sequence = (TryGetItem(tag, out var item) ? item as DicomSequence : null)!;
        return sequence is not null;
    }

    /// <summary>Whether the element exists and has a non-empty value (Type 1 attributes, PS3.5 7.4).</summary>
    public bool HasValue(DicomTag tag) =>
        TryGetItem(tag, out var item) && item switch
        {
            DicomElement e => e.Length > 0,
            DicomSequence s => s.Items.Count > 0,
            DicomFragmentSequence f => f.Fragments.Count > 0,
            _ => false,
        };

    private DicomEncoding ElementEncoding() => _encoding;
}
