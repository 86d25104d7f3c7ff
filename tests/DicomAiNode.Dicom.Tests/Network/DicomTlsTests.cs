using System.Text.RegularExpressions;
using DicomAiNode.Dicom.Network;

namespace DicomAiNode.Dicom.Tests.Network;

/// <summary>DICOM TLS (PS3.15 Annex B) against dcmtk's storescu +tls and storescp +tls, with certificates made in the test.</summary>
[Collection("network")]
public sealed class DicomTlsTests
{
    [Fact]
    public async Task Storescu_over_TLS_stores_into_our_SCP_that_requires_a_client_certificate()
    {
        var folder = Peer.TempFolder("tls");
        using var server = TestCertificate.Create(folder, "node");
        using var client = TestCertificate.Create(folder, "modality");
        await using var scp = TestScp.Start(new DicomServerOptions
        {
            TlsCertificate = server.Certificate,
            RequireClientCertificate = true,
            TlsClientCertificateAuthorities = [client.Certificate],
        });
        var source = Path.Combine(Peer.PydicomFiles, "CT_small.dcm");
        var result = await Peer.RunAsync("storescu", "dcmtk",
            ["-v", "+tls", client.KeyPem, client.CertificatePem, "+cf", server.CertificatePem, "-aet", "MODALITY", "-aec", "NODE", "127.0.0.1", scp.Port.ToString(), source]);
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("Received Store Response (Success)", result.Output, StringComparison.Ordinal);
        Assert.Equal("", await Peer.CompareDataSetsAsync(source, Assert.Single(scp.ReceivedFiles())));
        Directory.Delete(folder, true);
    }

    [Fact]
    public async Task Our_SCP_refuses_a_TLS_client_without_an_accepted_certificate_and_a_plain_TCP_client()
    {
        var folder = Peer.TempFolder("tls");
        using var server = TestCertificate.Create(folder, "node");
        using var trusted = TestCertificate.Create(folder, "trusted");
        using var stranger = TestCertificate.Create(folder, "stranger");
        await using var scp = TestScp.Start(new DicomServerOptions
        {
            TlsCertificate = server.Certificate,
            RequireClientCertificate = true,
            TlsClientCertificateAuthorities = [trusted.Certificate],
            ArtimTimeout = TimeSpan.FromSeconds(2),
        });
        var rejected = await Peer.RunAsync("echoscu", "dcmtk",
            ["+tls", stranger.KeyPem, stranger.CertificatePem, "+cf", server.CertificatePem, "-aec", "NODE", "127.0.0.1", scp.Port.ToString()]);
        Assert.NotEqual(0, rejected.ExitCode);
        var plain = await Peer.RunAsync("echoscu", "dcmtk", ["-to", "5", "-ta", "5", "-aec", "NODE", "127.0.0.1", scp.Port.ToString()]);
        Assert.NotEqual(0, plain.ExitCode);
        var accepted = await Peer.RunAsync("echoscu", "dcmtk",
            ["+tls", trusted.KeyPem, trusted.CertificatePem, "+cf", server.CertificatePem, "-aec", "NODE", "127.0.0.1", scp.Port.ToString()]);
        Assert.True(accepted.ExitCode == 0, accepted.Output);
        await scp.WaitIdleAsync(TimeSpan.FromSeconds(10));
        Directory.Delete(folder, true);
    }

    [Fact]
    public async Task Our_SCU_stores_into_storescp_over_TLS_with_a_client_certificate()
    {
        var folder = Peer.TempFolder("tls");
        using var server = TestCertificate.Create(folder, "storescp");
        using var client = TestCertificate.Create(folder, "node");
        var output = Path.Combine(folder, "out");
        Directory.CreateDirectory(output);
        int port = Peer.FreePort();
        using var storescp = Peer.Start("storescp", "dcmtk",
            ["-v", "+tls", server.KeyPem, server.CertificatePem, "+cf", client.CertificatePem, "-aet", "STORESCP", "-od", output, port.ToString()]);
        var log = Task.WhenAll(storescp.StandardOutput.ReadToEndAsync(), storescp.StandardError.ReadToEndAsync());
        try
        {
            var scu = new DicomClient(new DicomClientOptions
            {
                Host = "127.0.0.1",
                Port = port,
                CalledAETitle = "STORESCP",
                CallingAETitle = "NODE",
                Tls = new DicomClientTlsOptions { ClientCertificate = client.Certificate, TrustedCertificates = [server.Certificate] },
            });
            IReadOnlyList<CStoreResult>? results = null;
            for (int attempt = 0; results is null; attempt++)
            {
                try
                {
                    results = await scu.StoreFilesAsync([Path.Combine(Peer.PydicomFiles, "CT_small.dcm"), Path.Combine(Peer.PydicomFiles, "MR_small.dcm")]);
                }
                catch (DicomNetworkException) when (attempt < 40)
                {
                    await Task.Delay(100); // storescp still starting
                }
            }
            Assert.All(results, r => Assert.True(r.Status.IsSuccess, $"{r.Source}: {r.Status} {r.Error}"));
            Assert.Equal(2, Directory.GetFiles(output).Length);
        }
        finally
        {
            storescp.Kill();
            await ProcessExit.WaitAsync(storescp, TimeSpan.FromSeconds(15), "killed storescp");
        }
        var text = string.Concat(await log);
        Assert.Matches(new Regex("TLS|tls|Secure", RegexOptions.None), text);
        Directory.Delete(folder, true);
    }

    [Fact]
    public async Task Our_SCU_refuses_a_server_certificate_it_does_not_trust()
    {
        var folder = Peer.TempFolder("tls");
        using var server = TestCertificate.Create(folder, "node");
        using var other = TestCertificate.Create(folder, "other");
        await using var scp = TestScp.Start(new DicomServerOptions { TlsCertificate = server.Certificate });
        var scu = new DicomClient(new DicomClientOptions
        {
            Host = "127.0.0.1",
            Port = scp.Port,
            CalledAETitle = "NODE",
            Tls = new DicomClientTlsOptions { TrustedCertificates = [other.Certificate] },
        });
        var error = await Assert.ThrowsAsync<DicomNetworkException>(() => scu.EchoAsync());
        Assert.Contains("TLS handshake failed", error.Message, StringComparison.Ordinal);
        var trusting = new DicomClient(new DicomClientOptions
        {
            Host = "127.0.0.1",
            Port = scp.Port,
            CalledAETitle = "NODE",
            Tls = new DicomClientTlsOptions { TrustedCertificates = [server.Certificate] },
        });
        Assert.Equal(DicomStatus.Success, await trusting.EchoAsync());
        Directory.Delete(folder, true);
    }
}
