using System.Runtime.InteropServices;

namespace Aurae.Daemon.Native;

/// <summary>struct aurae_sandbox (Native/sandbox.h), field for field.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeSandbox
{
    public uint IdBase;
    public uint IdCount;
    public int NewNetwork;
    public int Reserved;
    public byte* Root;
    public byte* Hostname;
    public byte** BindSources;
    public byte** BindTargets;
    public ulong Capabilities;
    public void* SeccompFilter;
    public uint SeccompLength;
    public uint Reserved2;
    public byte* RootSource;
}
