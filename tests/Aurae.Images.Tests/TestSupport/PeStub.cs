namespace Aurae.Images.Tests.TestSupport;

/// <summary>systemd's x86-64 EFI stub from Debian 12 (systemd-boot-efi 252); a missing stub fails the test.</summary>
internal static class PeStub
{
    public const string Path = "/usr/lib/systemd/boot/efi/linuxx64.efi.stub";

    private static readonly Lazy<byte[]> Bytes = new(() =>
    {
        if (!File.Exists(Path))
        {
            Assert.Fail($"The EFI stub '{Path}' is not installed (Debian package systemd-boot-efi); UKI tests need it.");
        }

        return File.ReadAllBytes(Path);
    });

    /// <summary>A fresh copy of the stub's bytes (tests may corrupt it).</summary>
    public static byte[] Read() => (byte[])Bytes.Value.Clone();
}
