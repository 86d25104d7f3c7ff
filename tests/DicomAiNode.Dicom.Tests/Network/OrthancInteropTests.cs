using System.Net.Http.Json;
using System.Text.Json;
using DicomAiNode.Dicom.Network;

namespace DicomAiNode.Dicom.Tests.Network;

/// <summary>Orthanc 1.10 (Debian package orthanc) as SCP of our SCU and as SCU of our SCP.</summary>
[Collection("network")]
public sealed class OrthancInteropTests
{
    [Fact]
    public async Task Our_SCU_stores_a_series_into_Orthanc_as_its_REST_API_confirms()
    {
        var series = await Peer.MakeCtSeriesAsync(5);
        await using var orthanc = await OrthancPeer.StartAsync(nodePort: Peer.FreePort());
        var client = new DicomClient(new DicomClientOptions { Host = "127.0.0.1", Port = orthanc.DicomPort, CalledAETitle = "ORTHANC", CallingAETitle = "NODE" });
        Assert.Equal(DicomStatus.Success, await client.EchoAsync());
        var files = Directory.GetFiles(series).Append(Path.Combine(Peer.PydicomFiles, "MR_small_implicit.dcm")).ToArray();
        var results = await client.StoreFilesAsync(files);
        Assert.All(results, r => Assert.True(r.Status.IsSuccess, $"{r.Source}: {r.Status} {r.Error}"));
        var stored = await orthanc.SopInstanceUidsAsync();
        Assert.Equal(results.Select(r => r.SopInstanceUid!).ToHashSet(), stored);
        Directory.Delete(series, true);
    }

    [Fact]
    public async Task Orthanc_sends_a_study_into_our_SCP_through_modalities_store()
    {
        var series = await Peer.MakeCtSeriesAsync(6);
        await using var scp = TestScp.Start(policy: new AETitlePolicy(["NODE"], ["ORTHANC"]));
        await using var orthanc = await OrthancPeer.StartAsync(scp.Port);
        string? study = null;
        foreach (var file in Directory.GetFiles(series))
        {
            study = await orthanc.UploadAsync(file);
        }
        using var response = await orthanc.Http.PostAsync("modalities/node/store", new StringContent(study!));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal(0, json.GetProperty("FailedInstancesCount").GetInt32());
        Assert.Equal(6, json.GetProperty("InstancesCount").GetInt32());
        Assert.Equal(6, scp.ReceivedFiles().Length);
        foreach (var source in Directory.GetFiles(series))
        {
            var match = scp.ReceivedFiles().Single(f => DcmtkScuInteropTests.DataSetBytes(f).AsSpan().SequenceEqual(DcmtkScuInteropTests.DataSetBytes(source)));
            Assert.Equal("", await Peer.CompareDataSetsAsync(source, match));
        }
        Directory.Delete(series, true);
    }
}
