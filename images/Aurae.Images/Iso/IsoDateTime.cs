using System.Globalization;

namespace Aurae.Images.Iso;

/// <summary>The two date and time formats of ECMA-119: §9.1.5 (directory records) and §8.4.26.1 (volume descriptors).</summary>
internal static class IsoDateTime
{
    /// <summary>§9.1.5 counts years from 1900 in one byte.</summary>
    private const int RecordingYearBase = 1900;

    /// <summary>Earliest and latest years both forms can hold.</summary>
    public const int MinimumYear = RecordingYearBase;

    public const int MaximumYear = RecordingYearBase + byte.MaxValue;

    /// <summary>Rejects a time outside the years the directory record form can hold.</summary>
    public static DateTimeOffset Validate(DateTimeOffset value, string paramName)
    {
        int year = value.UtcDateTime.Year;
        if (year is < MinimumYear or > MaximumYear)
        {
            throw new ArgumentOutOfRangeException(paramName, value,
                $"ISO 9660 directory records hold years {MinimumYear}-{MaximumYear} (ECMA-119 §9.1.5); {year} is outside.");
        }

        return value;
    }

    /// <summary>§9.1.5: years since 1900, month, day, hour, minute, second, GMT offset in 15-minute units (UTC: 0).</summary>
    public static void WriteRecordingTime(Span<byte> destination, DateTimeOffset value)
    {
        DateTime utc = value.UtcDateTime;
        destination[0] = (byte)(utc.Year - RecordingYearBase);
        destination[1] = (byte)utc.Month;
        destination[2] = (byte)utc.Day;
        destination[3] = (byte)utc.Hour;
        destination[4] = (byte)utc.Minute;
        destination[5] = (byte)utc.Second;
        destination[6] = 0;
    }

    /// <summary>
    /// §8.4.26.1: "YYYYMMDDHHMMSScc" in ASCII digits and a GMT offset byte (UTC: 0); <c>null</c> writes the
    /// "not specified" form, sixteen '0' digits and a zero offset.
    /// </summary>
    public static void WriteVolumeTime(Span<byte> destination, DateTimeOffset? value)
    {
        string digits = value is { } time
            ? time.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + (time.UtcDateTime.Millisecond / 10).ToString("D2", CultureInfo.InvariantCulture)
            : "0000000000000000";
        IsoBinary.WritePaddedString(destination[..16], digits);
        destination[16] = 0;
    }
}
