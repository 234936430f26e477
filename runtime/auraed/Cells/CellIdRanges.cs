using Aurae.Daemon.Sandbox;

namespace Aurae.Daemon.Cells;

/// <summary>
/// Which <see cref="IdRange"/> each cell holds, so that no two cells ever share node ids (one
/// cell's root could otherwise own the other's files and signal its processes). The lowest
/// free slot is taken; a freed cell's slot is free again once its processes are gone.
/// Not thread-safe: the registry calls it under its change lock.
/// </summary>
internal sealed class CellIdRanges
{
    private readonly SortedSet<uint> taken = [];

    public IdRange Take()
    {
        var slot = IdRange.LowestSlot;
        foreach (var used in taken)
        {
            if (used != slot)
                break;
            slot++;
        }
        if (slot > IdRange.LastSlot)
            throw new InvalidOperationException("every id range is in use");
        taken.Add(slot);
        return new IdRange(slot);
    }

    public void Release(IdRange range) => taken.Remove(range.Slot);
}
