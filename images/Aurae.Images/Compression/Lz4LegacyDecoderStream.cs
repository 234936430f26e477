using System.Buffers.Binary;

namespace Aurae.Images.Compression;

/// <summary>
/// Decodes the LZ4 legacy frame format (LZ4 Frame Format Description, "Legacy frame"), which the
/// kernel's `lz4 -l` build step and lib/decompress_unlz4.c use: the magic number, then independent
/// blocks of at most 8 MiB, each preceded by its 4-byte little-endian compressed size. A repeated
/// magic number starts another frame; the data ends with the last block.
/// </summary>
internal sealed class Lz4LegacyDecoderStream : ReadOnlyDecoderStream
{
    /// <summary>Legacy frame magic number, little-endian bytes 02 21 4C 18.</summary>
    public const uint Magic = CompressionMagic.Lz4Legacy;

    /// <summary>Uncompressed size of every block but the last ("Legacy frame": 8 MB).</summary>
    public const int MaximumBlockLength = 8 << 20;

    private readonly ReadOnlyMemory<byte> _input;
    private readonly byte[] _block = new byte[MaximumBlockLength];
    private int _inputPosition;
    private int _blockLength;
    private int _blockPosition;

    /// <summary>Reads <paramref name="input"/>, which must start with <see cref="Magic"/> and hold nothing after the last block.</summary>
    public Lz4LegacyDecoderStream(ReadOnlyMemory<byte> input)
    {
        if (input.Length < sizeof(uint) || BinaryPrimitives.ReadUInt32LittleEndian(input.Span) != Magic)
        {
            throw new InvalidDataException($"LZ4 legacy data must start with magic 0x{Magic:X8}.");
        }

        _input = input;
        _inputPosition = sizeof(uint);
    }

    public override int Read(Span<byte> buffer)
    {
        while (_blockPosition == _blockLength)
        {
            if (!DecodeNextBlock())
            {
                return 0;
            }
        }

        int count = Math.Min(buffer.Length, _blockLength - _blockPosition);
        _block.AsSpan(_blockPosition, count).CopyTo(buffer);
        _blockPosition += count;
        return count;
    }

    private bool DecodeNextBlock()
    {
        ReadOnlySpan<byte> input = _input.Span;
        if (_inputPosition == input.Length)
        {
            return false;
        }

        if (input.Length - _inputPosition < sizeof(uint))
        {
            throw new InvalidDataException($"LZ4 legacy data is truncated inside a block size at offset {_inputPosition}.");
        }

        uint compressedLength = BinaryPrimitives.ReadUInt32LittleEndian(input[_inputPosition..]);
        _inputPosition += sizeof(uint);
        if (compressedLength == Magic)
        {
            // A concatenated legacy frame; its blocks simply continue the output.
            _blockLength = _blockPosition = 0;
            return true;
        }

        if (compressedLength == 0 || compressedLength > (uint)(input.Length - _inputPosition))
        {
            throw new InvalidDataException(
                $"LZ4 legacy block at offset {_inputPosition - sizeof(uint)} claims {compressedLength} bytes, but {input.Length - _inputPosition} remain.");
        }

        _blockLength = Lz4BlockDecoder.Decode(input.Slice(_inputPosition, (int)compressedLength), _block);
        _blockPosition = 0;
        _inputPosition += (int)compressedLength;
        return true;
    }
}
