using Aurae.Contract.Tpm;

namespace Aurae.Daemon.Tpm;

/// <summary>The TPM 2.0 commands the daemon sends, marshalled by hand from Part 3 and carried by an <see cref="ITpmTransport"/>.</summary>
public sealed class TpmClient(ITpmTransport transport)
{
    /// <summary>How often a PCR read restarts because a PCR changed between its TPM2_PCR_Read calls.</summary>
    private const int PcrReadAttempts = 3;

    /// <summary>TPM_RC_YIELDED, TPM_RC_TESTING and TPM_RC_RETRY (Part 2 §6.6.3, Table 16): warnings that ask for the same command again.</summary>
    private const uint Yielded = 0x908, Testing = 0x90A, Retry = 0x922;

    private const int SendAttempts = 5;

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// TPM2_PCR_Read (Part 3 §22.4) of every PCR in <paramref name="selection"/>, in ascending index.
    /// A TPM returns at most 8 digests per call (TPML_DIGEST holds 8) and says in pcrSelectionOut which
    /// it read, so this asks again for the rest. pcrUpdateCounter changes whenever a PCR is extended;
    /// if it moved between calls the values are not of one moment and the read starts over.
    /// </summary>
    public async Task<IReadOnlyList<PcrValue>> ReadPcrsAsync(PcrSelection selection, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < PcrReadAttempts; attempt++)
        {
            var values = new List<PcrValue>(selection.Indices.Count);
            uint? firstCounter = null;
            var remaining = selection;
            while (!remaining.IsEmpty)
            {
                var command = new TpmCommand(TpmCommandCode.PcrRead);
                PcrSelection.WriteList(command.Parameters, [remaining]);
                var parameters = await ExecuteAsync(command, handleCount: 0, cancellationToken).ConfigureAwait(false);
                var counter = parameters.ReadUInt32("pcrUpdateCounter");
                var read = PcrSelection.ReadList(parameters)
                    .Where(s => s.Hash == selection.Hash)
                    .SelectMany(s => s.Indices)
                    .Where(remaining.Indices.Contains)
                    .ToArray();
                var digests = ReadDigests(parameters);
                if (firstCounter is not null && counter != firstCounter)
                    break;
                firstCounter = counter;
                if (read.Length == 0)
                    throw new TpmFormatException($"TPM2_PCR_Read of {remaining} read none: the TPM has no such bank or PCRs");
                if (digests.Count != read.Length)
                    throw new TpmFormatException($"TPM2_PCR_Read returned {digests.Count} digests for {read.Length} PCRs");
                for (var i = 0; i < read.Length; i++)
                    values.Add(new PcrValue(selection.Hash, read[i], digests[i]));
                remaining = remaining.Without(read);
            }
            if (remaining.IsEmpty)
                return [.. values.OrderBy(v => v.Index)];
        }
        throw new IOException($"the PCRs of {selection} kept changing while they were read");
    }

    /// <summary>
    /// TPM2_CreatePrimary (Part 3 §24.1) under <paramref name="hierarchy"/> (authorized with its
    /// empty password) from <paramref name="publicTemplate"/> (a TPMT_PUBLIC). A primary key is
    /// derived from the hierarchy's seed and the template, so the same template gives the same key
    /// every boot until the seed changes.
    /// </summary>
    public async Task<CreatedPrimary> CreatePrimaryAsync(uint hierarchy, ReadOnlyMemory<byte> publicTemplate, CancellationToken cancellationToken)
    {
        var command = new TpmCommand(TpmCommandCode.CreatePrimary).Handle(hierarchy).AuthorizeWithEmptyPassword();
        command.Parameters
            .Sized(new TpmWriter().Sized([]).Sized([]).Written) // inSensitive: TPMS_SENSITIVE_CREATE with empty userAuth and data
            .Sized(publicTemplate.Span)                         // inPublic: TPM2B_PUBLIC
            .Sized([])                                          // outsideInfo: nothing to bind into the creation data
            .UInt32(0);                                         // creationPCR: an empty TPML_PCR_SELECTION
        var response = await SendAsync(command, handleCount: 1, cancellationToken).ConfigureAwait(false);
        // outPublic comes first; creationData, creationHash, creationTicket and name are not needed.
        var outPublic = response.Parameters.ReadSized("TPM2_CreatePrimary outPublic");
        return new CreatedPrimary(response.Handles[0], outPublic.ToArray());
    }

    /// <summary>
    /// TPM2_Quote (Part 3 §18.4) with the key at <paramref name="keyHandle"/> over <paramref name="selection"/>,
    /// qualifyingData <paramref name="nonce"/>. inScheme is TPM_ALG_NULL: the key's own scheme signs,
    /// so the scheme is fixed by the template the client can see in the key's public area.
    /// </summary>
    public async Task<TpmQuote> QuoteAsync(uint keyHandle, ReadOnlyMemory<byte> nonce, PcrSelection selection, CancellationToken cancellationToken)
    {
        var command = new TpmCommand(TpmCommandCode.Quote).Handle(keyHandle).AuthorizeWithEmptyPassword();
        command.Parameters.Sized(nonce.Span).Algorithm(TpmAlgorithm.Null);
        PcrSelection.WriteList(command.Parameters, [selection]);
        var parameters = await ExecuteAsync(command, handleCount: 0, cancellationToken).ConfigureAwait(false);
        var attest = parameters.ReadSized("TPM2_Quote quoted");
        var start = parameters.Position;
        TpmtSignature.ReadFrom(parameters);
        return new TpmQuote(attest.ToArray(), parameters.Since(start).ToArray());
    }

    /// <summary>TPM2_FlushContext (Part 3 §28.4): frees a transient object. Its handle is a parameter, not in the handle area.</summary>
    public async Task FlushContextAsync(uint handle, CancellationToken cancellationToken)
    {
        var command = new TpmCommand(TpmCommandCode.FlushContext);
        command.Parameters.UInt32(handle);
        await ExecuteAsync(command, handleCount: 0, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>TPML_DIGEST (Part 2 §10.9.2): a UINT32 count, then that many TPM2B_DIGEST.</summary>
    private static List<byte[]> ReadDigests(TpmReader reader)
    {
        var count = reader.ReadUInt32("TPML_DIGEST.count");
        if (count > 8)
            throw new TpmFormatException($"TPML_DIGEST.count {count}: a TPML_DIGEST holds at most 8");
        var digests = new List<byte[]>((int)count);
        for (var i = 0; i < count; i++)
            digests.Add(reader.ReadSized("TPML_DIGEST.digests").ToArray());
        return digests;
    }

    private async Task<TpmReader> ExecuteAsync(TpmCommand command, int handleCount, CancellationToken cancellationToken) =>
        (await SendAsync(command, handleCount, cancellationToken).ConfigureAwait(false)).Parameters;

    /// <summary>
    /// Sends the command, again when the TPM answers with a warning that means "not now" (Part 2
    /// §6.6.3): TPM_RC_RETRY, TPM_RC_YIELDED, TPM_RC_TESTING. swtpm answers the first TPM2_Quote
    /// with an ECC key after startup with TPM_RC_RETRY; tpm2-tss resends those silently too.
    /// </summary>
    private async Task<TpmResponse> SendAsync(TpmCommand command, int handleCount, CancellationToken cancellationToken)
    {
        var bytes = command.ToBytes();
        for (var attempt = 1; ; attempt++)
        {
            var response = await transport.ExecuteAsync(bytes, cancellationToken).ConfigureAwait(false);
            try
            {
                return TpmResponse.Parse(response, command.Code, handleCount);
            }
            catch (TpmException e) when (e.ResponseCode is Retry or Yielded or Testing && attempt < SendAttempts)
            {
                await Task.Delay(RetryDelay * attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
