using Aurae.Contract.Syntax;
using Aurae.Composer.Configuration;

namespace Aurae.Composer.Outputs;

/// <summary>
/// The raw EFI disks of one build: one of the configured (or smallest) size, which is also the
/// raw-efi output when asked for, and one more per other size a format rounds up to (gcp: whole GiB).
/// </summary>
internal sealed class RawDisks(ComposedNode node, Func<ReadOnlyMemory<byte>> uki, StagedOutputDirectory output, bool configuredIsOutput, Action<string>? log)
{
    private readonly Dictionary<long, string> _paths = [];
    private readonly Lock _gate = new();
    private EfiSystemDisk? _layout;

    /// <summary>The disk of the configured size rounded up to <paramref name="sizeMultiple"/>, written on first use (outputs ask concurrently).</summary>
    public string Get(long sizeMultiple)
    {
        lock (_gate)
            return GetLocked(sizeMultiple);
    }

    private string GetLocked(long sizeMultiple)
    {
        _layout ??= new EfiSystemDisk(uki(), $"aurae/{node.Name}/raw-efi", node.Timestamp);
        // Known only now: the system partition's size follows the UKI's, made from the composed kernel and initramfs.
        var configured = node.DiskSizeBytes ?? _layout.MinimumSizeBytes;
        if (configured < _layout.MinimumSizeBytes)
            throw new InvalidDataException(
                $"{node.SourcePath}: disk.size {ByteSizeSyntax.Format(configured)} cannot hold the EFI system partition; " +
                $"it needs at least {ByteSizeSyntax.Format(_layout.MinimumSizeBytes)}");
        var size = (configured + sizeMultiple - 1) / sizeMultiple * sizeMultiple;
        if (_paths.TryGetValue(size, out var existing))
            return existing;

        var path = configuredIsOutput && size == configured
            ? output.CreatePath(NodeOutputs.DiskFileName(OutputKind.RawEfi, node.Name))
            : output.ScratchPath($"disk-{size}.raw");
        _layout.WriteTo(path, size);
        log?.Invoke($"raw disk {ByteSizeSyntax.Format(size)}");
        _paths[size] = path;
        return path;
    }
}
