namespace DicomAiNode.Dicom.Tests.Network;

/// <summary>Byte-level PDU fixtures laid out field by field after PS3.8 §9.3.</summary>
internal static class PduFixtures
{
    public static byte[] Hex(string text) =>
        Convert.FromHexString(string.Concat(text.Split('\n').Select(l => l.Split('#')[0]).SelectMany(l => l.Where(Uri.IsHexDigit))));

    /// <summary>A-ASSOCIATE-RQ: ECHOSCU → ECHOSCP, one Verification context with Implicit VR LE, max PDU 16384.</summary>
    public static readonly byte[] AssociateRequest = Hex("""
        01 00 000000CE                      # type 01, reserved, length 206
        0001 0000                           # protocol version 1, reserved
        4543484F53435020 2020202020202020   # called AE 'ECHOSCP' padded to 16
        4543484F53435520 2020202020202020   # calling AE 'ECHOSCU'
        0000000000000000 0000000000000000 0000000000000000 0000000000000000  # 32 reserved
        10 00 0015 312E322E3834302E31303030382E332E312E312E31               # application context 1.2.840.10008.3.1.1.1
        20 00 002E 01 00 00 00                                                # presentation context 1
          30 00 0011 312E322E3834302E31303030382E312E31                       # abstract syntax 1.2.840.10008.1.1
          40 00 0011 312E322E3834302E31303030382E312E32                       # transfer syntax 1.2.840.10008.1.2
        50 00 003B                                                            # user information
          51 00 0004 00004000                                                 # max length 16384
          52 00 001D 312E322E3832362E302E312E333638303034332E31302E313434322E31  # 1.2.826.0.1.3680043.10.1442.1
          55 00 000E 4449434F4D41494E4F4445303130                             # version name DICOMAINODE010
        """);

    /// <summary>A-ASSOCIATE-AC answering <see cref="AssociateRequest"/>: context 1 accepted with Implicit VR LE.</summary>
    public static readonly byte[] AssociateAccept = Hex("""
        02 00 000000B9                      # type 02, length 185
        0001 0000
        4543484F53435020 2020202020202020
        4543484F53435520 2020202020202020
        0000000000000000 0000000000000000 0000000000000000 0000000000000000
        10 00 0015 312E322E3834302E31303030382E332E312E312E31
        21 00 0019 01 00 00 00                                                # context 1, result 0
          40 00 0011 312E322E3834302E31303030382E312E32
        50 00 003B
          51 00 0004 00004000
          52 00 001D 312E322E3832362E302E312E333638303034332E31302E313434322E31
          55 00 000E 4449434F4D41494E4F4445303130
        """);

    public static readonly byte[] AssociateReject = Hex("03 00 00000004 00 01 01 03");

    public static readonly byte[] ReleaseRequest = Hex("05 00 00000004 00000000");

    public static readonly byte[] ReleaseResponse = Hex("06 00 00000004 00000000");

    public static readonly byte[] Abort = Hex("07 00 00000004 0000 02 06");

    /// <summary>P-DATA-TF with one last command fragment of 4 bytes on context 1.</summary>
    public static readonly byte[] DataTransfer = Hex("04 00 0000000A 00000006 01 03 00000000");
}
