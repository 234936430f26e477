namespace Aurae.Daemon.Native;

/// <summary>The step of aurae_spawn that failed (the STEP_* values in Native/spawn.c).</summary>
internal enum SpawnStep
{
    Clone = 1,
    Signals = 2,
    Session = 3,
    Stdio = 4,
    Groups = 5,
    Gid = 6,
    Uid = 7,
    ChangeDirectory = 8,
    Exec = 9,
}
