using System.Buffers;

namespace Aurae.Images.Iso;

/// <summary>
/// The data of one file: bytes in memory, or a stream factory with a declared length that is read only while
/// the image is written (and once more for a boot file's checksum), through a bounded buffer.
/// </summary>
internal sealed class IsoFileContent
{
    /// <summary>Buffer size for streamed copies; a multiple of 4 so checksum words never straddle reads.</summary>
    public const int BufferSize = 1 << 16;

    private readonly ReadOnlyMemory<byte> _memory;
    private readonly Func<Stream>? _open;

    private IsoFileContent(ReadOnlyMemory<byte> memory, Func<Stream>? open, long length)
    {
        _memory = memory;
        _open = open;
        Length = length;
    }

    /// <summary>The file's length in bytes.</summary>
    public long Length { get; }

    public static IsoFileContent FromMemory(ReadOnlyMemory<byte> content) => new(content, null, content.Length);

    public static IsoFileContent FromStream(Func<Stream> open, long length) => new(ReadOnlyMemory<byte>.Empty, open, length);

    /// <summary>
    /// Passes the content to <paramref name="consume"/> in chunks that each start at a multiple of
    /// <see cref="BufferSize"/> (the whole content at once when in memory). Throws <see cref="InvalidDataException"/>
    /// if a stream is shorter or longer than the declared length.
    /// </summary>
    public void ReadChunks(string path, ChunkConsumer consume)
    {
        if (_open is null)
        {
            consume(0, _memory.Span);
            return;
        }

        using Stream source = _open() ?? throw new InvalidOperationException($"The content factory for '{path}' returned null.");
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long offset = 0;
            while (offset < Length)
            {
                int wanted = (int)Math.Min(BufferSize, Length - offset);
                int read = source.ReadAtLeast(buffer.AsSpan(0, wanted), wanted, throwOnEndOfStream: false);
                if (read < wanted)
                {
                    throw Mismatch(path, offset + read);
                }

                consume(offset, buffer.AsSpan(0, read));
                offset += read;
            }

            if (source.Read(buffer, 0, 1) != 0)
            {
                throw Mismatch(path, actual: null);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The first <paramref name="count"/> bytes (fewer if the content is shorter).</summary>
    public byte[] ReadPrefix(string path, int count)
    {
        int wanted = (int)Math.Min(count, Length);
        if (_open is null)
        {
            return _memory.Span[..wanted].ToArray();
        }

        using Stream source = _open() ?? throw new InvalidOperationException($"The content factory for '{path}' returned null.");
        var prefix = new byte[wanted];
        int read = source.ReadAtLeast(prefix, wanted, throwOnEndOfStream: false);
        return read == wanted ? prefix : throw Mismatch(path, read);
    }

    /// <summary>Receives a chunk of content and its offset in the file.</summary>
    public delegate void ChunkConsumer(long offset, ReadOnlySpan<byte> chunk);

    private InvalidDataException Mismatch(string path, long? actual) => new(
        $"The data stream for '{path}' " +
        (actual is { } n ? $"ended after {n} bytes" : "continued past the declared length") +
        $"; {Length} bytes were declared. The image would be inconsistent.");
}
