using System.Reflection;

namespace DicomAiNode;

/// <summary>Name and version of the product, as shown by <c>--version</c> and written into DICOM equipment modules.</summary>
public static class ProductInfo
{
    public const string Name = "DicomAiNode";

    public static string Version { get; } =
        typeof(ProductInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static string VersionLine => $"dicom-ai-node {Version}";
}
