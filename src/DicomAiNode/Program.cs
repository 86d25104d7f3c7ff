using DicomAiNode.Cli;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
return await CommandLine.Discover().RunAsync(args, Console.Out, Console.Error, cancel.Token);
