namespace Aurae.Serve.Configuration;

/// <summary>
/// A composed image that machines boot: the directory <c>aurae-compose build</c> wrote with the
/// <c>pxe</c> output (vmlinuz, initramfs.img, cmdline).
/// </summary>
public sealed record BootProfile(string Name, string Directory, string CommandLine)
{
    public const string KernelFile = "vmlinuz";
    public const string InitramfsFile = "initramfs.img";
    public const string CommandLineFile = "cmdline";

    /// <summary>The files a machine may fetch from this profile.</summary>
    public static readonly string[] ServedFiles = [KernelFile, InitramfsFile];

    /// <summary>Reads the profile's command line and checks its boot files exist.</summary>
    /// <exception cref="FileNotFoundException">A file of the pxe output is missing.</exception>
    public static BootProfile Load(string name, string directory)
    {
        foreach (var file in new[] { KernelFile, InitramfsFile, CommandLineFile })
        {
            var path = Path.Combine(directory, file);
            if (!File.Exists(path))
                throw new FileNotFoundException($"'{path}' not found: build the image with `outputs: [pxe]` into '{directory}'", path);
        }
        return new BootProfile(name, directory, File.ReadAllText(Path.Combine(directory, CommandLineFile)).Trim());
    }
}
