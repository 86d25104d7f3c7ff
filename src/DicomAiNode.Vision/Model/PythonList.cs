using System.Collections.ObjectModel;

namespace DicomAiNode.Vision.Model;

/// <summary>A parsed Python list or tuple (<see cref="IsTuple"/> tells which).</summary>
public sealed class PythonList : ReadOnlyCollection<object?>
{
    public PythonList(IList<object?> items, bool isTuple)
        : base(items)
    {
        IsTuple = isTuple;
    }

    public bool IsTuple { get; }
}
