using System.Buffers.Binary;
using System.Security.Cryptography.X509Certificates;

namespace Aurae.Images.Uefi;

/// <summary>
/// EFI_SIGNATURE_LIST (UEFI 2.10 §32.4.1) of X.509 certificates: the value of PK, KEK and db.
/// One list holds entries of one size, so each certificate gets a list of its own, the lists
/// concatenated (as cert-to-efi-sig-list and the firmware's own menus write them).
/// </summary>
public static class EfiSignatureList
{
    // SignatureType (16), SignatureListSize (4), SignatureHeaderSize (4), SignatureSize (4).
    private const int ListHeaderSize = 28;
    // EFI_SIGNATURE_DATA: SignatureOwner (16) before the data.
    private const int OwnerSize = 16;

    /// <summary>The lists for <paramref name="certificates"/>, each entry owned by <paramref name="owner"/> (any GUID the owner picks).</summary>
    public static byte[] OfCertificates(IReadOnlyList<X509Certificate2> certificates, Guid owner)
    {
        ArgumentOutOfRangeException.ThrowIfZero(certificates.Count);
        var lists = new List<byte>();
        foreach (var certificate in certificates)
        {
            var der = certificate.RawData;
            var signatureSize = OwnerSize + der.Length;
            var list = new byte[ListHeaderSize + signatureSize];
            EfiGuidBytes.Write(EfiGuids.CertX509, list.AsSpan(0, 16));
            BinaryPrimitives.WriteUInt32LittleEndian(list.AsSpan(16), (uint)list.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(list.AsSpan(20), 0); // no SignatureHeader for X.509
            BinaryPrimitives.WriteUInt32LittleEndian(list.AsSpan(24), (uint)signatureSize);
            EfiGuidBytes.Write(owner, list.AsSpan(ListHeaderSize, OwnerSize));
            der.CopyTo(list.AsSpan(ListHeaderSize + OwnerSize));
            lists.AddRange(list);
        }
        return [.. lists];
    }
}
