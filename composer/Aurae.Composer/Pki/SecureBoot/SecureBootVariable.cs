using Aurae.Images.Uefi;

namespace Aurae.Composer.Pki.SecureBoot;

/// <summary>How each key is stored in the firmware: its variable, that variable's vendor, and which key signs its update.</summary>
public sealed record SecureBootVariable(SecureBootKeyRole Role, string Name, Guid Vendor, SecureBootKeyRole SignedBy)
{
    /// <summary>In enrollment order: db and KEK first, PK last (setting PK ends setup mode).</summary>
    public static IReadOnlyList<SecureBootVariable> All { get; } =
    [
        new(SecureBootKeyRole.SignatureDatabase, "db", EfiGuids.ImageSecurityDatabase, SecureBootKeyRole.KeyExchangeKey),
        new(SecureBootKeyRole.KeyExchangeKey, "KEK", EfiGuids.GlobalVariable, SecureBootKeyRole.PlatformKey),
        new(SecureBootKeyRole.PlatformKey, "PK", EfiGuids.GlobalVariable, SecureBootKeyRole.PlatformKey),
    ];

    public static SecureBootVariable Of(SecureBootKeyRole role) => All.Single(v => v.Role == role);
}
