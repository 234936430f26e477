using System.Buffers.Binary;

namespace Aurae.Images.Partitioning;

/// <summary>The 128-byte GPT partition entry (UEFI 2.x §5.3.3, table "GPT Partition Entry").</summary>
internal static class GptPartitionEntryLayout
{
    public const int PartitionTypeGuidOffset = 0;
    public const int UniquePartitionGuidOffset = 16;
    public const int StartingLbaOffset = 32;
    public const int EndingLbaOffset = 40;
    public const int AttributesOffset = 48;
    public const int PartitionNameOffset = 56;

    /// <summary>72 bytes of UTF-16LE, NUL-padded.</summary>
    public const int PartitionNameLength = 72;

    /// <summary>Encodes <paramref name="partition"/> into the (zeroed) 128-byte <paramref name="entry"/>.</summary>
    public static void Encode(GptPartition partition, Span<byte> entry)
    {
        partition.Type.TryWriteBytes(entry[PartitionTypeGuidOffset..]);
        partition.Id.TryWriteBytes(entry[UniquePartitionGuidOffset..]);
        BinaryPrimitives.WriteUInt64LittleEndian(entry[StartingLbaOffset..], (ulong)partition.FirstLba);
        BinaryPrimitives.WriteUInt64LittleEndian(entry[EndingLbaOffset..], (ulong)partition.LastLba);
        BinaryPrimitives.WriteUInt64LittleEndian(entry[AttributesOffset..], partition.Attributes);
        Span<byte> name = entry.Slice(PartitionNameOffset, PartitionNameLength);
        ReadOnlySpan<char> characters = partition.Name;
        for (int i = 0; i < characters.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(name[(i * sizeof(char))..], characters[i]);
        }
    }
}
