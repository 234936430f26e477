namespace Aurae.Contract.Oci;

/// <summary>Why an image archive was refused; the API turns each into the gRPC status of the same name.</summary>
public enum ImageFailure
{
    /// <summary>
    /// The archive is not a well-formed image of ours to run: malformed JSON or tar, a missing
    /// member, a digest or size that does not match, a path that leaves the image, no linux/amd64.
    /// </summary>
    InvalidArgument,

    /// <summary>A limit: a layer expanding past its size or file count, JSON too large, too many layers or indexes.</summary>
    ResourceExhausted,

    /// <summary>No image (or no artifact to import) by that name.</summary>
    NotFound,

    /// <summary>The image runs in a container: it cannot be removed now.</summary>
    InUse,
}

/// <summary>
/// A refusal of an image archive, naming where in it (a member such as <c>index.json</c> or
/// <c>blobs/sha256/…</c>, a field, an entry of a layer) and what is wrong.
/// </summary>
public sealed class ImageException(ImageFailure failure, string message) : Exception(message)
{
    public ImageFailure Failure { get; } = failure;

    public static ImageException Invalid(string where, string problem) => new(ImageFailure.InvalidArgument, $"{where}: {problem}");

    public static ImageException Limit(string where, string problem) => new(ImageFailure.ResourceExhausted, $"{where}: {problem}");
}
