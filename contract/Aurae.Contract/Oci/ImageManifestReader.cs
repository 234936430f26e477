using System.Text.Json;

namespace Aurae.Contract.Oci;

/// <summary>
/// Resolves an <see cref="ImageArchive"/> to the linux/amd64 image it holds: an OCI image layout
/// (image-spec image-layout.md: index.json, possibly nested indexes, a manifest, a config) or a
/// docker save archive (manifest.json, a config, layer tars). Every JSON member it reads through a
/// descriptor is checked against that descriptor's digest and size.
/// </summary>
public static class ImageManifestReader
{
    private const string OciIndexMember = "index.json";
    private const string DockerManifestMember = "manifest.json";
    private const string WantedOs = "linux";
    private const string WantedArchitecture = "amd64";

    public static ImageManifest Read(ImageArchive archive, ImageLimits limits)
    {
        if (archive.Contains(OciIndexMember))
            return ReadOci(archive, limits);
        if (archive.Contains(DockerManifestMember))
            return ReadDocker(archive, limits);
        throw ImageException.Invalid(archive.Path,
            $"neither an OCI image layout (no {OciIndexMember}: skopeo copy … oci-archive:FILE) nor a docker save archive (no {DockerManifestMember})");
    }

    private static string BlobMember(Digest digest) => $"blobs/sha256/{digest.Hex}";

    private static ImageManifest ReadOci(ImageArchive archive, ImageLimits limits)
    {
        var (manifestDigest, manifestSize, referredBy) = ChooseManifest(archive, limits, OciIndexMember, null, depth: 0);
        var member = BlobMember(manifestDigest);
        CheckSize(archive, member, manifestSize, referredBy);
        using var manifest = archive.ReadJson(member, referredBy, limits, manifestDigest);
        var root = manifest.RootElement;
        var configDescriptor = ImageJson.Object(root, member, "config");
        var configDigest = ImageJson.Digest(configDescriptor, member, "config.digest");
        var configMember = BlobMember(configDigest);
        CheckSize(archive, configMember, ImageJson.Size(configDescriptor, member, "config.size"), member);
        var (config, diffIds) = ReadConfig(archive, configMember, member, limits, configDigest);

        var layers = ImageJson.Array(root, member, "layers");
        if (layers.GetArrayLength() > limits.MaxLayers)
            throw ImageException.Limit(member, $"{layers.GetArrayLength()} layers, more than the {limits.MaxLayers} an image may have");
        if (layers.GetArrayLength() != diffIds.Count)
            throw ImageException.Invalid(member, $"{layers.GetArrayLength()} layers, but its config ({configMember}) has {diffIds.Count} rootfs.diff_ids");
        var result = new List<ImageLayer>();
        var index = 0;
        foreach (var layer in layers.EnumerateArray())
        {
            var field = $"layers[{index}]";
            var mediaType = ImageJson.String(layer, member, $"{field}.mediaType");
            var compression = OciMediaTypes.LayerCompressionOf(mediaType)
                ?? throw ImageException.Invalid(member, $"{field}.mediaType: '{mediaType}' is no layer type this node applies (tar, tar+gzip, tar+zstd)");
            var digest = ImageJson.Digest(layer, member, $"{field}.digest");
            var size = ImageJson.Size(layer, member, $"{field}.size");
            var blob = BlobMember(digest);
            CheckSize(archive, blob, size, $"{member}: {field}");
            result.Add(new ImageLayer(blob, size, compression, diffIds[index], digest));
            index++;
        }
        return new ImageManifest(configDigest, config, result, ImageManifest.OciFormat);
    }

    /// <summary>
    /// The linux/amd64 manifest an index names, following nested indexes; an index of one entry
    /// without a platform (what skopeo writes for a single image) names that one.
    /// </summary>
    private static (Digest Digest, long Size, string ReferredBy) ChooseManifest(
        ImageArchive archive, ImageLimits limits, string member, Digest? digest, int depth)
    {
        if (depth > limits.MaxIndexDepth)
            throw ImageException.Limit(member, $"indexes nest more than {limits.MaxIndexDepth} deep");
        using var index = archive.ReadJson(member, depth == 0 ? archive.Path : "an index", limits, digest);
        var manifests = ImageJson.Array(index.RootElement, member, "manifests");
        var count = manifests.GetArrayLength();
        if (count > limits.MaxIndexEntries)
            throw ImageException.Limit(member, $"{count} manifests, more than the {limits.MaxIndexEntries} an index may list");
        if (count == 0)
            throw ImageException.Invalid(member, "manifests: empty, so no image to run");
        var seen = new List<string>();
        var i = 0;
        foreach (var entry in manifests.EnumerateArray())
        {
            var field = $"manifests[{i++}]";
            string? os = null, architecture = null;
            if (entry.TryGetProperty("platform", out var platform) && platform.ValueKind == JsonValueKind.Object)
            {
                os = ImageJson.OptionalString(platform, member, $"{field}.platform.os");
                architecture = ImageJson.OptionalString(platform, member, $"{field}.platform.architecture");
            }
            seen.Add(os is null && architecture is null ? "(no platform)" : $"{os}/{architecture}");
            var fits = (os, architecture) is (WantedOs, WantedArchitecture) || (os is null && architecture is null && count == 1);
            if (!fits)
                continue;
            var mediaType = ImageJson.OptionalString(entry, member, $"{field}.mediaType") ?? OciMediaTypes.Manifest;
            var entryDigest = ImageJson.Digest(entry, member, $"{field}.digest");
            var size = ImageJson.Size(entry, member, $"{field}.size");
            if (mediaType is OciMediaTypes.Index or OciMediaTypes.DockerManifestList)
            {
                CheckSize(archive, BlobMember(entryDigest), size, $"{member}: {field}");
                return ChooseManifest(archive, limits, BlobMember(entryDigest), entryDigest, depth + 1);
            }
            if (mediaType is not (OciMediaTypes.Manifest or OciMediaTypes.DockerManifest))
                throw ImageException.Invalid(member, $"{field}.mediaType: '{mediaType}' is neither an image manifest nor an index");
            return (entryDigest, size, $"{member}: {field}");
        }
        throw ImageException.Invalid(member, $"no manifest for {WantedOs}/{WantedArchitecture} (it lists: {string.Join(", ", seen)})");
    }

