namespace Aurae.Serve.Tests.Tftp;

/// <summary>Deterministic file contents that differ at every offset modulo a prime, so a lost, repeated or reordered block shows.</summary>
public static class TftpTestContent
{
    public static byte[] Bytes(int length, int seed = 0)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
            bytes[i] = (byte)((i * 31 + i / 251 + seed * 7) % 256);
        return bytes;
    }
}
