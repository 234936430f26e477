using System.Buffers.Binary;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using Aurae.Images.Checksums;
using Aurae.Images.IO;
using SharpCompress.Compressors.LZMA;

namespace Aurae.Images.Compression;

/// <summary>
/// Decodes one xz stream (The .xz File Format 1.1.0) whose blocks use LZMA2, optionally after the x86
/// BCJ filter, as the kernel's scripts/xz_wrap.sh writes them (`xz --check=crc32 --x86 --lzma2`).
/// The container is parsed here, from the stream footer and index backwards, so every size is known
/// before decoding; SharpCompress decodes the raw LZMA2 data and <see cref="BcjX86Decoder"/> undoes the
/// filter (SharpCompress's own XZ x86 filter produced wrong bytes in 0.50.8). All CRCs and checks are verified.
/// </summary>
internal sealed class XzDecoderStream : ReadOnlyDecoderStream
{
    // --- Stream header and footer (section 2.1). ---
    private static ReadOnlySpan<byte> HeaderMagic => CompressionMagic.Xz;
    private static ReadOnlySpan<byte> FooterMagic => "YZ"u8;
    private const int StreamFlagsLength = 2;
    private const int StreamHeaderLength = 12;
    private const int StreamFooterLength = 12;
    private const int FooterBackwardSizeOffset = 4;
    private const int FooterFlagsOffset = 8;

    /// <summary>Header sizes, backward size and block/index padding are in units of 4 bytes (sections 2.1.3, 3.1.1, 3.3, 4.4).</summary>
    private const int Alignment = 4;

    // --- Check types (section 2.1.1.2). ---
    private const int CheckNone = 0x00;
    private const int CheckCrc32 = 0x01;
    private const int CheckCrc64 = 0x04;
    private const int CheckSha256 = 0x0A;

    // --- Block header (section 3.1). ---
    private const byte IndexIndicator = 0x00;
    private const int BlockFlagsFilterCountMask = 0x03;
    private const int BlockFlagsReservedMask = 0x3C;
    private const int BlockFlagsCompressedSizePresent = 0x40;
    private const int BlockFlagsUncompressedSizePresent = 0x80;

    // --- Filter IDs (section 5.3). ---
    private const ulong FilterX86 = 0x04;
    private const ulong FilterLzma2 = 0x21;

    /// <summary>LZMA2's dictionary-size property byte is at most 40 (section 5.3.1).</summary>
    private const byte Lzma2MaximumDictionaryProperty = 40;

    /// <summary>A variable-length integer takes at most 9 bytes (section 1.2).</summary>
    private const int VliMaximumLength = 9;

    /// <summary>
    /// The largest block decoded ahead, whole into memory (see <see cref="DecodersAhead"/>). dpkg compresses with
    /// xz's threads, so a kernel package is blocks of about 20 MB that decode independently (issue
    /// 19). Larger blocks, and a stream of one block, are decoded as they are read.
    /// </summary>
    private const ulong DecodedAheadMaximum = 64 << 20;

    private readonly ReadOnlyMemory<byte> _input;
    private readonly int _checkType;
    private readonly (ulong Unpadded, ulong Uncompressed)[] _records;
    private readonly long[] _offsets;
    private readonly bool _decodeAhead;
    private int _blockIndex;
    private Block? _block;
    private byte[]? _decoded;
    private int _decodedPosition;
    private readonly Queue<Task<byte[]>> _ahead = new();
    private int _nextToDecode;
    private ExceptionDispatchInfo? _failure;

    /// <summary>Blocks decoding at once: one per processor, at most 4 (so at most 5 × 64 MiB held).</summary>
    private static int DecodersAhead => Math.Clamp(Environment.ProcessorCount, 1, 4);

