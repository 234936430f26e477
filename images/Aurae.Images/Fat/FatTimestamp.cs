using System.Buffers.Binary;

namespace Aurae.Images.Fat;

/// <summary>
/// A FAT directory-entry time stamp (fatgen103 "Date and Time Formats"): a date word, a time word with
/// 2-second resolution and a creation-time tenths byte (0-199). FAT has no time zone; times are stored as UTC.
/// </summary>
internal readonly record struct FatTimestamp(ushort Date, ushort Time, byte Tenths)
{
    /// <summary>Year 0 of the 7-bit year field.</summary>
    private const int EpochYear = 1980;

    /// <summary>The 7-bit year field ends at 1980 + 127.</summary>
    private const int LastYear = EpochYear + 127;

    // Date word: bits 0-4 day, 5-8 month, 9-15 years since 1980. Time word: bits 0-4 seconds/2, 5-10 minutes, 11-15 hours.
    private const int MonthShift = 5;
    private const int YearShift = 9;
    private const int MinuteShift = 5;
    private const int HourShift = 11;

    private static readonly DateTime Earliest = new(EpochYear, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Latest = new(LastYear, 12, 31, 23, 59, 59, 990, DateTimeKind.Utc);

    /// <summary>Converts <paramref name="value"/> to UTC, clamped to 1980-01-01 00:00:00 .. 2107-12-31 23:59:59.99.</summary>
    public static FatTimestamp From(DateTimeOffset value)
    {
        DateTime utc = value.UtcDateTime;
        if (utc < Earliest)
        {
            utc = Earliest;
        }
        else if (utc > Latest)
        {
            utc = Latest;
        }

        ushort date = (ushort)(((utc.Year - EpochYear) << YearShift) | (utc.Month << MonthShift) | utc.Day);
        ushort time = (ushort)((utc.Hour << HourShift) | (utc.Minute << MinuteShift) | (utc.Second / 2));
        // The tenths byte (actually hundredths, 0-199) restores the odd second and the fraction dropped by the time word.
        byte tenths = (byte)(((utc.Second % 2) * 100) + (utc.Millisecond / 10));
        return new FatTimestamp(date, time, tenths);
    }
}
