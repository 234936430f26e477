namespace Aurae.Images.Uefi;

/// <summary>The GUIDs of the UEFI specification (2.10) that Secure Boot's key variables use.</summary>
public static class EfiGuids
{
    /// <summary>EFI_GLOBAL_VARIABLE (§3.3): the vendor of PK and KEK.</summary>
    public static readonly Guid GlobalVariable = new("8be4df61-93ca-11d2-aa0d-00e098032b8c");

    /// <summary>EFI_IMAGE_SECURITY_DATABASE_GUID (§32.6.1): the vendor of db and dbx.</summary>
    public static readonly Guid ImageSecurityDatabase = new("d719b2cb-3d3a-4596-a3bc-dad00e67656f");

    /// <summary>EFI_CERT_X509_GUID (§32.4.1): a signature list entry holding one DER X.509 certificate.</summary>
    public static readonly Guid CertX509 = new("a5c059a1-94e4-4aa7-87b5-ab155c2bf072");

    /// <summary>EFI_CERT_TYPE_PKCS7_GUID (§32.2.4): WIN_CERTIFICATE_UEFI_GUID data that is a PKCS#7 SignedData.</summary>
    public static readonly Guid CertTypePkcs7 = new("4aafd29d-68df-49ee-8aa9-347d375665a7");
}
