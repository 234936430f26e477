namespace Aurae.Daemon.Artifacts;

/// <summary>
/// An artifact as stored. <see cref="Path"/> is the content file, ROOT/sha256/&lt;hex&gt;: the
/// path to give an executable as argv[0]. It names the content, not the name, so a process
/// started from it runs exactly what was pushed even if the name is pushed again meanwhile.
/// </summary>
public sealed record StoredArtifact(string Name, string Sha256, long Size, bool Executable, string Path);
