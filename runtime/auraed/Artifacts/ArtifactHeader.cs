using Aurae.Contract.Names;
namespace Aurae.Daemon.Artifacts;

/// <summary>What a push declares before its content: the name to store it under, its sha256 and size, and whether it runs.</summary>
public sealed record ArtifactHeader(string Name, string Sha256, long Size, bool Executable)
{
    private const int Sha256HexLength = 64;

    /// <summary>Returns null when the header is well formed, otherwise what is wrong with it (limits are the store's business).</summary>
    public string? Validate()
    {
        if (ArtifactName.Validate(Name) is { } nameError)
            return nameError;
        if (!IsSha256(Sha256))
            return $"sha256 '{Sha256}' is not {Sha256HexLength} lowercase hex digits";
        if (Size < 0)
            return $"size {Size} is negative";
        return null;
    }

    /// <summary>True when <paramref name="text"/> is a sha256 as the store spells it: 64 lowercase hex digits.</summary>
    public static bool IsSha256(string text) =>
        text.Length == Sha256HexLength && text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
