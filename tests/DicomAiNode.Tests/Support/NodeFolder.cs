namespace DicomAiNode.Tests.Support;

/// <summary>
/// A node installation in a temp folder: appsettings.json (the shipped one with test overrides), the shipped
/// config/rules.json and config/codes.json, and a placeholder model file.
/// </summary>
public sealed class NodeFolder : IDisposable
{
    public NodeFolder(int? httpPort = null)
    {
        Folder = new TempFolder();
        HttpPort = httpPort ?? FreePort.Next();
        Folder.Write("config/rules.json", File.ReadAllText(RepositoryPaths.File("config/rules.json")));
        Folder.Write("config/codes.json", File.ReadAllText(RepositoryPaths.File("config/codes.json")));
        Folder.Write("models/phantom-yoloe-seg.onnx", "placeholder");
        var settings = File.ReadAllText(RepositoryPaths.File("appsettings.json"))
            .Replace("http://127.0.0.1:11180/", $"http://127.0.0.1:{HttpPort}/", StringComparison.Ordinal)
            .Replace("\"Port\": 11112", $"\"Port\": {FreePort.Next()}", StringComparison.Ordinal);
        SettingsPath = Folder.Write("appsettings.json", settings);
    }

    public TempFolder Folder { get; }

    public int HttpPort { get; }

    public string SettingsPath { get; }

    public string DataFolder => Folder.File("data");

    public void Dispose() => Folder.Dispose();
}
