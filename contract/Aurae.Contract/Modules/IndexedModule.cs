namespace Aurae.Contract.Modules;

/// <summary>What the index says of one carried module: its name, its path under lib/modules/RELEASE/, and what its .modinfo declares.</summary>
/// <param name="Name">The kernel's name for it ('-' normalized to '_').</param>
/// <param name="Path">Path under lib/modules/RELEASE/, e.g. "kernel/drivers/net/virtio_net.ko".</param>
/// <param name="Depends">Modules it needs loaded first (.modinfo "depends"), by name.</param>
/// <param name="Aliases">.modinfo "alias" patterns, as written.</param>
/// <param name="Softdeps">.modinfo "softdep" values ("pre: a post: b"), as written.</param>
public sealed record IndexedModule(
    string Name, string Path, IReadOnlyList<string> Depends, IReadOnlyList<string> Aliases, IReadOnlyList<string> Softdeps);
