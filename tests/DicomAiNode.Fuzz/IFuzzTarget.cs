namespace DicomAiNode.Fuzz;

/// <summary>One fuzzed entry point: bad input may raise the target's documented exceptions, nothing else, and must finish.</summary>
internal interface IFuzzTarget
{
    string Name { get; }

    /// <summary>Inputs that start the corpus when its folder is empty.</summary>
    IEnumerable<byte[]> Seeds();

    /// <summary>Runs one input; returns normally or throws only documented exceptions (see <see cref="IsExpected"/>).</summary>
    Task RunAsync(byte[] input);

    bool IsExpected(Exception exception);
}
