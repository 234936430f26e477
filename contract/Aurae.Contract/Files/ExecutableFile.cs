namespace Aurae.Contract.Files;

/// <summary>
/// Whether a file may be run: any of its execute bits set, as execve(2) asks of someone with the
/// right ids. The node checks a program with it; the CLI decides with it whether a local file
/// becomes an executable artifact.
/// </summary>
public static class ExecutableFile
{
    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public static bool HasExecuteBit(string path) => (File.GetUnixFileMode(path) & AnyExecute) != 0;
}