    public XzDecoderStream(ReadOnlyMemory<byte> input)
    {
        _input = input;
        ReadOnlySpan<byte> data = input.Span;
        if (data.Length < StreamHeaderLength + StreamFooterLength || !data.StartsWith(HeaderMagic))
        {
            throw new InvalidDataException("Not an xz stream: the header magic FD 37 7A 58 5A 00 is missing.");
        }

        ReadOnlySpan<byte> flags = data.Slice(HeaderMagic.Length, StreamFlagsLength);
        RequireCrc32(flags, data[(HeaderMagic.Length + StreamFlagsLength)..], "stream header");
        if (flags[0] != 0 || (flags[1] & 0xF0) != 0)
        {
            throw new InvalidDataException($"xz stream flags {flags[0]:X2} {flags[1]:X2} use reserved bits.");
        }

        _checkType = flags[1];
        if (_checkType is not (CheckNone or CheckCrc32 or CheckCrc64 or CheckSha256))
        {
            throw new NotSupportedException($"xz check type 0x{_checkType:X2} is not supported (only none, CRC32, CRC64, SHA-256).");
        }

        ReadOnlySpan<byte> footer = data[^StreamFooterLength..];
        if (!footer[^FooterMagic.Length..].SequenceEqual(FooterMagic))
        {
            throw new InvalidDataException("xz stream footer magic 'YZ' is missing: the data is truncated or has trailing bytes.");
        }

        RequireCrc32(footer[FooterBackwardSizeOffset..(FooterFlagsOffset + StreamFlagsLength)], footer, "stream footer");
        if (!footer.Slice(FooterFlagsOffset, StreamFlagsLength).SequenceEqual(flags))
        {
            throw new InvalidDataException("xz stream footer flags differ from the header's.");
        }

        long indexLength = ((long)BinaryPrimitives.ReadUInt32LittleEndian(footer[FooterBackwardSizeOffset..]) + 1) * Alignment;
        long indexOffset = data.Length - StreamFooterLength - indexLength;
        if (indexOffset < StreamHeaderLength)
        {
            throw new InvalidDataException($"xz index size {indexLength} does not fit in the {data.Length}-byte stream.");
        }

        _records = ReadIndex(data.Slice((int)indexOffset, (int)indexLength));
        _offsets = new long[_records.Length];
        long blocksEnd = StreamHeaderLength;
        for (int i = 0; i < _records.Length; i++)
        {
            _offsets[i] = blocksEnd;
            blocksEnd += AlignUp(checked((long)_records[i].Unpadded));
        }

        _decodeAhead = _records.Length > 1 && _records.All(r => r.Uncompressed <= DecodedAheadMaximum);

        if (blocksEnd != indexOffset)
        {
            throw new InvalidDataException($"xz blocks listed in the index end at {blocksEnd}, but the index starts at {indexOffset}.");
        }
    }

