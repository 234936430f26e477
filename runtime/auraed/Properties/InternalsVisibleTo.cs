using System.Runtime.CompilerServices;

// The tests drive internal pieces (the child reaper, native calls) directly.
[assembly: InternalsVisibleTo("Aurae.Daemon.Tests")]
