namespace Aurae.Daemon.Sandbox;

/// <summary>
/// The node uids and gids a cell's user namespace maps its 0..<see cref="Size"/>-1 to. A cell's
/// root is <see cref="First"/> on the node: an ordinary, unprivileged id that owns nothing there.
/// </summary>
public readonly record struct IdRange
{
    /// <summary>The ids a cell gets: 0-65535, as many as a Linux system's usual users and groups.</summary>
    public const uint Size = 65536;

    /// <summary>Ranges start at a multiple of <see cref="Size"/> from this slot on; below it are the node's own ids.</summary>
    private const uint FirstSlot = 1;

    /// <summary>The last slot whose range still ends below uid 2^32-1 ((uid_t)-1 means "no id").</summary>
    public const uint LastSlot = uint.MaxValue / Size - 1;

    public IdRange(uint slot)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slot, FirstSlot);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(slot, LastSlot);
        Slot = slot;
    }

    public static uint LowestSlot => FirstSlot;

    public uint Slot { get; }

    public uint First => Slot * Size;

    public override string ToString() => $"{First}-{First + Size - 1}";
}
