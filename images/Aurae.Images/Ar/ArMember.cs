namespace Aurae.Images.Ar;

/// <summary>
/// One member of an ar archive as the reader reaches it. <see cref="Data"/> reads the member's
/// bytes forward-only and is only valid until the reader moves to the next member.
/// </summary>
public sealed class ArMember
{
    internal ArMember(string name, long size, long headerOffset, long dataOffset, Stream data)
    {
        Name = name;
        Size = size;
        HeaderOffset = headerOffset;
        DataOffset = dataOffset;
        Data = data;
    }

    /// <summary>The member name with the GNU trailing '/' and the space padding removed.</summary>
    public string Name { get; }

    /// <summary>Size of the member data in bytes, as its header records it.</summary>
    public long Size { get; }

    /// <summary>Offset of the member header from the start of the archive.</summary>
    public long HeaderOffset { get; }

    /// <summary>Offset of the member data from the start of the archive.</summary>
    public long DataOffset { get; }

    /// <summary>The member data; fails with <see cref="ArArchiveException"/> if the archive ends early.</summary>
    public Stream Data { get; }
}
