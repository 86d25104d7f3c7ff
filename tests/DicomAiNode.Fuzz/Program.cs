using System.Diagnostics;
using DicomAiNode.Fuzz;

// A libFuzzer-style in-process mutation fuzzer (SharpFuzz needs an instrumented build and a native libFuzzer/AFL
// driver, which this environment lacks): a corpus folder per target, random mutations, a per-input time limit,
// crashing inputs saved to crashes/. Not coverage-guided: inputs that raise a new exception message or reach a new
// outcome are kept, which steers mutations past the first validation checks.
// Usage (from the repository root): dotnet run --project tests/DicomAiNode.Fuzz -c Release -- TARGET [--seconds N] [--corpus DIR] [--seed N]
// Crashing or hanging inputs go to artifacts/fuzz/crashes/TARGET/.
//        TARGET = pdu | dimse | association | jpeg-lossless | jpeg2000 | all
var args_ = args.ToList();
string target = args_.Count > 0 ? args_[0] : "all";
int seconds = Option("--seconds", 60);
int seed = Option("--seed", Environment.TickCount);
string corpusRoot = OptionString("--corpus", Path.Combine("tests", "DicomAiNode.Fuzz", "corpus"));

var targets = new List<IFuzzTarget>();
if (target is "pdu" or "all") { targets.Add(new PduDecoderTarget()); }
if (target is "dimse" or "all") { targets.Add(new DimseAssemblerTarget()); }
if (target is "association" or "all") { targets.Add(new AssociationTarget()); }
if (target is "jpeg-lossless" or "all") { targets.Add(new JpegLosslessTarget()); }
if (target is "jpeg2000" or "all") { targets.Add(new Jpeg2000Target()); }
if (targets.Count == 0)
{
    Console.Error.WriteLine($"unknown target '{target}': pdu, dimse, association, jpeg-lossless, jpeg2000 or all");
    return 2;
}

int failures = 0;
foreach (var t in targets)
{
    failures += await new Fuzzer(t, Path.Combine(corpusRoot, t.Name), seed).RunAsync(TimeSpan.FromSeconds((double)seconds / targets.Count));
    if (t is IAsyncDisposable d)
    {
        await d.DisposeAsync();
    }
}
return failures == 0 ? 0 : 1;

int Option(string name, int fallback) => args_.IndexOf(name) is int i and >= 0 && i + 1 < args_.Count ? int.Parse(args_[i + 1]) : fallback;
string OptionString(string name, string fallback) => args_.IndexOf(name) is int i and >= 0 && i + 1 < args_.Count ? args_[i + 1] : fallback;
