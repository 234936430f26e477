using System.Buffers.Binary;

namespace Aurae.Images.Uefi;

/// <summary>
/// EFI_TIME (UEFI 2.10 §8.3) as a time-based authenticated variable carries it: UTC, Nanosecond,
/// TimeZone, Daylight and both pads zero (§8.2.2 requires them zero in the authentication descriptor).
/// </summary>
public static class EfiTime
{
    public const int Size = 16;

    /// <summary>Year (UINT16), Month, Day, Hour, Minute, Second, Pad1, Nanosecond (UINT32), TimeZone (INT16), Daylight, Pad2.</summary>
    public static void Write(DateTimeOffset time, Span<byte> destination)
    {
        var utc = time.UtcDateTime;
        if (utc.Year is < 1900 or > 9999)
            throw new ArgumentOutOfRangeException(nameof(time), time, "EFI_TIME years run from 1900 to 9999");
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(destination, (ushort)utc.Year);
        destination[2] = (byte)utc.Month;
        destination[3] = (byte)utc.Day;
        destination[4] = (byte)utc.Hour;
        destination[5] = (byte)utc.Minute;
        destination[6] = (byte)utc.Second;
    }
}
