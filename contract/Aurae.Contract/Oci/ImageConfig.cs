namespace Aurae.Contract.Oci;

/// <summary>
/// What the image's config says about running it (image-spec config.md, "config"): all optional,
/// and the API may override each.
/// </summary>
public sealed record ImageConfig(
    IReadOnlyList<string> Entrypoint,
    IReadOnlyList<string> Cmd,
    IReadOnlyList<string> Env,
    string WorkingDir,
    string User);
