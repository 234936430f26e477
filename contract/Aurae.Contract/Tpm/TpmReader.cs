using System.Buffers.Binary;

namespace Aurae.Contract.Tpm;

/// <summary>
/// Reads TPM marshalled data: every integer big-endian (Part 1 §18.2, "canonical" byte order),
/// TPM2B_ structures as a UINT16 size and that many bytes (Part 2 §10.4). Reading past the end throws
/// <see cref="TpmFormatException"/> naming what was being read, so a short response never reads as zeros.
/// </summary>
public sealed class TpmReader(ReadOnlyMemory<byte> bytes)
{
    private int _position;

    public int Position => _position;

    public int Remaining => bytes.Length - _position;

    public byte ReadByte(string what) => Take(1, what).Span[0];

    public ushort ReadUInt16(string what) => BinaryPrimitives.ReadUInt16BigEndian(Take(2, what).Span);

    public uint ReadUInt32(string what) => BinaryPrimitives.ReadUInt32BigEndian(Take(4, what).Span);

    public ulong ReadUInt64(string what) => BinaryPrimitives.ReadUInt64BigEndian(Take(8, what).Span);

    public TpmAlgorithm ReadAlgorithm(string what) => (TpmAlgorithm)ReadUInt16(what);

    /// <summary>A TPM2B_: a UINT16 size, then that many bytes.</summary>
    public ReadOnlyMemory<byte> ReadSized(string what) => Take(ReadUInt16(what + " size"), what);

    public ReadOnlyMemory<byte> ReadBytes(int count, string what) => Take(count, what);

    /// <summary>The bytes between <paramref name="start"/> (an earlier <see cref="Position"/>) and here.</summary>
    public ReadOnlyMemory<byte> Since(int start) => bytes[start.._position];

    /// <summary>Throws when bytes are left over: a structure read whole has no trailing data.</summary>
    public void EnsureEnd(string what)
    {
        if (Remaining != 0)
            throw new TpmFormatException($"{what}: {Remaining} bytes after the end of the structure");
    }

    private ReadOnlyMemory<byte> Take(int count, string what)
    {
        if (count > Remaining)
            throw new TpmFormatException($"{what}: needs {count} bytes at offset {_position}, {Remaining} left");
        var taken = bytes.Slice(_position, count);
        _position += count;
        return taken;
    }
}
