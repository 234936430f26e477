using System.Buffers;
using System.Buffers.Binary;

namespace Aurae.Contract.Tpm;

/// <summary>Writes TPM marshalled data, the mirror of <see cref="TpmReader"/>: big-endian integers, TPM2B_ as size + bytes.</summary>
public sealed class TpmWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new();

    public int Length => _buffer.WrittenCount;

    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    public TpmWriter Byte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
        return this;
    }

    public TpmWriter UInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.GetSpan(2), value);
        _buffer.Advance(2);
        return this;
    }

    public TpmWriter UInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
        return this;
    }

    public TpmWriter Algorithm(TpmAlgorithm algorithm) => UInt16((ushort)algorithm);

    public TpmWriter Bytes(ReadOnlySpan<byte> bytes)
    {
        _buffer.Write(bytes);
        return this;
    }

    /// <summary>A TPM2B_: the UINT16 size of <paramref name="bytes"/>, then the bytes.</summary>
    public TpmWriter Sized(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > ushort.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(bytes), bytes.Length, "a TPM2B holds at most 65535 bytes");
        return UInt16((ushort)bytes.Length).Bytes(bytes);
    }

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();
}