    private int CheckLength => _checkType switch
    {
        CheckCrc32 => sizeof(uint),
        CheckCrc64 => sizeof(ulong),
        CheckSha256 => SHA256.HashSizeInBytes,
        _ => 0,
    };

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        return _decodeAhead ? ReadDecodedAhead(buffer) : ReadStreamed(buffer);
    }

    /// <summary>Copies from the current whole block; takes the next from the decoders running ahead, topping them up.</summary>
    private int ReadDecodedAhead(Span<byte> buffer)
    {
        // A stream that failed stays failed: reading on must not skip the bad block.
        _failure?.Throw();
        while (_decoded is null || _decodedPosition == _decoded.Length)
        {
            if (_blockIndex == _records.Length)
            {
                return 0;
            }

            // Keep every processor decoding a block; the reader takes them in order.
            while (_nextToDecode < _records.Length && _ahead.Count < DecodersAhead)
            {
                int index = _nextToDecode++;
                _ahead.Enqueue(Task.Run(() => DecodeWhole(index)));
            }

            try
            {
                _decoded = _ahead.Dequeue().GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                _failure = ExceptionDispatchInfo.Capture(e);
                throw;
            }

            _decodedPosition = 0;
            _blockIndex++;
        }

        int count = Math.Min(buffer.Length, _decoded.Length - _decodedPosition);
        _decoded.AsSpan(_decodedPosition, count).CopyTo(buffer);
        _decodedPosition += count;
        return count;
    }

    /// <summary>One block, decoded and checked whole.</summary>
    private byte[] DecodeWhole(int index)
    {
        using Block block = OpenBlock(index);
        var bytes = new byte[block.UncompressedLength];
        int filled = 0;
        int read;
        while (filled < bytes.Length && (read = ReadBlock(block, index, bytes.AsSpan(filled))) > 0)
        {
            filled += read;
        }

        // One byte more than the index records is as wrong as one fewer.
        Span<byte> extra = stackalloc byte[1];
        block.Produced = (ulong)filled + (ulong)(filled == bytes.Length ? ReadBlock(block, index, extra) : 0);
        if (block.Produced > block.UncompressedLength)
        {
            throw new InvalidDataException($"xz block {index} decodes to more than the {block.UncompressedLength} bytes its index records.");
        }

        block.UpdateCheck(bytes.AsSpan(0, filled));
        FinishBlock(index, block);
        return bytes;
    }

    /// <summary>The LZMA2 decoder's read, its own exception for corrupt data said as every other corruption is.</summary>
    private static int ReadBlock(Block block, int index, Span<byte> buffer)
    {
        try
        {
            return block.Decoder.Read(buffer);
        }
        // SharpCompress keeps the type internal, so it is known by its name.
        catch (Exception e) when (e.GetType().Name == "DataErrorException")
        {
            throw new InvalidDataException($"xz block {index} is corrupt: its LZMA2 data does not decode.", e);
        }
    }

    private int ReadStreamed(Span<byte> buffer)
    {
        while (true)
        {
            if (_block is null)
            {
                if (_blockIndex == _records.Length)
                {
                    return 0;
                }

                _block = OpenBlock(_blockIndex);
            }

            int read = ReadBlock(_block, _blockIndex, buffer);
            if (read > 0)
            {
                _block.Produced += (ulong)read;
                if (_block.Produced > _block.UncompressedLength)
                {
                    throw new InvalidDataException($"xz block {_blockIndex} decodes to more than the {_block.UncompressedLength} bytes its index records.");
                }

                _block.UpdateCheck(buffer[..read]);
                return read;
            }

            FinishBlock(_blockIndex, _block);
            _block.Dispose();
            _block = null;
            _blockIndex++;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Blocks decoding ahead finish on their own; their bytes are dropped.
            _block?.Dispose();
        }

        base.Dispose(disposing);
    }

    private Block OpenBlock(int index)
    {
        ReadOnlySpan<byte> data = _input.Span;
        long offset = _offsets[index];
        (ulong unpadded, ulong uncompressed) = _records[index];
        int headerLength = (data[(int)offset] + 1) * Alignment;
        if (data[(int)offset] == IndexIndicator || (ulong)headerLength > unpadded)
        {
            throw new InvalidDataException($"xz block {index} at offset {offset} has no valid block header.");
        }

        ReadOnlySpan<byte> header = data.Slice((int)offset, headerLength);
        RequireCrc32(header[..^sizeof(uint)], header[^sizeof(uint)..], $"block {index} header");
        byte blockFlags = header[1];
        if ((blockFlags & BlockFlagsReservedMask) != 0)
        {
            throw new InvalidDataException($"xz block {index} flags 0x{blockFlags:X2} use reserved bits.");
        }

        long compressedLength = (long)unpadded - headerLength - CheckLength;
        if (compressedLength <= 0)
        {
            throw new InvalidDataException($"xz block {index} has an unpadded size of {unpadded}, too small for its header and check.");
        }

        int position = 2;
        ReadOnlySpan<byte> fields = header[..^sizeof(uint)];
        if ((blockFlags & BlockFlagsCompressedSizePresent) != 0 && ReadVli(fields, ref position) != (ulong)compressedLength)
        {
            throw new InvalidDataException($"xz block {index} header and index disagree on the compressed size.");
        }

        if ((blockFlags & BlockFlagsUncompressedSizePresent) != 0 && ReadVli(fields, ref position) != uncompressed)
        {
            throw new InvalidDataException($"xz block {index} header and index disagree on the uncompressed size.");
        }

        int filterCount = (blockFlags & BlockFlagsFilterCountMask) + 1;
        uint? bcjStartOffset = null;
        byte? dictionaryProperty = null;
        for (int i = 0; i < filterCount; i++)
        {
            ulong id = ReadVli(fields, ref position);
            ulong propertiesLength = ReadVli(fields, ref position);
            if (propertiesLength > (ulong)(fields.Length - position))
            {
                throw new InvalidDataException($"xz block {index} filter properties pass the end of its header.");
            }

            ReadOnlySpan<byte> properties = fields.Slice(position, (int)propertiesLength);
            position += (int)propertiesLength;
            bool last = i == filterCount - 1;
            if (id == FilterLzma2 && last && properties.Length == 1 && properties[0] <= Lzma2MaximumDictionaryProperty)
            {
                dictionaryProperty = properties[0];
            }
            else if (id == FilterX86 && !last && bcjStartOffset is null && properties.Length is 0 or sizeof(uint))
            {
                bcjStartOffset = properties.IsEmpty ? 0 : BinaryPrimitives.ReadUInt32LittleEndian(properties);
            }
            else
            {
                throw new NotSupportedException(
                    $"xz block {index} uses filter 0x{id:X2} (position {i + 1} of {filterCount}); only the x86 BCJ filter followed by LZMA2 is supported.");
            }
        }

        if (fields[position..].ContainsAnyExcept((byte)0))
        {
            throw new InvalidDataException($"xz block {index} header padding is not zero.");
        }

        ReadOnlyMemory<byte> compressed = _input.Slice((int)offset + headerLength, (int)compressedLength);
        Stream decoder = LzmaStream.Create(
            [dictionaryProperty!.Value], MemoryStreams.Open(compressed), compressedLength, (long)uncompressed,
            presetDictionary: null, isLzma2: true, leaveOpen: false);
        if (bcjStartOffset is { } start)
        {
            decoder = new BcjX86DecoderStream(decoder, start);
        }

        return new Block(decoder, uncompressed, _checkType, offset + headerLength + compressedLength);
    }

    private void FinishBlock(int index, Block block)
    {
        long offset = _offsets[index];
        if (block.Produced != block.UncompressedLength)
        {
            throw new InvalidDataException(
                $"xz block {index} decodes to {block.Produced} bytes, but its index records {block.UncompressedLength}.");
        }

        ReadOnlySpan<byte> data = _input.Span;
        long checkOffset = AlignUp(block.CompressedEnd - offset) + offset;
        if (data[(int)block.CompressedEnd..(int)checkOffset].ContainsAnyExcept((byte)0))
        {
            throw new InvalidDataException($"xz block {index} padding is not zero.");
        }

        if (!block.CheckMatches(data.Slice((int)checkOffset, CheckLength)))
        {
            throw new InvalidDataException($"xz block {index} fails its integrity check: the data is corrupt.");
        }
    }

    private static (ulong Unpadded, ulong Uncompressed)[] ReadIndex(ReadOnlySpan<byte> index)
    {
        if (index[0] != IndexIndicator)
        {
            throw new InvalidDataException("xz index indicator is missing.");
        }

        ReadOnlySpan<byte> body = index[..^sizeof(uint)];
        RequireCrc32(body, index[^sizeof(uint)..], "index");
        int position = 1;
        ulong count = ReadVli(body, ref position);
        if (count > (ulong)body.Length)
        {
            throw new InvalidDataException($"xz index claims {count} records in {body.Length} bytes.");
        }

        var records = new (ulong, ulong)[count];
        for (ulong i = 0; i < count; i++)
        {
            records[i] = (ReadVli(body, ref position), ReadVli(body, ref position));
        }

        if (AlignUp(position) != body.Length || body[position..].ContainsAnyExcept((byte)0))
        {
            throw new InvalidDataException("xz index padding is wrong.");
        }

        return records;
    }

    /// <summary>Reads a multibyte integer (section 1.2): 7 bits per byte, least significant first, minimal encoding.</summary>
    private static ulong ReadVli(ReadOnlySpan<byte> source, ref int position)
    {
        ulong value = 0;
        for (int i = 0; i < VliMaximumLength; i++)
        {
            if (position >= source.Length)
            {
                throw new InvalidDataException("xz integer runs past the end of its field.");
            }

            byte next = source[position++];
            value |= (ulong)(next & 0x7F) << (7 * i);
            if ((next & 0x80) == 0)
            {
                if (next == 0 && i > 0)
                {
                    throw new InvalidDataException("xz integer is not minimally encoded.");
                }

                return value;
            }
        }

        throw new InvalidDataException("xz integer is longer than 9 bytes.");
    }

    private static void RequireCrc32(ReadOnlySpan<byte> covered, ReadOnlySpan<byte> stored, string what)
    {
        if (Crc32.Compute(covered) != BinaryPrimitives.ReadUInt32LittleEndian(stored))
        {
            throw new InvalidDataException($"xz {what} CRC32 does not match: the data is corrupt.");
        }
    }

    private static long AlignUp(long value) => (value + Alignment - 1) / Alignment * Alignment;

    /// <summary>The decoder and running integrity check of the block being read.</summary>
    private sealed class Block(Stream decoder, ulong uncompressedLength, int checkType, long compressedEnd) : IDisposable
    {
        private readonly IncrementalHash? _sha256 = checkType == CheckSha256 ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        private uint _crc32;
        private ulong _crc64;

        public Stream Decoder { get; } = decoder;

        public ulong UncompressedLength { get; } = uncompressedLength;

        public long CompressedEnd { get; } = compressedEnd;

        public ulong Produced { get; set; }

        public void UpdateCheck(ReadOnlySpan<byte> data)
        {
            switch (checkType)
            {
                case CheckCrc32:
                    _crc32 = Crc32.Append(_crc32, data);
                    break;
                case CheckCrc64:
                    _crc64 = Crc64.Append(_crc64, data);
                    break;
                case CheckSha256:
                    _sha256!.AppendData(data);
                    break;
            }
        }

        public bool CheckMatches(ReadOnlySpan<byte> stored) => checkType switch
        {
            CheckCrc32 => BinaryPrimitives.ReadUInt32LittleEndian(stored) == _crc32,
            CheckCrc64 => BinaryPrimitives.ReadUInt64LittleEndian(stored) == _crc64,
            CheckSha256 => stored.SequenceEqual(_sha256!.GetHashAndReset()),
            _ => true,
        };

        public void Dispose()
        {
            Decoder.Dispose();
            _sha256?.Dispose();
        }
    }
}
