namespace Aurae.Daemon.Firmware;

/// <summary>
/// Reads the firmware's SecureBoot variable (UEFI 2.10 §3.3, EFI_GLOBAL_VARIABLE) through efivarfs,
/// where each variable is a file of its 4 attribute bytes followed by its data; SecureBoot's data
/// is one byte, 1 when the firmware enforced Secure Boot for this boot.
/// </summary>
public static class SecureBootVariable
{
    public const string EfiRoot = "/sys/firmware/efi";

    public const string FileName = "SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c";

    private const int AttributeBytes = 4;

    /// <summary>Never throws: what cannot be read is <see cref="SecureBootState.Unknown"/>, with the reason.</summary>
    public static SecureBootReading Read(string efiRoot = EfiRoot)
    {
        // The kernel makes /sys/firmware/efi only when it was started by UEFI firmware: a BIOS boot has no Secure Boot.
        if (!Directory.Exists(efiRoot))
            return new(SecureBootState.Disabled, $"the node did not boot through UEFI (no {efiRoot})");
        var efivars = Path.Combine(efiRoot, "efivars");
        var variable = Path.Combine(efivars, FileName);
        try
        {
            if (File.Exists(variable))
            {
                var bytes = File.ReadAllBytes(variable);
                return bytes.Length != AttributeBytes + 1
                    ? new(SecureBootState.Unknown, $"{variable} is {bytes.Length} bytes, not 4 attribute bytes and 1 data byte")
                    : bytes[AttributeBytes] switch
                    {
                        1 => new(SecureBootState.Enabled, "the firmware's SecureBoot variable is 1"),
                        0 => new(SecureBootState.Disabled, "the firmware's SecureBoot variable is 0"),
                        var other => new(SecureBootState.Unknown, $"the firmware's SecureBoot variable is {other}, neither 0 nor 1"),
                    };
            }
            // efivarfs lists every variable the firmware has: mounted but without SecureBoot, the
            // firmware does not implement Secure Boot. Empty or missing, efivarfs is not mounted.
            if (Directory.Exists(efivars) && Directory.EnumerateFileSystemEntries(efivars).Any())
                return new(SecureBootState.Disabled, "the firmware has no SecureBoot variable: it does not implement Secure Boot");
            return new(SecureBootState.Unknown, $"efivarfs is not mounted at {efivars} (the node needs the efivarfs module: add it to node.yaml's modules)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new(SecureBootState.Unknown, $"cannot read {variable}: {e.Message}");
        }
    }
}
