namespace Aurae.Images.Vhd;

/// <summary>
/// What distinguishes one VHD from another: the footer's Unique Id and Time Stamp (Virtual Hard Disk Image
/// Format Specification, "Hard Disk Footer Format"). Derive the id with
/// <c>SeededGuid.Create(seed)</c> and pass the build's time (e.g. a parsed SOURCE_DATE_EPOCH) so builds are reproducible.
/// </summary>
public sealed record VhdIdentity
{
    /// <summary>Creates an identity; see <see cref="Timestamp"/> for the accepted times.</summary>
    public VhdIdentity(Guid uniqueId, DateTimeOffset timestamp)
    {
        UniqueId = uniqueId;
        Timestamp = timestamp;
    }

    /// <summary>The origin of VHD time stamps.</summary>
    public static DateTimeOffset Epoch { get; } = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The latest time a 32-bit VHD time stamp can hold (2136-02-07T06:28:15Z).</summary>
    public static DateTimeOffset MaxTimestamp { get; } = Epoch.AddSeconds(uint.MaxValue);

    /// <summary>Identifies the disk; differencing disks refer to their parent by it.</summary>
    public Guid UniqueId { get; init; }

    /// <summary>
    /// Creation time. VHD counts seconds from 2000-01-01T00:00:00Z in 32 bits: earlier times (such as the
    /// default SOURCE_DATE_EPOCH of 1970) are written as 0; times after <see cref="MaxTimestamp"/> are rejected.
    /// </summary>
    public DateTimeOffset Timestamp
    {
        get;
        init
        {
            if (value > MaxTimestamp)
            {
                throw new ArgumentOutOfRangeException(nameof(Timestamp), value,
                    $"A VHD time stamp counts seconds since {Epoch:O} in 32 bits and cannot go past {MaxTimestamp:O}.");
            }

            field = value;
        }
    }

    /// <summary>The footer's Time Stamp field: whole seconds since <see cref="Epoch"/>, 0 for earlier times.</summary>
    internal uint VhdTimeStamp =>
        Timestamp <= Epoch ? 0 : (uint)((Timestamp.UtcTicks - Epoch.UtcTicks) / TimeSpan.TicksPerSecond);
}
