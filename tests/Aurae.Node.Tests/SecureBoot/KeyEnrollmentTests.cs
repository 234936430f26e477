using System.Security.Cryptography.X509Certificates;
using Aurae.Composer.Pki.SecureBoot;
using Aurae.Images.Authenticode;
using Aurae.Images.Pe;
using Aurae.Images.Uefi;
using Aurae.Node.Tests.Support;
using Aurae.Testing;
using Xunit.Abstractions;

namespace Aurae.Node.Tests.SecureBoot;

/// <summary>
/// `pki secureboot init` keys in real firmware: OVMF in setup mode takes db.auth, KEK.auth and
/// PK.auth through SetVariable (a busybox initrd writes them to efivarfs), refuses a dbx update
/// not signed by the KEK, and on the next boot enforces Secure Boot with them: Debian's own
/// a UKI signed in-process (AuthenticodeSigner) with our db key runs and sees SecureBoot = 1, and
/// the same UKI with one byte of its command line changed after signing is refused.
/// </summary>
public sealed class KeyEnrollmentTests(ITestOutputHelper output) : IDisposable
{
    private const string GlobalVariable = "8be4df61-93ca-11d2-aa0d-00e098032b8c";
    private const string ImageSecurityDatabase = "d719b2cb-3d3a-4596-a3bc-dad00e67656f";
    private static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(3);
    private readonly string _work = Directory.CreateTempSubdirectory("aurae-secureboot-").FullName;

    [Fact]
    public async Task Firmware_enrolls_the_keys_and_then_runs_only_what_db_signed()
    {
        var keys = Path.Combine(_work, "keys");
        SecureBootKeys.Init(keys, "Aurae test", TimeProvider.System);
        var kernel = Path.Combine(_work, "kernel");
        Tool.Succeed("dpkg-deb", "-x", TestEnvironment.KernelDeb, kernel);
        var vmlinuz = Directory.GetFiles(Path.Combine(kernel, "boot"), "vmlinuz-*").Single();
        var efivarfs = Directory.GetFiles(Path.Combine(kernel, "lib", "modules"), "efivarfs.ko", SearchOption.AllDirectories).Single();

        // Boot 1, setup mode: enroll, then try a db update the KEK did not sign.
        var enroll = Path.Combine(_work, "enroll.img");
        BusyboxInitrd.Write(enroll, EnrollScript, new Dictionary<string, byte[]>
        {
            ["efivarfs.ko"] = File.ReadAllBytes(efivarfs),
            ["db.var"] = VariableFile(File.ReadAllBytes(Path.Combine(keys, "db.auth"))),
            ["KEK.var"] = VariableFile(File.ReadAllBytes(Path.Combine(keys, "KEK.auth"))),
            ["PK.var"] = VariableFile(File.ReadAllBytes(Path.Combine(keys, "PK.auth"))),
            ["rogue.var"] = VariableFile(RogueDbxUpdate()),
        });
        using var firmware = new Ovmf();
        var first = ShellBootDisk.Create(Path.Combine(_work, "first.img"),
            [$"vmlinuz initrd=\\enroll.img {CommandLine}"], new Dictionary<string, string> { ["vmlinuz"] = vmlinuz, ["enroll.img"] = enroll });
        var console = await BootAsync(firmware, first, "ENROLL-END");
        Assert.Contains("SETUPMODE-BEFORE 01", console);
        Assert.Contains("ENROLL db rc=0", console);
        Assert.Contains("ENROLL KEK rc=0", console);
        Assert.Contains("ENROLL PK rc=0", console);
        Assert.Contains("SETUPMODE-AFTER 00", console);
        // A new variable (dbx), so efivarfs' immutable flag (EPERM) is not in the way: EACCES is the
        // firmware's EFI_SECURITY_VIOLATION.
        Assert.Matches("ENROLL rogue rc=[1-9].*Permission denied", console);

        // Boot 2 and 3, same variable store, now enforcing: the shell (unsigned) no longer runs, so
        // the firmware boots \EFI\BOOT\BOOTX64.EFI: a UKI signed by our Authenticode signer with the
        // enrolled db key runs; the same UKI with one byte of .cmdline changed after signing does not.
        var check = Path.Combine(_work, "check.img");
        BusyboxInitrd.Write(check, CheckScript, new Dictionary<string, byte[]> { ["efivarfs.ko"] = File.ReadAllBytes(efivarfs) });
        using var db = X509Certificate2.CreateFromPemFile(Path.Combine(keys, "db.crt"), Path.Combine(keys, "db.key"));
        var signed = AuthenticodeSigner.Sign(Uki(vmlinuz, check), db);
        console = await BootAsync(firmware, ShellBootDisk.WithBootLoader(Path.Combine(_work, "signed.img"), signed), "CHECK-END");
        Assert.Contains("SECUREBOOT 01", console);

        var tampered = (byte[])signed.Clone();
        var cmdline = System.Text.Encoding.ASCII.GetBytes(CommandLine);
        var at = tampered.AsSpan().IndexOf(cmdline);
        Assert.True(at > 0, "the command line is not in the UKI");
        tampered[at + cmdline.Length - 1] ^= (byte)'1' ^ (byte)'2'; // panic=-1 → panic=-2
        console = await BootAsync(firmware, ShellBootDisk.WithBootLoader(Path.Combine(_work, "tampered.img"), tampered), "No bootable option or device was found");
        Assert.Contains("Access Denied", console);
        Assert.DoesNotContain("CHECK-END", console);
    }

