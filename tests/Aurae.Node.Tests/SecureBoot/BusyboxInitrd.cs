using Aurae.Images.Cpio;

namespace Aurae.Node.Tests.SecureBoot;

/// <summary>An initrd of busybox-static, a shell script as /init, and whatever files the script needs.</summary>
internal static class BusyboxInitrd
{
    private const string Busybox = "/bin/busybox";

    public static void Write(string path, string initScript, IReadOnlyDictionary<string, byte[]> files)
    {
        if (!File.Exists(Busybox))
            throw new InvalidOperationException($"'{Busybox}' is needed here: apt-get install busybox-static (scripts/test does)");
        var tree = new CpioTree();
        const UnixFileMode Executable = (UnixFileMode)0b111_101_101;
        const UnixFileMode Plain = (UnixFileMode)0b110_100_100;
        foreach (var directory in new[] { "bin", "proc", "sys", "dev" })
            tree.Add(CpioEntry.Directory(directory, (UnixFileMode)0b111_101_101));
        tree.Add(CpioEntry.File("bin/busybox", Executable, File.ReadAllBytes(Busybox)));
        tree.Add(CpioEntry.File("init", Executable, System.Text.Encoding.ASCII.GetBytes("#!/bin/busybox sh\n" + initScript)));
        foreach (var (name, content) in files)
            tree.Add(CpioEntry.File(name, Plain, content));
        using var output = File.Create(path);
        using var writer = new CpioWriter(output);
        tree.WriteTo(writer);
    }
}
