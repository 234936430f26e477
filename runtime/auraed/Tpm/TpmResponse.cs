using Aurae.Contract.Tpm;

namespace Aurae.Daemon.Tpm;

/// <summary>
/// A TPM 2.0 response (Part 3 §4): tag, responseSize, responseCode; the handles the command
/// returns; with TPM_ST_SESSIONS a UINT32 parameterSize, the parameters, then the sessions'
/// TPMS_AUTH_RESPONSE, which a password session leaves nothing to check in and so is skipped.
/// </summary>
public sealed class TpmResponse
{
    /// <summary>TPM_RC_SUCCESS, Part 2 §6.6.3.</summary>
    private const uint Success = 0;

    private TpmResponse(IReadOnlyList<uint> handles, TpmReader parameters)
    {
        Handles = handles;
        Parameters = parameters;
    }

    public IReadOnlyList<uint> Handles { get; }

    /// <summary>The response parameters, positioned at the first.</summary>
    public TpmReader Parameters { get; }

    /// <summary>
    /// Reads the response to <paramref name="command"/>, which returns <paramref name="handleCount"/>
    /// handles; a response code other than success throws <see cref="TpmException"/>.
    /// </summary>
    public static TpmResponse Parse(ReadOnlyMemory<byte> bytes, TpmCommandCode command, int handleCount)
    {
        var reader = new TpmReader(bytes);
        var tag = (TpmStructureTag)reader.ReadUInt16("response tag");
        var size = reader.ReadUInt32("responseSize");
        var code = reader.ReadUInt32("responseCode");
        if (size != bytes.Length)
            throw new TpmFormatException($"TPM2_{command} response: responseSize {size}, {bytes.Length} bytes received");
        if (code != Success)
            throw new TpmException(command, code);
        var handles = new uint[handleCount];
        for (var i = 0; i < handles.Length; i++)
            handles[i] = reader.ReadUInt32("response handle");
        var parameters = tag switch
        {
            TpmStructureTag.Sessions => reader.ReadBytes((int)reader.ReadUInt32("parameterSize"), "response parameters"),
            TpmStructureTag.NoSessions => reader.ReadBytes(reader.Remaining, "response parameters"),
            _ => throw new TpmFormatException($"TPM2_{command} response tag 0x{(ushort)tag:x4}"),
        };
        return new TpmResponse(handles, new TpmReader(parameters));
    }
}
