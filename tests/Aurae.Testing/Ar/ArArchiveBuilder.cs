using System.Text;

namespace Aurae.Testing.Ar;

/// <summary>Writes common-format ar archives (ar(5)) for tests, the way GNU ar does.</summary>
public static class ArArchiveBuilder
{
    public static byte[] Build(params (string Name, byte[] Data)[] members)
    {
        using var archive = new MemoryStream();
        archive.Write("!<arch>\n"u8);
        foreach (var (name, data) in members)
        {
            // name[16] mtime[12] uid[6] gid[6] mode[8] size[10] fmag[2]; GNU ar ends names with '/'.
            var header = $"{name + "/",-16}{"0",-12}{"0",-6}{"0",-6}{"100644",-8}{data.Length,-10}`\n";
            archive.Write(Encoding.ASCII.GetBytes(header));
            archive.Write(data);
            if (data.Length % 2 == 1)
                archive.WriteByte((byte)'\n');
        }
        return archive.ToArray();
    }
}
