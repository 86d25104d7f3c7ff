using System.Diagnostics;
using System.Security.Cryptography;

namespace DicomAiNode.Fuzz;

/// <summary>The mutation loop for one target.</summary>
internal sealed class Fuzzer
{
    private static readonly uint[] InterestingLengths = [0, 1, 2, 3, 4, 5, 6, 7, 8, 0x7F, 0x80, 0xFF, 0x100, 0x3FFF, 0x4000, 0x7FFF, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0xFFFFFFFF];
    private readonly IFuzzTarget _target;
    private readonly string _corpus;
    private readonly Random _random;
    private readonly List<byte[]> _inputs = [];
    private readonly HashSet<string> _outcomes = [];

    public Fuzzer(IFuzzTarget target, string corpus, int seed)
    {
        _target = target;
        _corpus = corpus;
        _random = new Random(seed);
    }

    public async Task<int> RunAsync(TimeSpan duration)
    {
        Directory.CreateDirectory(_corpus);
        _inputs.AddRange(Directory.GetFiles(_corpus).Order(StringComparer.Ordinal).Select(File.ReadAllBytes));
        if (_inputs.Count == 0)
        {
            foreach (var s in _target.Seeds())
            {
                Save(s);
            }
        }
        var crashes = Path.Combine("artifacts", "fuzz", "crashes", _target.Name);
        long executions = 0;
        int failures = 0;
        var clock = Stopwatch.StartNew();
        var lastReport = clock.Elapsed;
        while (clock.Elapsed < duration)
        {
            var input = Mutate(_inputs[_random.Next(_inputs.Count)]);
            string outcome;
            try
            {
                var run = _target.RunAsync(input);
                if (await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(10))) != run)
                {
                    throw new TimeoutException("input did not finish within 10 s (hang)");
                }
                await run;
                outcome = "ok";
            }
            catch (Exception ex) when (_target.IsExpected(ex))
            {
                // The check that fired (throwing method and IL offset) stands in for coverage: an input that trips a
                // check not seen before is kept.
                var trace = new StackTrace(ex);
                outcome = ex.GetType().Name + string.Concat(trace.GetFrames().Take(2).Select(f => $"@{f.GetMethod()?.Name}+{f.GetILOffset()}"));
            }
            catch (Exception ex)
            {
                failures++;
                Directory.CreateDirectory(crashes);
                var file = Path.Combine(crashes, $"crash-{Convert.ToHexString(SHA1.HashData(input))[..16]}.bin");
                await File.WriteAllBytesAsync(file, input);
                Console.WriteLine($"[{_target.Name}] CRASH {ex.GetType().Name}: {ex.Message}\n  input saved to {Path.GetFullPath(file)}\n{ex.StackTrace}");
                outcome = "crash";
            }
            executions++;
            if (_outcomes.Add(outcome) && outcome != "crash")
            {
                Save(input); // a new kind of outcome: keep the input to mutate further
            }
            if (clock.Elapsed - lastReport > TimeSpan.FromSeconds(30))
            {
                lastReport = clock.Elapsed;
                Console.WriteLine($"[{_target.Name}] {clock.Elapsed:mm\\:ss} {executions} execs ({executions / clock.Elapsed.TotalSeconds:0}/s), corpus {_inputs.Count}, outcomes {_outcomes.Count}, crashes {failures}");
            }
        }
        Console.WriteLine($"[{_target.Name}] done: {executions} execs in {clock.Elapsed.TotalSeconds:0} s, corpus {_inputs.Count}, distinct outcomes {_outcomes.Count}, crashes/hangs {failures}");
        return failures;
    }

    private void Save(byte[] input)
    {
        _inputs.Add(input);
        File.WriteAllBytes(Path.Combine(_corpus, Convert.ToHexString(SHA1.HashData(input))[..16] + ".bin"), input);
    }

    private byte[] Mutate(byte[] source)
    {
        var data = new List<byte>(source);
        int rounds = 1 + _random.Next(4);
        for (int r = 0; r < rounds; r++)
        {
            int at = data.Count == 0 ? 0 : _random.Next(data.Count);
            switch (_random.Next(8))
            {
                case 0 when data.Count > 0:
                    data[at] ^= (byte)(1 << _random.Next(8));
                    break;
                case 1 when data.Count > 0:
                    data[at] = (byte)_random.Next(256);
                    break;
                case 2 when data.Count > 4:
                    // a big-endian 32-bit length field (PDU, PDV) set to an edge value
                    at = _random.Next(data.Count - 3);
                    uint v = InterestingLengths[_random.Next(InterestingLengths.Length)];
                    data[at] = (byte)(v >> 24); data[at + 1] = (byte)(v >> 16); data[at + 2] = (byte)(v >> 8); data[at + 3] = (byte)v;
                    break;
                case 3 when data.Count > 2:
                    // a 16-bit item length
                    at = _random.Next(data.Count - 1);
                    uint w = InterestingLengths[_random.Next(InterestingLengths.Length)];
                    data[at] = (byte)(w >> 8); data[at + 1] = (byte)w;
                    break;
                case 4 when data.Count > 0:
                    data.RemoveRange(at, Math.Min(data.Count - at, 1 + _random.Next(16)));
                    break;
                case 5:
                    data.InsertRange(at, Enumerable.Range(0, 1 + _random.Next(16)).Select(_ => (byte)_random.Next(256)));
                    break;
                case 6:
                    // splice: a piece of another corpus input
                    var other = _inputs[_random.Next(_inputs.Count)];
                    if (other.Length > 0)
                    {
                        int from = _random.Next(other.Length);
                        data.InsertRange(at, other.Skip(from).Take(1 + _random.Next(64)));
                    }
                    break;
                default:
                    if (data.Count > 8)
                    {
                        int keep = _random.Next(data.Count / 2, data.Count); // truncate
                        data.RemoveRange(keep, data.Count - keep);
                    }
                    break;
            }
        }
        return data.ToArray();
    }
}
