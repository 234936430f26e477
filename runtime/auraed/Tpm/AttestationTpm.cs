using Aurae.Contract.Tpm;
using Aurae.Daemon.Logging;

namespace Aurae.Daemon.Tpm;

/// <summary>
/// The node's TPM as attestation uses it: the client and the attestation key made once through it
/// (the client holds its transport open: tpmrm0 flushes the key when its file closes). Or, when
/// there is no usable TPM, why.
/// </summary>
public sealed class AttestationTpm
{
    private AttestationTpm(TpmClient? client, AttestationKey? key, string problem)
    {
        Client = client;
        Key = key;
        Problem = problem;
    }

    public TpmClient? Client { get; }

    public AttestationKey? Key { get; }

    /// <summary>Why there is no key; empty when there is one.</summary>
    public string Problem { get; }

    /// <summary>Whether a TPM answered at all (a TPM whose key could not be made is present but unusable).</summary>
    public bool Present { get; private init; }

    public static AttestationTpm Missing(string problem) => new(null, null, problem);

    /// <summary>
    /// Opens <paramref name="devicePath"/> and makes the attestation key. Never throws: a node
    /// without a TPM still boots and answers, saying why it cannot attest.
    /// </summary>
    public static async Task<AttestationTpm> OpenAsync(string devicePath, CancellationToken cancellationToken)
    {
        if (!File.Exists(devicePath))
            return Log(Missing($"no {devicePath}: the kernel found no TPM 2.0"));
        DeviceTpmTransport transport;
        try
        {
            transport = DeviceTpmTransport.Open(devicePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Log(Missing($"cannot open {devicePath}: {e.Message}"));
        }
        var tpm = await CreateAsync(new TpmClient(transport), cancellationToken).ConfigureAwait(false);
        if (tpm.Key is null)
            await transport.DisposeAsync().ConfigureAwait(false);
        return Log(tpm);
    }

    /// <summary>Makes the attestation key through <paramref name="client"/>.</summary>
    public static async Task<AttestationTpm> CreateAsync(TpmClient client, CancellationToken cancellationToken)
    {
        try
        {
            var key = await AttestationKey.CreateAsync(client, cancellationToken).ConfigureAwait(false);
            return new AttestationTpm(client, key, "") { Present = true };
        }
        catch (Exception e) when (e is TpmException or TpmFormatException or IOException)
        {
            return new AttestationTpm(null, null, $"the TPM could not make the attestation key: {e.Message}") { Present = true };
        }
    }

    private static AttestationTpm Log(AttestationTpm tpm)
    {
        if (tpm.Key is { } key)
            ConsoleLog.Info("tpm", $"attestation key 0x{key.Handle:x8} made (ECC P-256 under the endorsement hierarchy)");
        else
            ConsoleLog.Warn("tpm", $"no attestation: {tpm.Problem}");
        return tpm;
    }
}
