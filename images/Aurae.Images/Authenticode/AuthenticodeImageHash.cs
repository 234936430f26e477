using System.Security.Cryptography;
using Aurae.Images.Pe;

namespace Aurae.Images.Authenticode;

/// <summary>
/// The PE image hash an Authenticode signature covers ("Windows Authenticode Portable Executable Signature
/// Format", "Calculating the PE Image Hash"): SHA-256 over the headers up to SizeOfHeaders minus the
/// CheckSum field and the Certificate Table entry (signing rewrites both), then every section's raw data
/// in file order, then any data after the last section except the certificate table itself.
/// </summary>
public static class AuthenticodeImageHash
{
    /// <summary>Hashes <paramref name="image"/>; a signed image hashes as it did before its certificate table was added.</summary>
    public static byte[] Compute(PeImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.DataDirectories.Count <= PeDataDirectory.CertificateTableIndex)
        {
            throw new InvalidDataException(
                $"The PE image has {image.DataDirectories.Count} data directories, too few to hold a Certificate Table entry (index {PeDataDirectory.CertificateTableIndex}).");
        }

        ReadOnlySpan<byte> data = image.Data.Span;
        PeDataDirectory certificates = image.CertificateTable;
        if (!certificates.IsEmpty && (long)certificates.VirtualAddress + certificates.Size != data.Length)
        {
            // The spec's formula for trailing data assumes the table is the file's last bytes; sbsign and osslsigncode put it there.
            throw new InvalidDataException(
                $"The PE certificate table 0x{certificates.VirtualAddress:X}+0x{certificates.Size:X} does not end the {data.Length}-byte file.");
        }

        int checkSum = image.CheckSumOffset;
        int certificateEntry = image.DataDirectoryOffset(PeDataDirectory.CertificateTableIndex);
        int sizeOfHeaders = (int)image.OptionalHeader.SizeOfHeaders;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        // Steps 3 to 6: the headers, skipping CheckSum (4 bytes) and the Certificate Table entry.
        hash.AppendData(data[..checkSum]);
        hash.AppendData(data[(checkSum + sizeof(uint))..certificateEntry]);
        hash.AppendData(data[(certificateEntry + PeDataDirectory.Length)..sizeOfHeaders]);
        long hashed = sizeOfHeaders;

        // Steps 7 to 13: sections by PointerToRawData, each for SizeOfRawData bytes; empty ones contribute nothing.
        foreach (PeSectionHeader section in image.Sections.Where(s => s.SizeOfRawData != 0).OrderBy(s => s.PointerToRawData))
        {
            hash.AppendData(data.Slice((int)section.PointerToRawData, (int)section.SizeOfRawData));
            hashed += section.SizeOfRawData;
        }

        // Step 14: extra data from SUM_OF_BYTES_HASHED, of length file size - (certificate table size + SUM_OF_BYTES_HASHED).
        long extra = data.Length - (certificates.Size + hashed);
        if (extra > 0)
        {
            hash.AppendData(data.Slice((int)hashed, (int)extra));
        }

        return hash.GetHashAndReset();
    }
}
