namespace Aurae.Images.Iso;

/// <summary>
/// One directory record before sectors are assigned: the entry it describes, its identifier and System Use
/// content (Rock Ridge). What does not fit the record goes to a continuation area, reached by a CE entry.
/// </summary>
internal sealed class IsoDirectoryRecordPlan(IsoLayoutNode target, byte[] identifier, byte[] systemUse, byte[]? continuation)
{
    /// <summary>The file or directory whose extent the record points to.</summary>
    public IsoLayoutNode Target { get; } = target;

    public byte[] Identifier { get; } = identifier;

    /// <summary>System Use entries kept in the record, before the CE entry if any.</summary>
    public byte[] SystemUse { get; } = systemUse;

    /// <summary>Entries moved to a continuation area; null when everything fits the record.</summary>
    public byte[]? Continuation { get; } = continuation;

    /// <summary>Record length including the CE entry.</summary>
    public int Length => IsoDirectoryRecord.Length(Identifier.Length, SystemUse.Length + (Continuation is null ? 0 : SystemUseSharing.CeLength));

    /// <summary>Byte offset of the record in its directory's extent.</summary>
    public int ExtentOffset { get; set; }

    /// <summary>Sector index (from the first continuation sector) and byte offset of the continuation area.</summary>
    public int ContinuationSector { get; set; }

    public int ContinuationOffset { get; set; }
}
