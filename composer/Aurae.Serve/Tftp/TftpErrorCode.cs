namespace Aurae.Serve.Tftp;

/// <summary>The error codes of a TFTP ERROR packet (RFC 1350 appendix "Error Codes", RFC 2347 for code 8).</summary>
internal enum TftpErrorCode : ushort
{
    /// <summary>RFC 1350 appendix: not defined, see error message.</summary>
    NotDefined = 0,

    /// <summary>RFC 1350 appendix: file not found.</summary>
    FileNotFound = 1,

    /// <summary>RFC 1350 appendix: access violation.</summary>
    AccessViolation = 2,

    /// <summary>RFC 1350 appendix: illegal TFTP operation.</summary>
    IllegalOperation = 4,

    /// <summary>RFC 1350 appendix: unknown transfer ID.</summary>
    UnknownTransferId = 5,

    /// <summary>RFC 2347 "Packet Formats": the options were refused.</summary>
    OptionsRefused = 8,
}
