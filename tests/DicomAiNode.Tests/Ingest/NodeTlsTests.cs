using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using DicomAiNode.Configuration;
using DicomAiNode.Dicom.Tests.Network;
using DicomAiNode.Outbox;
using DicomAiNode.Tests.Support;

using Microsoft.Extensions.Options;

namespace DicomAiNode.Tests.Ingest;

/// <summary>
/// DICOM TLS configured for the node (Node:Tls for its listener and as its client identity, Peers[].Tls for
/// destinations), against dcmtk's storescu +tls and storescp +tls with certificates made in the test.
/// </summary>
public sealed class NodeTlsTests
{
    private static string Pfx(TestCertificate certificate, TempFolder folder, string name)
    {
        string path = folder.File(name + ".pfx");
        File.WriteAllBytes(path, certificate.Certificate.Export(X509ContentType.Pkcs12, "secret"));
        return path;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, params string[] args)
    {
        if (!File.Exists(program)) Assert.Fail($"{program} is missing: apt-get install dcmtk");
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["TCP_NODELAY"] = "1";
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout + await stderr);
    }

    [Fact]
    public async Task Node_with_a_TLS_listener_takes_storescu_over_TLS_with_a_trusted_client_certificate_and_refuses_the_rest()
    {
        using var folder = new NodeFolder();
        using var certs = new TempFolder();
        using var node = TestCertificate.Create(certs.Path, "node");
        using var modality = TestCertificate.Create(certs.Path, "modality");
        using var stranger = TestCertificate.Create(certs.Path, "stranger");
        using var input = new TempFolder();
        var study = await Phantom.GenerateAsync(input.Path, seed: 5, slices: 3, size: 32);
        await using var running = await InProcessNode.StartAsync(folder, new Dictionary<string, string?>
        {
            ["Node:Tls:CertificateFile"] = Pfx(node, certs, "node"),
            ["Node:Tls:CertificatePassword"] = "secret",
            ["Node:Tls:RequireClientCertificate"] = "true",
            ["Node:Tls:ClientCertificateAuthoritiesFile"] = modality.CertificatePem,
        });
        string port = running.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var ok = await RunAsync("/usr/bin/storescu", ["+tls", modality.KeyPem, modality.CertificatePem, "+cf", node.CertificatePem,
            "-aet", "STORESCU", "-aec", "AINODE", "127.0.0.1", port, .. Directory.GetFiles(study, "*.dcm")]);
        Assert.True(ok.ExitCode == 0, ok.Output);
        Assert.Equal(3, Directory.GetFiles(Path.Combine(folder.DataFolder, "spool"), "*.dcm").Length);

        var untrusted = await RunAsync("/usr/bin/echoscu", "+tls", stranger.KeyPem, stranger.CertificatePem, "+cf", node.CertificatePem,
            "-aet", "STORESCU", "-aec", "AINODE", "127.0.0.1", port);
        Assert.NotEqual(0, untrusted.ExitCode);
        var plain = await RunAsync("/usr/bin/echoscu", "-aet", "STORESCU", "-aec", "AINODE", "127.0.0.1", port);
        Assert.NotEqual(0, plain.ExitCode);
    }

    [Fact]
    public async Task Results_reach_a_TLS_destination_that_requires_the_nodes_certificate()
    {
        using var certs = new TempFolder();
        using var node = TestCertificate.Create(certs.Path, "node");
        using var pacs = TestCertificate.Create(certs.Path, "pacs");
        using var received = new TempFolder();
        await using var storescp = await StoreScpPeer.StartAsync(received.Path, "+tls", pacs.KeyPem, pacs.CertificatePem, "+cf", node.CertificatePem);
        var options = new NodeOptions { BaseDirectory = certs.Path };
        options.Node.AeTitle = "AINODE";
        options.Node.Tls.CertificateFile = Pfx(node, certs, "node");
        options.Node.Tls.CertificatePassword = "secret";
        var destination = new PeerOptions
        {
            AeTitle = "STORESCP", Host = "127.0.0.1", Port = storescp.Port, AllowDestination = true, Tls = true, TlsTrustFile = pacs.CertificatePem,
        };
        options.Peers.Add(destination);
        Assert.Empty(NodeOptionsValidator.Check(options));
        await using var pool = new ResultAssociationPool(Options.Create(options), TimeProvider.System);
        var sender = new DicomResultSender(pool);
        var result = OutboxFiles.Minimal(certs, 1);

        var outcome = await sender.SendAsync(destination, [result], CancellationToken.None);

        Assert.True(outcome.Files[0].Status == DeliveryStatus.Delivered, outcome.Files[0].Error + "\n" + storescp.Output);
        Assert.Single(Directory.GetFiles(received.Path, "*" + result.SopInstanceUid));
    }

    [Fact]
    public void Unreadable_certificate_files_stop_start_up_with_the_field_named()
    {
        var options = new NodeOptions { SourceFile = "appsettings.json" };
        options.Node.Tls.CertificateFile = "/nonexistent/node.pfx";
        options.Peers.Add(new PeerOptions { AeTitle = "PACS", Host = "127.0.0.1", Port = 104, AllowDestination = true, Tls = true, TlsTrustFile = "/nonexistent/pacs.pem" });
        var problems = NodeOptionsValidator.Check(options);
        Assert.Contains(problems, p => p.StartsWith("appsettings.json: Node.Tls.CertificateFile: cannot load", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("appsettings.json: Peers[0].TlsTrustFile:", StringComparison.Ordinal));

        var noCertificate = new NodeOptions();
        noCertificate.Node.Tls.RequireClientCertificate = true;
        Assert.Contains(NodeOptionsValidator.Check(noCertificate), p => p.Contains("Node.Tls.RequireClientCertificate", StringComparison.Ordinal));
    }
}
