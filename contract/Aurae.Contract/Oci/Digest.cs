using System.Security.Cryptography;

namespace Aurae.Contract.Oci;

/// <summary>
/// A content digest as the OCI image spec writes it (descriptor.md, "Digests"): <c>sha256:</c>
/// and 64 lower-case hex digits. The only algorithm accepted: one we can verify.
/// </summary>
public readonly record struct Digest
{
    private const string Prefix = "sha256:";
    private const int HexLength = 64;

    private Digest(string hex) => Hex = hex;

    /// <summary>The 64 hex digits, lower case: also the blob's file name under blobs/sha256/.</summary>
    public string Hex { get; }

    public override string ToString() => Prefix + Hex;

    /// <summary>The digest <paramref name="text"/> names, or null when it names none we accept.</summary>
    public static Digest? TryParse(string? text) =>
        text is not null && text.StartsWith(Prefix, StringComparison.Ordinal) ? FromHex(text[Prefix.Length..]) : null;

    /// <summary>The digest whose hex digits are <paramref name="hex"/> (a file name), or null.</summary>
    public static Digest? FromHex(string hex) =>
        hex.Length == HexLength && hex.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f') ? new Digest(hex) : null;

    /// <summary>The digest of a SHA-256 hash already computed (32 bytes).</summary>
    public static Digest FromHash(ReadOnlySpan<byte> sha256) => new(Convert.ToHexStringLower(sha256));

    /// <summary>The digest of <paramref name="content"/>.</summary>
    public static Digest Of(ReadOnlySpan<byte> content) => FromHash(SHA256.HashData(content));
}