    private static ImageManifest ReadDocker(ImageArchive archive, ImageLimits limits)
    {
        using var document = archive.ReadJson(DockerManifestMember, archive.Path, limits);
        var images = document.RootElement;
        if (images.ValueKind != JsonValueKind.Array || images.GetArrayLength() != 1)
            throw ImageException.Invalid(DockerManifestMember,
                images.ValueKind == JsonValueKind.Array
                    ? $"describes {images.GetArrayLength()} images; push an archive of one (docker save IMAGE)"
                    : "expected an array of images");
        var image = images[0];
        var configMember = ImageJson.String(image, DockerManifestMember, "[0].Config");
        // docker save names the config by its digest ("HEX.json", or "blobs/sha256/HEX" since Docker 25).
        var named = Digest.FromHex(Path.GetFileNameWithoutExtension(configMember));
        var (config, diffIds) = ReadConfig(archive, configMember, DockerManifestMember, limits, named);
        var configDigest = named ?? DigestOfMember(archive, configMember);

        var layers = ImageJson.Strings(image, DockerManifestMember, "[0].Layers") ?? [];
        if (layers.Count > limits.MaxLayers)
            throw ImageException.Limit(DockerManifestMember, $"{layers.Count} layers, more than the {limits.MaxLayers} an image may have");
        if (layers.Count != diffIds.Count)
            throw ImageException.Invalid(DockerManifestMember, $"{layers.Count} layers, but its config ({configMember}) has {diffIds.Count} rootfs.diff_ids");
        var result = layers.Select((layer, i) =>
        {
            if (!archive.Contains(layer))
                throw ImageException.Invalid(DockerManifestMember, $"[0].Layers[{i}]: names '{layer}', which the archive does not hold");
            return new ImageLayer(layer, archive.MemberLength(layer), LayerCompression.Detect, diffIds[i], null);
        }).ToList();
        return new ImageManifest(configDigest, config, result, ImageManifest.DockerFormat);
    }

    /// <summary>The config's run settings and rootfs.diff_ids; refuses another OS or architecture than the node's.</summary>
    private static (ImageConfig Config, IReadOnlyList<Digest> DiffIds) ReadConfig(
        ImageArchive archive, string member, string referredBy, ImageLimits limits, Digest? digest)
    {
        using var document = archive.ReadJson(member, referredBy, limits, digest);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw ImageException.Invalid(member, "expected an image config object");
        var os = ImageJson.OptionalString(root, member, "os");
        var architecture = ImageJson.OptionalString(root, member, "architecture");
        if ((os is not null && os != WantedOs) || (architecture is not null && architecture != WantedArchitecture))
            throw ImageException.Invalid(member, $"the image is for {os}/{architecture}; this node runs {WantedOs}/{WantedArchitecture}");
        var rootfs = ImageJson.Object(root, member, "rootfs");
        var type = ImageJson.String(rootfs, member, "rootfs.type");
        if (type != "layers")
            throw ImageException.Invalid(member, $"rootfs.type: '{type}', expected 'layers'");
        var diffIds = (ImageJson.Strings(rootfs, member, "rootfs.diff_ids") ?? []).Select((text, i) =>
            Digest.TryParse(text) ?? throw ImageException.Invalid(member, $"rootfs.diff_ids[{i}]: '{text}' is not a sha256 digest (sha256:<64 hex digits>)")).ToList();

        var run = root.TryGetProperty("config", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
        var config = new ImageConfig(
            ImageJson.Strings(run, member, "config.Entrypoint") ?? [],
            ImageJson.Strings(run, member, "config.Cmd") ?? [],
            ImageJson.Strings(run, member, "config.Env") ?? [],
            ImageJson.OptionalString(run, member, "config.WorkingDir") ?? "",
            ImageJson.OptionalString(run, member, "config.User") ?? "");
        return (config, diffIds);
    }

    private static void CheckSize(ImageArchive archive, string member, long size, string referredBy)
    {
        if (!archive.Contains(member))
            throw ImageException.Invalid(referredBy, $"names '{member}', which the archive does not hold");
        if (archive.MemberLength(member) != size)
            throw ImageException.Invalid(member, $"{archive.MemberLength(member)} bytes, not {size} as {referredBy} says");
    }

    private static Digest DigestOfMember(ImageArchive archive, string member)
    {
        using var stream = archive.OpenMember(member, DockerManifestMember);
        return Digest.FromHash(System.Security.Cryptography.SHA256.HashData(stream));
    }
}
