using Aurae.Api.Cells.V0;
using Aurae.Contract.Oci;

namespace Aurae.Daemon.Containers;

/// <summary>
/// What a container runs, as Docker and the OCI image spec (config.md) combine an image's config
/// with a run's overrides: Entrypoint + Cmd (the request's entrypoint replaces the first, its argv
/// the second), Env then the request's environment by name, WorkingDir, User. The result is an
/// ordinary <see cref="Executable"/> whose paths are inside the container's root.
/// </summary>
internal static class ContainerLaunch
{
    public static Executable Resolve(Executable requested, ImageConfig config, string rootfs)
    {
        if (requested.Command.Length > 0)
            throw Invalid("executable.command: a container runs its image's entrypoint and cmd; give argv (and entrypoint) instead");
        var entrypoint = requested.Entrypoint.Count > 0 ? [.. requested.Entrypoint] : config.Entrypoint.ToList();
        var cmd = requested.Argv.Count > 0 ? [.. requested.Argv] : config.Cmd.ToList();
        var argv = entrypoint.Concat(cmd).ToList();
        if (argv.Count == 0)
            throw Invalid($"image '{requested.Image}' has no Entrypoint or Cmd: give argv");

        var resolved = requested.Clone();
        resolved.Argv.Clear();
        resolved.Argv.AddRange(argv);
        resolved.Entrypoint.Clear();
        resolved.Environment.Clear();
        foreach (var variable in config.Env)
        {
            var equals = variable.IndexOf('=');
            if (equals > 0)
                resolved.Environment[variable[..equals]] = variable[(equals + 1)..];
        }
        foreach (var (key, value) in requested.Environment)
            resolved.Environment[key] = value;
        if (resolved.WorkingDirectory.Length == 0)
            resolved.WorkingDirectory = config.WorkingDir.Length > 0 ? config.WorkingDir : "/";
        if (!requested.HasUid && config.User.Length > 0)
        {
            var (uid, gid) = ContainerUser.Resolve(config.User, rootfs, requested.Image);
            resolved.Uid = uid;
            if (!requested.HasGid && gid is { } group)
                resolved.Gid = group;
        }
        return resolved;
    }

    // A request the image cannot satisfy: the API edge (WorkloadSandboxes) makes it InvalidArgument.
    private static ImageException Invalid(string message) => new(ImageFailure.InvalidArgument, message);
}
