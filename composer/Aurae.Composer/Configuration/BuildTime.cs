using Aurae.Images.Reproducibility;

namespace Aurae.Composer.Configuration;

/// <summary>
/// The time the composer stamps into every image it writes: SOURCE_DATE_EPOCH if set, else
/// <see cref="SourceDateEpoch.Default"/>. This is the one place the composer reads the variable; the
/// image writers take the time as an argument.
/// </summary>
public static class BuildTime
{
    // Read once: every file of one build must carry the same time even if the environment changes.
    private static readonly Lazy<DateTimeOffset> Cached = new(FromEnvironment);

    /// <summary>
    /// The time for this process, read from the environment on first use and then cached.
    /// Throws <see cref="FormatException"/> if the variable is set to something invalid.
    /// </summary>
    public static DateTimeOffset Value => Cached.Value;

    /// <summary>Reads SOURCE_DATE_EPOCH now, without caching.</summary>
    public static DateTimeOffset FromEnvironment() =>
        SourceDateEpoch.Parse(Environment.GetEnvironmentVariable(SourceDateEpoch.VariableName));
}
