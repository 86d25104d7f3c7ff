using DicomAiNode.Dicom.IO;

namespace DicomAiNode.Dicom.Tests.IO;

/// <summary>Files we write must satisfy dicom3tools' dciodvfy exactly as well as the originals did (no new errors or warnings).</summary>
public class DciodvfyTests
{
    public static TheoryData<string, string> Cases
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var file in new[] { "CT_small.dcm", "MR_small.dcm", "rtplan.dcm" })
            {
                // dciodvfy cannot inflate (it fails on pydicom's own deflated file too): deflate is checked with dcmdump below.
                foreach (var syntax in DicomTransferSyntax.Uncompressed.Where(s => !s.IsDeflated))
                {
                    data.Add(file, syntax.UID.UID);
                }
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rewritten_files_pass_dciodvfy_with_no_new_messages(string name, string transferSyntax)
    {
        var dciodvfy = TestFiles.Tool("dciodvfy", "dicom3tools");
        var source = TestFiles.Pydicom(name);
        var folder = TestFiles.TemporaryFolder();
        try
        {
            var target = Path.Combine(folder, name);
            DicomFile.Open(source).ChangeTransferSyntax(DicomTransferSyntax.Lookup(transferSyntax)).Save(target);
            var before = Messages(ProcessRunner.Run(dciodvfy, [source]));
            var after = Messages(ProcessRunner.Run(dciodvfy, [target]));
            var added = after.Except(before).ToArray();
            Assert.True(added.Length == 0, $"dciodvfy reports new messages for our {name} in {transferSyntax}:\n{string.Join('\n', added)}");
            Assert.DoesNotContain(after, m => m.StartsWith("Error", StringComparison.Ordinal) && !before.Contains(m));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Theory]
    [InlineData("CT_small.dcm")]
    [InlineData("rtplan.dcm")]
    public void Deflated_files_are_read_by_dcmdump_without_warnings(string name)
    {
        var dcmdump = TestFiles.Tool("dcmdump", "dcmtk");
        var folder = TestFiles.TemporaryFolder();
        try
        {
            var original = DicomFile.Open(TestFiles.Pydicom(name));
            var target = Path.Combine(folder, name);
            original.ChangeTransferSyntax(DicomTransferSyntax.DeflatedExplicitVRLittleEndian).Save(target);
            var (exit, stdout, stderr) = ProcessRunner.Run(dcmdump, ["-M", target]);
            Assert.True(exit == 0, stderr);
            Assert.DoesNotContain("W: ", stdout + stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("E: ", stdout + stderr, StringComparison.Ordinal);
            Assert.Contains("Deflated Explicit VR Little Endian", stdout, StringComparison.Ordinal);
            Assert.Contains(original.Dataset.GetString(DicomAiNode.Dicom.Data.DicomTag.SOPInstanceUID), stdout, StringComparison.Ordinal);
            Assert.True(new FileInfo(target).Length < new FileInfo(TestFiles.Pydicom(name)).Length, "deflate did not compress");
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    private static HashSet<string> Messages((int ExitCode, string Stdout, string Stderr) result) =>
        (result.Stdout + "\n" + result.Stderr).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToHashSet(StringComparer.Ordinal);
}
