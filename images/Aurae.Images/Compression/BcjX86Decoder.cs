using System.Buffers.Binary;

namespace Aurae.Images.Compression;

/// <summary>
/// The decoding direction of the x86 branch/call/jump filter (xz file format, section 5.3.3
/// "Branch/Call/Jump Filters for Executables", filter ID 0x04). The encoder turned the relative
/// 32-bit targets of E8 (CALL) and E9 (JMP) instructions into absolute ones so that LZMA2 finds more
/// repeats; decoding turns them back. The format leaves the exact algorithm to the reference
/// implementation (XZ Utils), whose behaviour this reproduces, including its heuristic that skips
/// opcodes closely following another E8/E9 byte. State carries across calls, so data can be fed in pieces.
/// </summary>
internal sealed class BcjX86Decoder
{
    /// <summary>An E8/E9 opcode plus its 32-bit little-endian displacement.</summary>
    private const int InstructionLength = 5;

    private const byte CallOpcode = 0xE8;
    private const byte JumpOpcode = 0xE9;

    /// <summary>Bits of the recent-opcode history that survive each one-byte shift.</summary>
    private const uint HistoryKeepMask = 0x77;

    /// <summary>History bit recording that a skipped opcode's displacement ended in 0x00/0xFF.</summary>
    private const uint SignByteSeenBit = 0x10;

    /// <summary>Which 3-bit histories (recent E8/E9 bytes in the previous 3 positions) still allow a conversion.</summary>
    private static ReadOnlySpan<bool> AllowedHistory => [true, true, true, false, true, false, false, false];

    /// <summary>For a history, which displacement byte (1 to 3, counted from the top) decides whether to undo again.</summary>
    private static ReadOnlySpan<byte> HistoryToByteIndex => [0, 1, 2, 2, 3, 3, 3, 3];

    private uint _history;
    private uint _position;
    private uint _lastOpcodePosition;

    /// <summary>Starts decoding at stream offset <paramref name="startOffset"/> (the filter's optional property, usually 0).</summary>
    public BcjX86Decoder(uint startOffset = 0)
    {
        _position = startOffset;
        _lastOpcodePosition = startOffset - InstructionLength;
    }

    /// <summary>
    /// Decodes <paramref name="buffer"/> in place and returns how many leading bytes are final. The rest
    /// (at most 4 bytes) must be passed again at the start of the next call followed by more data; at the
    /// end of the data they are final unchanged.
    /// </summary>
    public int Decode(Span<byte> buffer)
    {
        if (buffer.Length < InstructionLength)
        {
            return 0;
        }

        if (_position - _lastOpcodePosition > InstructionLength)
        {
            _lastOpcodePosition = _position - InstructionLength;
        }

        int lastStart = buffer.Length - InstructionLength;
        int index = 0;
        while (index <= lastStart)
        {
            byte opcode = buffer[index];
            if (opcode != CallOpcode && opcode != JumpOpcode)
            {
                index++;
                continue;
            }

            uint opcodePosition = _position + (uint)index;
            uint distance = opcodePosition - _lastOpcodePosition;
            _lastOpcodePosition = opcodePosition;
            if (distance > InstructionLength)
            {
                _history = 0;
            }
            else
            {
                for (uint step = 0; step < distance; step++)
                {
                    _history = (_history & HistoryKeepMask) << 1;
                }
            }

            byte topByte = buffer[index + 4];
            if (IsSignExtension(topByte) && AllowedHistory[(int)((_history >> 1) & 7)] && (_history >> 1) < 0x10)
            {
                Span<byte> displacement = buffer.Slice(index + 1, sizeof(uint));
                uint target = Undo(BinaryPrimitives.ReadUInt32LittleEndian(displacement), opcodePosition + InstructionLength);
                // Bits 0-23 come back as decoded; the top byte is the sign extension of bit 24.
                uint signExtended = (target & 0x00FF_FFFF) | (((target >> 24) & 1) != 0 ? 0xFF00_0000 : 0);
                BinaryPrimitives.WriteUInt32LittleEndian(displacement, signExtended);
                index += InstructionLength;
                _history = 0;
            }
            else
            {
                index++;
                _history |= 1;
                if (IsSignExtension(topByte))
                {
                    _history |= SignByteSeenBit;
                }
            }
        }

        _position += (uint)index;
        return index;
    }

    /// <summary>Converts an absolute target back to a displacement, repeating as the encoder's history demands.</summary>
    private uint Undo(uint absolute, uint nextInstruction)
    {
        uint value = absolute;
        while (true)
        {
            uint relative = value - nextInstruction;
            if (_history == 0)
            {
                return relative;
            }

            int byteIndex = HistoryToByteIndex[(int)(_history >> 1)];
            int shift = 24 - (byteIndex * 8);
            if (!IsSignExtension((byte)(relative >> shift)))
            {
                return relative;
            }

            value = relative ^ ((1u << (shift + 8)) - 1);
        }
    }

    /// <summary>0x00 or 0xFF: the top byte of a plausible near displacement.</summary>
    private static bool IsSignExtension(byte value) => value is 0x00 or 0xFF;
}
