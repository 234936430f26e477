using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Aurae.Serve.Enrollment;

/// <summary>
/// Short-lived bootstrap tokens: <c>v1.PAYLOAD.MAC</c>, base64url, the payload JSON naming the
/// machine's MAC, an expiry and a nonce, the tag HMAC-SHA256 over "v1." + payload. The key is
/// derived from the CA key, so a restarted serve still honours the tokens it handed out.
/// A token proves only that its machine asked serve for a boot script recently; approval is separate.
/// </summary>
public sealed class BootstrapTokens
{
    private const string Version = "v1";
    private static readonly byte[] KeyInfo = Encoding.ASCII.GetBytes("aurae enrollment token v1");

    private readonly byte[] _key;
    private readonly TimeProvider _clock;
    // Nonces of tokens that have enrolled a node, until they expire: a token enrolls once.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _used = new(StringComparer.Ordinal);

    public BootstrapTokens(ReadOnlySpan<byte> caPrivateKeyPkcs8, TimeSpan lifetime, TimeProvider clock)
    {
        if (lifetime <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(lifetime), "a token must live for some time");
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, caPrivateKeyPkcs8.ToArray(), 32, info: KeyInfo);
        Lifetime = lifetime;
        _clock = clock;
    }

    public TimeSpan Lifetime { get; }

    public string Issue(string mac)
    {
        var payload = new TokenPayload(mac, (_clock.GetUtcNow() + Lifetime).ToUnixTimeSeconds(),
            Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)));
        var body = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(payload, ServingJsonContext.Default.TokenPayload));
        return $"{Version}.{body}.{Tag(body)}";
    }

    /// <summary>The token's claims when it is genuine and current, else why not.</summary>
    public TokenCheck Check(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[0] != Version)
            return TokenCheck.Refused("bootstrap token is not a v1 token");
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Tag(parts[1])), Encoding.ASCII.GetBytes(parts[2])))
            return TokenCheck.Refused("bootstrap token is not valid (its signature does not match: not issued by this serve's CA)");
        TokenPayload? payload;
        try
        {
            payload = JsonSerializer.Deserialize(Base64Url.DecodeFromChars(parts[1]), ServingJsonContext.Default.TokenPayload);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return TokenCheck.Refused("bootstrap token payload is not valid");
        }
        if (payload is null)
            return TokenCheck.Refused("bootstrap token payload is empty");
        var expires = DateTimeOffset.FromUnixTimeSeconds(payload.Exp);
        if (expires <= _clock.GetUtcNow())
            return TokenCheck.Refused($"bootstrap token expired at {expires:yyyy-MM-ddTHH:mm:ssZ}");
        if (_used.ContainsKey(payload.Nonce))
            return TokenCheck.Refused("bootstrap token was already used to enroll");
        return new TokenCheck(null, payload.Mac, expires, payload.Nonce);
    }

    /// <summary>Marks a token spent once it has enrolled a node.</summary>
    public void Spend(TokenCheck token)
    {
        var now = _clock.GetUtcNow();
        foreach (var (nonce, expiry) in _used)
        {
            if (expiry <= now)
                _used.TryRemove(nonce, out _);
        }
        _used[token.Nonce!] = token.Expires;
    }

    private string Tag(string body) => Base64Url.EncodeToString(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes($"{Version}.{body}")));
}

/// <summary>A token's payload: snake_case JSON.</summary>
public sealed record TokenPayload(string Mac, long Exp, string Nonce);

/// <summary>The outcome of checking a token: its claims, or the reason it is refused.</summary>
public sealed record TokenCheck(string? Refusal, string? Mac, DateTimeOffset Expires, string? Nonce)
{
    public static TokenCheck Refused(string reason) => new(reason, null, default, null);
}
