namespace Aurae.Daemon.Cells;

/// <summary>
/// One value to write into a cell's cgroup: the interface file, its content, and the request
/// field it came from (so a refusal by the kernel can name what the client asked for).
/// </summary>
public readonly record struct CgroupSetting(string File, string Value, string Field)
{
    /// <summary>The controller owning the file ("memory" for memory.max).</summary>
    public string Controller => File[..File.IndexOf('.')];
}
