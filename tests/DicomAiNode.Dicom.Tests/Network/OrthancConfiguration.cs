using System.Text.Json.Nodes;

namespace DicomAiNode.Dicom.Tests.Network;

/// <summary>
/// The configuration of a private test Orthanc (also compiled into the node's tests): loopback only, no
/// authentication, storing from anyone, and the node under test as DICOM modality "node".
/// </summary>
internal static class OrthancConfiguration
{
    public static JsonObject Private(string folder, int httpPort, int dicomPort, string nodeAeTitle, int nodePort) => new()
    {
        ["Name"] = "DicomAiNodeTest",
        ["StorageDirectory"] = Path.Combine(folder, "storage"),
        ["IndexDirectory"] = Path.Combine(folder, "index"),
        ["HttpPort"] = httpPort,
        ["DicomPort"] = dicomPort,
        ["DicomAet"] = "ORTHANC",
        ["RemoteAccessAllowed"] = false,
        ["AuthenticationEnabled"] = false,
        ["DicomAlwaysAllowStore"] = true,
        ["DicomAlwaysAllowEcho"] = true,
        ["DicomCheckCalledAet"] = false,
        ["DicomCheckModalityHost"] = false,
        ["DicomModalities"] = new JsonObject { ["node"] = new JsonArray(nodeAeTitle, "127.0.0.1", nodePort) },
        ["Plugins"] = new JsonArray(),
        ["StorageCompression"] = false,
        ["SaveJobs"] = false,
        // The node re-sends a result under the same SOP Instance UID when it re-runs a series: the newest wins.
        ["OverwriteInstances"] = true,
    };
}
