using System.Runtime.CompilerServices;

// The tests drive internal pieces (the child reaper, native calls) directly.
[assembly: InternalsVisibleTo("Aurae.Daemon.Tests")]
// Tests that run outside tools (clang, umoci) against internal pieces: no child reaper there,
// so System.Diagnostics.Process keeps its children.
[assembly: InternalsVisibleTo("Aurae.Daemon.ToolTests")]
