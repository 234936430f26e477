using Aurae.Api.Node.V0;
using Aurae.Daemon.Api;
using Aurae.Daemon.Hosting;
using Aurae.Daemon.Init;
using Aurae.Daemon.Tests.Authorization;
using Aurae.Daemon.Tpm;
using Google.Protobuf;
using Grpc.Core;

namespace Aurae.Daemon.Tests.Api;

/// <summary>
/// NodeService.Attest at the API edge, without a TPM (these tests spawn nothing): no TPM is an
/// answer with a reason, a nonce of the wrong length is InvalidArgument, and a reader may attest.
/// </summary>
public sealed class NodeAttestTests : IDisposable
{
    private const string Method = "/aurae.node.v0.NodeService/Attest";

    private readonly ApiCallInterceptor _edge = new();
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("aurae-attest-");

    public void Dispose() => _root.Delete(recursive: true);

    /// <summary>A service whose TPM device is a path that does not exist, and whose EFI root is <paramref name="efiRoot"/>.</summary>
    private Aurae.Daemon.Api.NodeService Service(string efiRoot) =>
        new(new NodeInfoProvider(new KernelCommandLine(""), Task.FromResult<IReadOnlyList<string>>([])), new ShutdownCoordinator(), PowerAction.Exit, "/sys", null,
            NodeAttestation.Start(Path.Combine(_root.FullName, "tpmrm0"), efiRoot, Task.CompletedTask, CancellationToken.None));

    private Task<AttestResponse> Attest(Aurae.Daemon.Api.NodeService service, byte[] nonce, string role = "reader") =>
        _edge.UnaryServerHandler<AttestRequest, AttestResponse>(new AttestRequest { Nonce = ByteString.CopyFrom(nonce) },
            new TestServerCallContext(Method, TestCertificates.Client("alice", role)), (request, context) => service.Attest(request, context));

    [Fact]
    public async Task Without_a_tpm_a_reader_gets_tpm_present_false_with_the_reason_and_no_pcrs()
    {
        var response = await Attest(Service(Path.Combine(_root.FullName, "no-efi")), new byte[32]);

        Assert.False(response.TpmPresent);
        Assert.Contains("tpmrm0", response.TpmProblem);
        Assert.Empty(response.Pcrs);
        Assert.True(response.QuoteAttest.IsEmpty);
        Assert.True(response.AttestationKeyPublic.IsEmpty);
        // No /sys/firmware/efi: a BIOS boot, which has no Secure Boot to enforce.
        Assert.Equal(SecureBoot.Disabled, response.SecureBoot);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    public async Task A_nonce_of_the_wrong_length_is_invalid_argument(int length)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Attest(Service(_root.FullName), new byte[length]));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains($"{length} bytes", error.Status.Detail);
    }

    [Fact]
    public async Task Secure_boot_is_read_from_the_efivarfs_variable_and_unknown_without_efivarfs()
    {
        var efi = _root.CreateSubdirectory("efi");
        var efivars = efi.CreateSubdirectory("efivars");
        var service = Service(efi.FullName);

        var unmounted = await Attest(service, [1]);
        File.WriteAllBytes(Path.Combine(efivars.FullName, Firmware.SecureBootVariable.FileName), [0x06, 0, 0, 0, 1]);
        var enabled = await Attest(service, [1]);
        File.WriteAllBytes(Path.Combine(efivars.FullName, Firmware.SecureBootVariable.FileName), [0x06, 0, 0, 0, 0]);
        var disabled = await Attest(service, [1]);

        // An empty efivars directory is efivarfs not mounted: nothing is known, so nothing is claimed.
        Assert.Equal(SecureBoot.Unknown, unmounted.SecureBoot);
        Assert.Contains("efivarfs", unmounted.SecureBootDetail);
        Assert.Equal(SecureBoot.Enabled, enabled.SecureBoot);
        Assert.Equal(SecureBoot.Disabled, disabled.SecureBoot);
    }
}
