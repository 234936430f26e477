namespace Aurae.Daemon.Enrollment;

/// <summary>How patiently the node enrolls; the protocol's values by default, shorter in tests.</summary>
public sealed record EnrollmentOptions
{
    /// <summary>First wait after a network error, 5xx or an untrusted serve; doubled up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait a 202's Retry-After may ask for.</summary>
    public TimeSpan RetryAfterCap { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The wait after a 202 without Retry-After.</summary>
    public TimeSpan DefaultRetryAfter { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>One request, connection and TLS handshake included.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
