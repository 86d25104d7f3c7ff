using System.Diagnostics;

using DicomAiNode.Configuration;
using DicomAiNode.Storage;
using DicomAiNode.Tests.Support;

using Xunit.Abstractions;

namespace DicomAiNode.Tests.Storage;

public sealed class StoreVolumeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Instance_counts_stay_exact_over_a_300_slice_study_with_resent_duplicates()
    {
        using var folder = new TempFolder();
        var db = new NodeDatabase(folder.File("node.db"));
        await db.MigrateAsync(CancellationToken.None);
        var studies = new StudyRepository(db);
        var t0 = DateTimeOffset.UnixEpoch;
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < 300; i++)
        {
            // Every tenth instance is sent twice, as a PACS does after a timeout.
            int copies = i % 10 == 0 ? 2 : 1;
            for (int c = 0; c < copies; c++)
                await studies.RecordInstanceAsync(Instances.Make("1.2", $"1.2.{i % 3}", $"1.2.9.{i}", t0.AddMilliseconds(i)), LateInstancePolicy.Rerun, CancellationToken.None);
        }
        sw.Stop();
        output.WriteLine($"330 instance records (synchronous=FULL) in {sw.ElapsedMilliseconds} ms");
        var series = await studies.ListSeriesAsync("1.2", CancellationToken.None);
        Assert.Equal([100, 100, 100], series.OrderBy(s => s.SeriesInstanceUid).Select(s => s.InstanceCount));
        Assert.Equal(100, (await studies.ListInstancesAsync("1.2.0", CancellationToken.None)).Count);
    }
}
