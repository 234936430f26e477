using System.Buffers.Binary;

namespace Aurae.Images.Fat;

/// <summary>
/// The file allocation table of a volume whose chains are contiguous runs allocated from cluster 2 upwards
/// (fatgen103 "FAT Data Structure"). Only the used prefix is materialised; the rest of the FAT is zero (free).
/// </summary>
internal sealed class FatTable
{
    /// <summary>One chain: <paramref name="Count"/> clusters from <paramref name="First"/>, each pointing to the next.</summary>
    public readonly record struct Run(uint First, uint Count);

    private readonly FatType _type;
    private readonly uint[] _entries;

    public FatTable(FatType type, IReadOnlyList<Run> runs, uint usedClusters)
    {
        _type = type;
        _entries = new uint[FirstDataCluster + usedClusters];
        // FAT[0] holds the media byte with all other bits set; FAT[1] the end-of-chain mark, with FAT16/32's
        // "clean shutdown" and "no hard error" bits set.
        _entries[0] = (EndOfChain(type) & ~0xFFu) | FatBootSector.Media;
        _entries[1] = EndOfChain(type);
        foreach (Run run in runs)
        {
            for (uint i = 0; i < run.Count; i++)
            {
                uint cluster = run.First + i;
                _entries[cluster] = i + 1 < run.Count ? cluster + 1 : EndOfChain(type);
            }
        }
    }

    /// <summary>Clusters 0 and 1 are reserved; data clusters are numbered from 2.</summary>
    public const uint FirstDataCluster = 2;

    /// <summary>The end-of-chain value written (the largest of each width; fatgen103 "EOC").</summary>
    public static uint EndOfChain(FatType type) => type switch
    {
        FatType.Fat12 => 0xFFF,
        FatType.Fat16 => 0xFFFF,
        _ => 0x0FFFFFFF,
    };

    /// <summary>The used prefix of the FAT encoded in the type's entry width; everything after it is zero.</summary>
    public byte[] EncodeUsedPrefix()
    {
        var bytes = new byte[FatGeometry.FatEntryBytes(_type, _entries.Length)];
        for (int n = 0; n < _entries.Length; n++)
        {
            uint value = _entries[n];
            switch (_type)
            {
                case FatType.Fat12:
                    // Entry n spans the 12 bits at byte n * 1.5: the low 12 of a 16-bit word for even n, the high 12 for odd n.
                    // FatEntryBytes rounds up, so the word's second byte always exists.
                    Span<byte> pair = bytes.AsSpan(n + (n / 2), 2);
                    ushort word = BinaryPrimitives.ReadUInt16LittleEndian(pair);
                    word = n % 2 == 0
                        ? (ushort)((word & 0xF000u) | value)
                        : (ushort)((word & 0x000Fu) | (value << 4));
                    BinaryPrimitives.WriteUInt16LittleEndian(pair, word);
                    break;
                case FatType.Fat16:
                    BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(n * 2), (ushort)value);
                    break;
                default:
                    BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(n * 4), value);
                    break;
            }
        }

        return bytes;
    }
}
