namespace Aurae.Images.Authenticode;

/// <summary>
/// Object identifiers of an Authenticode signature ("Windows Authenticode Portable Executable Signature
/// Format", sections "SignedData" and "SpcIndirectDataContent"), each defined once.
/// </summary>
internal static class AuthenticodeOids
{
    /// <summary>SPC_INDIRECT_DATA_OBJID: the SignedData's content type.</summary>
    public const string SpcIndirectDataContent = "1.3.6.1.4.1.311.2.1.4";

    /// <summary>SPC_PE_IMAGE_DATAOBJ: the kind of data the content describes, a PE image.</summary>
    public const string SpcPeImageData = "1.3.6.1.4.1.311.2.1.15";

    /// <summary>SPC_SP_OPUS_INFO_OBJID: program name and URL, an authenticated attribute (both left out).</summary>
    public const string SpcSpOpusInfo = "1.3.6.1.4.1.311.2.1.12";

    /// <summary>id-sha256 (RFC 5754 section 2.2): the image hash and the signature's digest.</summary>
    public const string Sha256 = "2.16.840.1.101.3.4.2.1";

    /// <summary>id-signedData (RFC 5652 section 5.1): the outer ContentInfo's type.</summary>
    public const string SignedData = "1.2.840.113549.1.7.2";
}
