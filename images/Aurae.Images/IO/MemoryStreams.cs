using System.Runtime.InteropServices;

namespace Aurae.Images.IO;

/// <summary>Read-only streams over memory, without copying when the memory is backed by an array.</summary>
internal static class MemoryStreams
{
    /// <summary>A read-only <see cref="MemoryStream"/> over <paramref name="memory"/>.</summary>
    public static MemoryStream Open(ReadOnlyMemory<byte> memory) =>
        MemoryMarshal.TryGetArray(memory, out ArraySegment<byte> segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(memory.ToArray(), writable: false);
}
