namespace Aurae.Images.Uefi;

/// <summary>
/// EFI_GUID in memory (UEFI 2.10 Appendix A): Data1 (UINT32), Data2, Data3 (UINT16) little-endian,
/// then Data4's eight bytes as written — the layout <see cref="Guid.TryWriteBytes(Span{byte})"/> uses.
/// </summary>
public static class EfiGuidBytes
{
    public static void Write(Guid guid, Span<byte> destination)
    {
        if (!guid.TryWriteBytes(destination))
            throw new ArgumentException("an EFI_GUID needs 16 bytes", nameof(destination));
    }
}
