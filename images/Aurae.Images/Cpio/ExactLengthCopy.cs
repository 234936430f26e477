using System.Buffers;

namespace Aurae.Images.Cpio;

/// <summary>
/// Copies a streamed file's contents into the archive. The header was already written with the declared
/// length, so a stream that is shorter or longer would corrupt the archive: both are errors.
/// </summary>
internal static class ExactLengthCopy
{
    private const int BufferSize = 81920;

    public static void Copy(Stream source, Stream destination, long length, string path)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long remaining = length;
            while (remaining > 0)
            {
                int read = source.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
                if (read == 0)
                {
                    throw Mismatch(path, length, length - remaining);
                }

                destination.Write(buffer, 0, read);
                remaining -= read;
            }

            if (source.Read(buffer, 0, 1) != 0)
            {
                throw Mismatch(path, length, actual: null);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static async Task CopyAsync(Stream source, Stream destination, long length, string path, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long remaining = length;
            while (remaining > 0)
            {
                int toRead = (int)Math.Min(buffer.Length, remaining);
                int read = await source.ReadAsync(buffer.AsMemory(0, toRead), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw Mismatch(path, length, length - remaining);
                }

                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                remaining -= read;
            }

            if (await source.ReadAsync(buffer.AsMemory(0, 1), cancellationToken).ConfigureAwait(false) != 0)
            {
                throw Mismatch(path, length, actual: null);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static InvalidDataException Mismatch(string path, long declared, long? actual) => new(
        $"The data stream for '{path}' " +
        (actual is { } n ? $"ended after {n} bytes" : "continued past the declared length") +
        $"; the entry declared {declared} bytes. The archive is incomplete.");
}
