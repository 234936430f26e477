namespace Aurae.Serve.Tftp;

/// <summary>How patient the TFTP server is with clients, and how many it serves at once.</summary>
public sealed record TftpServerOptions
{
    /// <summary>How long to wait for an ACK before sending the last packet again (a client's RFC 2349 timeout option overrides it).</summary>
    public TimeSpan RetransmitTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How many times the last packet is sent again before the transfer is given up.</summary>
    public int Retries { get; init; } = 5;

    /// <summary>Read requests beyond this many running transfers are answered with an error.</summary>
    public int MaxConcurrentTransfers { get; init; } = 64;

    /// <summary>The clock for timeouts and the durations in the log.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        if (RetransmitTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(RetransmitTimeout), RetransmitTimeout, "the TFTP retransmit timeout must be positive");
        if (Retries < 0)
            throw new ArgumentOutOfRangeException(nameof(Retries), Retries, "the TFTP retry count must not be negative");
        if (MaxConcurrentTransfers < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxConcurrentTransfers), MaxConcurrentTransfers, "at least one TFTP transfer must be allowed");
    }
}
