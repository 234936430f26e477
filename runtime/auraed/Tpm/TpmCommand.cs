using Aurae.Contract.Tpm;

namespace Aurae.Daemon.Tpm;

/// <summary>
/// Marshals one TPM 2.0 command (Part 1 §18.2, Part 3 §4 "Command and response structure"):
/// tag, commandSize and commandCode; the handle area; with sessions, a UINT32 authorizationSize and
/// one session per authorized handle; then the parameters, which the caller writes to <see cref="Parameters"/>.
/// </summary>
public sealed class TpmCommand(TpmCommandCode code)
{
    private const int HeaderSize = 10;

    private readonly List<uint> _handles = [];
    private int _passwordSessions;

    public TpmCommandCode Code { get; } = code;

    public TpmWriter Parameters { get; } = new();

    public TpmCommand Handle(uint handle)
    {
        _handles.Add(handle);
        return this;
    }

    /// <summary>
    /// Authorizes the next handle that needs it with a password session holding the empty
    /// password — the authValue of a hierarchy nobody has set one for, and of the keys Aurae makes
    /// (their userAuth is empty: the key is protected by being the daemon's, in its resource-manager
    /// space, not by a secret the daemon would have to keep beside it).
    /// </summary>
    public TpmCommand AuthorizeWithEmptyPassword()
    {
        _passwordSessions++;
        return this;
    }

    public byte[] ToBytes()
    {
        var body = new TpmWriter();
        foreach (var handle in _handles)
            body.UInt32(handle);
        if (_passwordSessions > 0)
        {
            // TPMS_AUTH_COMMAND (Part 2 §10.13.2): sessionHandle, nonceCaller (empty for a password
            // session), sessionAttributes (none: continueSession means nothing to TPM_RS_PW), hmac
            // (the password itself, here empty).
            var authorization = new TpmWriter();
            for (var i = 0; i < _passwordSessions; i++)
                authorization.UInt32(TpmHandle.PasswordSession).Sized([]).Byte(0).Sized([]);
            body.UInt32((uint)authorization.Length).Bytes(authorization.Written);
        }
        body.Bytes(Parameters.Written);
        var tag = _passwordSessions > 0 ? TpmStructureTag.Sessions : TpmStructureTag.NoSessions;
        return new TpmWriter()
            .UInt16((ushort)tag)
            .UInt32((uint)(HeaderSize + body.Length))
            .UInt32((uint)Code)
            .Bytes(body.Written)
            .ToArray();
    }
}
