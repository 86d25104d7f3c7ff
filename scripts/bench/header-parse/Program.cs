using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.IO;

// header-parse DIR: parses every file of DIR up to the pixel data and prints the number of files and top-level elements.
if (args.Length != 1 || !Directory.Exists(args[0]))
{
    Console.Error.WriteLine("usage: header-parse DIR");
    return 2;
}
var options = DicomReadOptions.Default with { StopAtTag = DicomTag.PixelData };
int files = 0;
long elements = 0;
foreach (var path in Directory.EnumerateFiles(args[0]))
{
    elements += DicomFile.Open(path, options).Dataset.Count;
    files++;
}
Console.WriteLine($"{files} files, {elements} elements");
return 0;
