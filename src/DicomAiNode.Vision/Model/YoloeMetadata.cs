using System.Globalization;
using DicomAiNode.Vision.Preprocessing;

namespace DicomAiNode.Vision.Model;

/// <summary>
/// The Ultralytics <c>metadata_props</c> of an exported model (contract §4): class names, input size, stride, batch,
/// task, end2end flag and export arguments, parsed from their Python-literal strings.
/// </summary>
public sealed class YoloeMetadata
{
    private YoloeMetadata(IReadOnlyDictionary<string, string> raw, IReadOnlyList<string> names, int imageHeight, int imageWidth,
        int stride, int? batch, string? task, bool? endToEnd, PythonDict args, IReadOnlyList<WindowPreset> windows)
    {
        Windows = windows;
        Raw = raw;
        Names = names;
        ImageHeight = imageHeight;
        ImageWidth = imageWidth;
        Stride = stride;
        Batch = batch;
        Task = task;
        EndToEnd = endToEnd;
        Args = args;
    }

    /// <summary>Every key of <c>metadata_props</c>, verbatim.</summary>
    public IReadOnlyDictionary<string, string> Raw { get; }

    /// <summary>Class names by class id (0…nc−1). Empty when the model has no <c>names</c> key.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Input height from <c>imgsz</c> ([H, W]); 0 when absent.</summary>
    public int ImageHeight { get; }

    /// <summary>Input width from <c>imgsz</c>; 0 when absent.</summary>
    public int ImageWidth { get; }

    public int Stride { get; }

    /// <summary>The <c>batch</c> key; with <c>args['dynamic']</c> true, only the batch of the export trace.</summary>
    public int? Batch { get; }

    public string? Task { get; }

    /// <summary>True when <c>end2end</c> is True or <c>args['nms']</c> is True (contract §3.3); null when neither key says.</summary>
    public bool? EndToEnd { get; }

    /// <summary>The format-specific export arguments (<c>args</c>), empty when absent.</summary>
    public PythonDict Args { get; }

    /// <summary>
    /// Input windows from the project's own <c>windows</c> key (<c>[{'name': …, 'center': …, 'width': …}, …]</c>, one
    /// per channel); empty for models that do not say (Ultralytics exports never do).
    /// </summary>
    public IReadOnlyList<WindowPreset> Windows { get; }

    /// <summary>True when the export arguments say the input was dynamic.</summary>
    public bool DynamicExport => Args.Get("dynamic") is true;

    /// <summary>Parses the metadata of the model at <paramref name="source"/> (used in error messages).</summary>
    /// <exception cref="InvalidDataException">A key holds a value of the wrong form; the message names the file and key.</exception>
    public static YoloeMetadata Parse(IReadOnlyDictionary<string, string> props, string source)
    {
        object? Literal(string key)
        {
            if (!props.TryGetValue(key, out var text))
            {
                return null;
            }

            try
            {
                return PythonLiteral.Parse(text);
            }
            catch (FormatException ex)
            {
                throw new InvalidDataException($"{source}: metadata_props '{key}': {ex.Message}: {Shorten(text)}", ex);
            }
        }

        var names = ParseNames(Literal("names"), source);
        int h = 0, w = 0;
        switch (Literal("imgsz"))
        {
            case null:
                break;
            case long s:
                h = w = checked((int)s);
                break;
            case PythonList { Count: 2 } l when l[0] is long lh && l[1] is long lw:
                h = checked((int)lh);
                w = checked((int)lw);
                break;
            default:
                throw new InvalidDataException($"{source}: metadata_props 'imgsz' must be an int or [H, W], got {Shorten(props["imgsz"])}");
        }

        if (h < 0 || w < 0)
        {
            throw new InvalidDataException($"{source}: metadata_props 'imgsz' is negative");
        }

        int stride = IntKey(Literal("stride"), "stride", source) ?? 32;
        int? batch = IntKey(Literal("batch"), "batch", source);
        string? task = props.TryGetValue("task", out var t) ? t : null;
        var args = Literal("args") switch
        {
            null => new PythonDict(),
            PythonDict d => d,
            _ => throw new InvalidDataException($"{source}: metadata_props 'args' must be a dict"),
        };
        bool? endToEnd = Literal("end2end") switch
        {
            null => null,
            bool b => b,
            _ => throw new InvalidDataException($"{source}: metadata_props 'end2end' must be True or False"),
        };
        if (args.Get("nms") is true)
        {
            endToEnd = true;
        }

        return new YoloeMetadata(props, names, h, w, stride, batch, task, endToEnd, args, ParseWindows(Literal("windows"), source));
    }

    private static string[] ParseNames(object? value, string source)
    {
        switch (value)
        {
            case null:
                return [];
            case PythonList list:
                return list.Select((n, i) => n as string ?? throw new InvalidDataException($"{source}: metadata_props 'names'[{i}] is not a string")).ToArray();
            case PythonDict dict:
                long max = -1;
                foreach (var key in dict.Keys)
                {
                    if (key is not long id || id < 0 || id > 1_000_000)
                    {
                        throw new InvalidDataException($"{source}: metadata_props 'names' key {key} is not a class id");
                    }

                    max = Math.Max(max, id);
                }

                var names = new string[max + 1];
                for (int i = 0; i < names.Length; i++)
                {
                    // Ultralytics fills ids missing from 'names' with class{i} (check_class_names).
                    names[i] = dict.TryGetValue((long)i, out var n)
                        ? n as string ?? throw new InvalidDataException($"{source}: metadata_props 'names'[{i}] is not a string")
                        : "class" + i.ToString(CultureInfo.InvariantCulture);
                }

                return names;
            default:
                throw new InvalidDataException($"{source}: metadata_props 'names' must be a dict or a list");
        }
    }

    private static WindowPreset[] ParseWindows(object? value, string source)
    {
        if (value is null)
        {
            return [];
        }

        static double? Number(object? v) => v switch { long l => l, double d => d, _ => null };
        if (value is not PythonList list || list.Count is not (1 or 3))
        {
            throw new InvalidDataException($"{source}: metadata_props 'windows' must be a list of one or three windows");
        }

        return list.Select((item, i) => item is PythonDict d && Number(d.Get("center")) is double c && Number(d.Get("width")) is double w && w >= 1
                ? new WindowPreset(c, w)
                : throw new InvalidDataException($"{source}: metadata_props 'windows'[{i}] needs a numeric 'center' and a 'width' ≥ 1"))
            .ToArray();
    }

    private static int? IntKey(object? value, string key, string source) => value switch
    {
        null => null,
        long l when l is >= 0 and <= int.MaxValue => (int)l,
        _ => throw new InvalidDataException($"{source}: metadata_props '{key}' must be a non-negative int"),
    };

    private static string Shorten(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 80), "…");
}
