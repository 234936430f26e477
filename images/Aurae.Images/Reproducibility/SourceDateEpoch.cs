using System.Globalization;

namespace Aurae.Images.Reproducibility;

/// <summary>
/// The timestamp stamped into generated images, following the reproducible-builds convention
/// (https://reproducible-builds.org/specs/source-date-epoch/): the value of the <c>SOURCE_DATE_EPOCH</c>
/// environment variable if set, else the fixed <see cref="Default"/>, so that two builds of the same
/// input give the same bytes. Only the parsing is here: the writers take the time as an argument and
/// the library never reads the environment; the program that drives them reads the variable.
/// </summary>
public static class SourceDateEpoch
{
    /// <summary>The environment variable whose value <see cref="Parse"/> reads.</summary>
    public const string VariableName = "SOURCE_DATE_EPOCH";

    /// <summary>Used when the variable is unset: 1970-01-01T00:00:00Z.</summary>
    public static DateTimeOffset Default => DateTimeOffset.UnixEpoch;

    /// <summary>
    /// Interprets a <c>SOURCE_DATE_EPOCH</c> value: unset or empty gives <see cref="Default"/>;
    /// otherwise it must be a non-negative whole number of seconds since 1970-01-01 UTC.
    /// </summary>
    public static DateTimeOffset Parse(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return Default;
        }

        // The spec asks for the exact output of `date +%s`: ASCII digits only, no sign, no spaces.
        // A malformed value must stop the build rather than silently fall back.
        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            throw new FormatException(
                $"Environment variable {VariableName}='{value}' is not a valid timestamp: " +
                "expected a non-negative whole number of seconds since 1970-01-01T00:00:00Z (as printed by `date +%s`).");
        }

        return DateTimeOffset.FromUnixTimeSeconds(seconds);
    }
}
