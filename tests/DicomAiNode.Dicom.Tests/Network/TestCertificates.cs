using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DicomAiNode.Dicom.Tests.Network;

/// <summary>A self-signed certificate made in the test (.NET CertificateRequest), as PKCS#12 for us and PEM for dcmtk.</summary>
internal sealed class TestCertificate : IDisposable
{
    private TestCertificate(X509Certificate2 certificate, string folder, string name)
    {
        Certificate = certificate;
        CertificatePem = Path.Combine(folder, name + ".crt.pem");
        KeyPem = Path.Combine(folder, name + ".key.pem");
    }

    public X509Certificate2 Certificate { get; }

    public string CertificatePem { get; }

    public string KeyPem { get; }

    public static TestCertificate Create(string folder, string name)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        var certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        var result = new TestCertificate(certificate, folder, name);
        File.WriteAllText(result.CertificatePem, ephemeral.ExportCertificatePem());
        File.WriteAllText(result.KeyPem, rsa.ExportPkcs8PrivateKeyPem());
        return result;
    }

    public void Dispose() => Certificate.Dispose();
}
