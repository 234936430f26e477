namespace Aurae.Serve.Tftp;

/// <summary>The first two bytes (big-endian) of every TFTP packet.</summary>
internal enum TftpOpcode : ushort
{
    /// <summary>RFC 1350 section 5: read request (RRQ).</summary>
    ReadRequest = 1,

    /// <summary>RFC 1350 section 5: write request (WRQ).</summary>
    WriteRequest = 2,

    /// <summary>RFC 1350 section 5: data (DATA).</summary>
    Data = 3,

    /// <summary>RFC 1350 section 5: acknowledgment (ACK).</summary>
    Acknowledgment = 4,

    /// <summary>RFC 1350 section 5: error (ERROR).</summary>
    Error = 5,

    /// <summary>RFC 2347 "Packet Formats": option acknowledgment (OACK).</summary>
    OptionAcknowledgment = 6,
}
