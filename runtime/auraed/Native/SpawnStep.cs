namespace Aurae.Daemon.Native;

/// <summary>The step of aurae_spawn that failed (the STEP_* values in Native/sandbox.h).</summary>
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
    UserMap = 10,
    CgroupNamespace = 11,
    Root = 12,
    Proc = 13,
    Dev = 14,
    Bind = 15,
    Mask = 16,
    EnterRoot = 17,
    Hostname = 18,
    Capabilities = 19,
    NoNewPrivs = 20,
    Seccomp = 21,
    Init = 22,
    Sys = 23,
    Loopback = 24,
}
