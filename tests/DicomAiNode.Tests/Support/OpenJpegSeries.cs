using DicomAiNode.Dicom.Tests;

namespace DicomAiNode.Tests.Support;

/// <summary>
/// Compresses a folder of native single-frame images to JPEG 2000 with OpenJPEG's opj_compress (the real encoder,
/// Debian libopenjp2-tools), encapsulated into DICOM by pydicom (PS3.5 A.4): a series as a J2K archive would send it.
/// </summary>
public static class OpenJpegSeries
{
    private const string Script = """
        import os, subprocess, sys
        import pydicom
        from pydicom.encaps import encapsulate
        from pydicom.uid import UID
        source, target, syntax = sys.argv[1:4]
        options = sys.argv[4:]
        os.makedirs(target, exist_ok=True)
        for name in sorted(n for n in os.listdir(source) if n.endswith('.dcm')):
            ds = pydicom.dcmread(os.path.join(source, name))
            signed = ds.PixelRepresentation == 1
            raw, j2k = os.path.join(target, name + '.rawl'), os.path.join(target, name + '.j2k')
            ds.pixel_array.astype('<i2' if signed else '<u2').tofile(raw)
            spec = f"{ds.Columns},{ds.Rows},1,{ds.BitsStored},{'s' if signed else 'u'}"
            run = subprocess.run(['opj_compress', '-i', raw, '-o', j2k, '-F', spec] + options, capture_output=True, text=True)
            if run.returncode != 0:
                sys.exit(f'opj_compress failed on {name}: {run.stdout}{run.stderr}')
            ds.PixelData = encapsulate([open(j2k, 'rb').read()])
            ds['PixelData'].is_undefined_length = True
            ds.file_meta.TransferSyntaxUID = UID(syntax)
            ds.is_little_endian = True
            ds.is_implicit_VR = False
            ds.save_as(os.path.join(target, name), write_like_original=False)
            os.remove(raw)
            os.remove(j2k)
        """;

    /// <summary>Writes every <c>*.dcm</c> of <paramref name="source"/> into <paramref name="target"/> as <paramref name="syntaxUid"/>, opj_compress run with <paramref name="options"/>.</summary>
    public static void Compress(string source, string target, string syntaxUid, params string[] options)
    {
        if (!File.Exists("/usr/bin/opj_compress")) Assert.Fail("OpenJPEG peer missing: /usr/bin/opj_compress not found. apt-get install libopenjp2-tools");
        if (!File.Exists(Phantom.Python)) Assert.Fail($"{Phantom.Python} is missing: apt-get install python3-pydicom python3-numpy");
        var (exit, stdout, stderr) = ProcessRunner.Run(Phantom.Python, new[] { "-c", Script, source, target, syntaxUid }.Concat(options), timeoutSeconds: 300);
        Assert.True(exit == 0, $"JPEG 2000 compression of {source} failed: {stdout}{stderr}");
    }
}
