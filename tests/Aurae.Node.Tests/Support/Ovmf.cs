namespace Aurae.Node.Tests.Support;

/// <summary>
/// UEFI firmware for QEMU (Debian's ovmf package): the read-only code and a private copy of the
/// variable store, on the q35 machine. Deletes its copy on dispose.
/// </summary>
public sealed class Ovmf : IDisposable
{
    private const string PlainCode = "/usr/share/OVMF/OVMF_CODE_4M.fd";
    private const string PlainVars = "/usr/share/OVMF/OVMF_VARS_4M.fd";

    private readonly string _code;
    private readonly string _vars;

    public Ovmf() : this(PlainCode, PlainVars) { }

    /// <summary>
    /// Debian's Secure Boot build, enforcing from the first boot: its variable store enrolls Debian's
    /// test key (PkKek-1-snakeoil.key/.pem in /usr/share/ovmf, passphrase "snakeoil") as PK, KEK and db.
    /// </summary>
    public static Ovmf SecureBootSnakeoil() =>
        new("/usr/share/OVMF/OVMF_CODE_4M.snakeoil.fd", "/usr/share/OVMF/OVMF_VARS_4M.snakeoil.fd");

    private Ovmf(string code, string varsTemplate)
    {
        _code = code;
        foreach (var file in new[] { code, varsTemplate })
        {
            if (!File.Exists(file))
                throw new InvalidOperationException($"'{file}' is not installed: apt-get install ovmf (scripts/test does)");
        }
        _vars = Path.Combine(Path.GetTempPath(), $"aurae-ovmf-vars-{Guid.NewGuid():N}.fd");
        File.Copy(varsTemplate, _vars);
    }

    /// <summary>QEMU arguments: q35 with the firmware in flash.</summary>
    public IEnumerable<string> Arguments =>
    [
        "-M", "q35",
        "-drive", $"if=pflash,format=raw,unit=0,readonly=on,file={_code}",
        "-drive", $"if=pflash,format=raw,unit=1,file={_vars}",
    ];

    public void Dispose() => File.Delete(_vars);
}
