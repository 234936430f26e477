using Aurae.Contract.Tpm;

namespace Aurae.Daemon.Tpm;

/// <summary>
/// The node's attestation key: made once at boot with TPM2_CreatePrimary from
/// <see cref="AttestationKeyTemplate"/>, kept loaded, and used for every quote. Under the endorsement
/// hierarchy its seed survives TPM2_Clear, so the node presents the same key boot after boot and a
/// client can pin it. Its handle belongs to the transport it was made through (tpmrm0 virtualizes
/// handles per open file): that transport stays open while the key is in use.
/// </summary>
public sealed class AttestationKey
{
    private readonly TpmClient _tpm;

    private AttestationKey(TpmClient tpm, CreatedPrimary created)
    {
        _tpm = tpm;
        Handle = created.Handle;
        Public = created.Public;
        PublicArea = TpmtPublic.Parse(created.Public);
    }

    public uint Handle { get; }

    /// <summary>The key's TPMT_PUBLIC as the TPM marshalled it: what the node hands a client to verify quotes with.</summary>
    public byte[] Public { get; }

    public TpmtPublic PublicArea { get; }

    public static async Task<AttestationKey> CreateAsync(TpmClient tpm, CancellationToken cancellationToken, uint hierarchy = TpmHandle.Endorsement)
    {
        var created = await tpm.CreatePrimaryAsync(hierarchy, AttestationKeyTemplate.Public(), cancellationToken).ConfigureAwait(false);
        return new AttestationKey(tpm, created);
    }

    /// <summary>Quotes <paramref name="selection"/> over the client's <paramref name="nonce"/> (at most <see cref="TpmQuote.MaxNonceSize"/> bytes).</summary>
    public Task<TpmQuote> QuoteAsync(ReadOnlyMemory<byte> nonce, PcrSelection selection, CancellationToken cancellationToken)
    {
        if (nonce.Length > TpmQuote.MaxNonceSize)
            throw new ArgumentException($"a nonce is at most {TpmQuote.MaxNonceSize} bytes, this one {nonce.Length}", nameof(nonce));
        return _tpm.QuoteAsync(Handle, nonce, selection, cancellationToken);
    }

    /// <summary>Frees the key in the TPM; needed only on a transport that outlives it (closing tpmrm0 flushes it anyway).</summary>
    public Task FlushAsync(CancellationToken cancellationToken) => _tpm.FlushContextAsync(Handle, cancellationToken);
}
