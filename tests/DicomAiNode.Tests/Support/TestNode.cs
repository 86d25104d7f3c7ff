using DicomAiNode.Configuration;

namespace DicomAiNode.Tests.Support;

/// <summary>Node options rooted in a temp folder, with the shipped rules and codes copied in and a placeholder model file.</summary>
public static class TestNode
{
    public static NodeOptions Options(TempFolder folder, bool copyShippedConfig = true)
    {
        if (copyShippedConfig)
        {
            folder.Write("config/rules.json", System.IO.File.ReadAllText(RepositoryPaths.File("config/rules.json")));
            folder.Write("config/codes.json", System.IO.File.ReadAllText(RepositoryPaths.File("config/codes.json")));
        }
        // The rules validator checks that the model file exists; its content is the Vision library's concern.
        folder.Write("models/phantom-yoloe-seg.onnx", "placeholder");
        return new NodeOptions
        {
            BaseDirectory = folder.Path,
            DataFolder = "data",
            Peers =
            [
                new PeerOptions { AeTitle = "STORESCU", Host = "127.0.0.1", AllowSend = true },
                new PeerOptions { AeTitle = "ORTHANC", Host = "127.0.0.1", Port = 4242, AllowSend = true, AllowDestination = true },
                new PeerOptions { AeTitle = "MODALITY", Host = "127.0.0.1", AllowSend = true },
            ],
        };
    }
}
