using DicomAiNode.Dicom.Data;

namespace DicomAiNode.Dicom.Tests;

/// <summary>Compares two data sets element by element (tags, VRs, value bytes, nested items) and names the first difference.</summary>
internal static class DatasetComparer
{
    public static void AssertEqual(DicomDataset expected, DicomDataset actual, bool compareVR = true, string path = "")
    {
        var e = expected.ToList();
        var a = actual.ToList();
        Assert.True(e.Select(i => i.Tag).SequenceEqual(a.Select(i => i.Tag)),
            $"{path}: tags differ: expected [{string.Join(' ', e.Select(i => i.Tag))}] got [{string.Join(' ', a.Select(i => i.Tag))}]");
        for (int i = 0; i < e.Count; i++)
        {
            var where = $"{path}{e[i].Tag}";
            if (compareVR)
            {
                Assert.True(e[i].VR == a[i].VR, $"{where}: VR {e[i].VR} became {a[i].VR}");
            }
            switch (e[i])
            {
                case DicomElement ee:
                    var ae = Assert.IsType<DicomElement>(a[i]);
                    var expectedBytes = Padded(ee.Buffer.Data.ToArray(), ee.VR);
                    var actualBytes = Padded(ae.Buffer.Data.ToArray(), ae.VR);
                    Assert.True(expectedBytes.AsSpan().SequenceEqual(actualBytes), $"{where}: value differs ({expectedBytes.Length} vs {actualBytes.Length} bytes)");
                    break;
                case DicomSequence es:
                    var sa = Assert.IsType<DicomSequence>(a[i]);
                    Assert.True(es.Items.Count == sa.Items.Count, $"{where}: {es.Items.Count} items became {sa.Items.Count}");
                    for (int k = 0; k < es.Items.Count; k++)
                    {
                        AssertEqual(es.Items[k], sa.Items[k], compareVR, $"{where}[{k}]/");
                    }
                    break;
                case DicomFragmentSequence ef:
                    var fa = Assert.IsType<DicomFragmentSequence>(a[i]);
                    Assert.Equal(ef.BasicOffsetTable, fa.BasicOffsetTable);
                    Assert.Equal(ef.Fragments.Count, fa.Fragments.Count);
                    for (int k = 0; k < ef.Fragments.Count; k++)
                    {
                        Assert.True(Padded(ef.Fragments[k].Data.ToArray(), DicomVR.OB).AsSpan().SequenceEqual(Padded(fa.Fragments[k].Data.ToArray(), DicomVR.OB)), $"{where}: fragment {k} differs");
                    }
                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>Values are written with even length: an odd value read from a malformed file comes back padded.</summary>
    private static byte[] Padded(byte[] value, DicomVR vr) =>
        (value.Length & 1) == 0 ? value : [.. value, vr.PaddingByte];
}