    private static byte[] Uki(string vmlinuz, string initrd)
    {
        using var output = new MemoryStream();
        UnifiedKernelImage.Write(output, File.ReadAllBytes(Stub),
            new UkiContents("ID=aurae-test\n", CommandLine, null, File.ReadAllBytes(initrd), File.ReadAllBytes(vmlinuz)));
        return output.ToArray();
    }

    private const string Stub = "/usr/lib/systemd/boot/efi/linuxx64.efi.stub";

    // SetVariable's attributes ahead of the .auth file: efivarfs takes a variable as one write of attributes and data.
    private static byte[] VariableFile(byte[] auth) =>
        [.. BitConverter.GetBytes(AuthenticatedVariableUpdate.SecureBootVariableAttributes), .. auth];

    private static byte[] RogueDbxUpdate()
    {
        using var rogue = TestCertificates.SelfSignedRsa("Not the KEK");
        var list = EfiSignatureList.OfCertificates([rogue], Guid.NewGuid());
        return AuthenticatedVariableUpdate.Create("dbx", EfiGuids.ImageSecurityDatabase, AuthenticatedVariableUpdate.SecureBootVariableAttributes,
            DateTimeOffset.UtcNow.AddMinutes(5), list, rogue);
    }

    private const string CommandLine = "console=ttyS0 rdinit=/init panic=-1";

    private const string Prelude = """
        /bin/busybox mount -t proc proc /proc
        /bin/busybox mount -t sysfs sysfs /sys
        /bin/busybox insmod /efivarfs.ko
        /bin/busybox mount -t efivarfs efivarfs /sys/firmware/efi/efivars
        V=/sys/firmware/efi/efivars
        byte() { /bin/busybox tail -c 1 "$1" | /bin/busybox od -An -tx1 | /bin/busybox tr -d ' \n'; }

        """;

    private const string EnrollScript = Prelude + $"""
        echo "SETUPMODE-BEFORE $(byte $V/SetupMode-{GlobalVariable})"
        /bin/busybox dd if=/db.var of=$V/db-{ImageSecurityDatabase} bs=1M 2>/dev/null; echo "ENROLL db rc=$?"
        /bin/busybox dd if=/KEK.var of=$V/KEK-{GlobalVariable} bs=1M 2>/dev/null; echo "ENROLL KEK rc=$?"
        /bin/busybox dd if=/PK.var of=$V/PK-{GlobalVariable} bs=1M 2>/dev/null; echo "ENROLL PK rc=$?"
        echo "SETUPMODE-AFTER $(byte $V/SetupMode-{GlobalVariable})"
        why=$(/bin/busybox dd if=/rogue.var of=$V/dbx-{ImageSecurityDatabase} bs=1M 2>&1); echo "ENROLL rogue rc=$? $why"
        echo ENROLL-END
        /bin/busybox poweroff -f

        """;

    private const string CheckScript = Prelude + $"""
        echo "SECUREBOOT $(byte $V/SecureBoot-{GlobalVariable})"
        echo CHECK-END
        /bin/busybox poweroff -f

        """;

    private async Task<string> BootAsync(Ovmf firmware, string disk, string end)
    {
        using var machine = QemuMachine.Start([.. firmware.Arguments, "-cpu", "qemu64,+rdrand", "-net", "none",
            "-drive", $"file={disk},format=raw,if=virtio"]);
        try
        {
            await machine.WaitForConsoleAsync(end, BootTimeout);
            return machine.Console.Replace("\r", "");
        }
        finally
        {
            output.WriteLine(machine.Console);
        }
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
