using System.Runtime.InteropServices;
using Aurae.Api.Cells.V0;
using Aurae.Daemon.Executables;
using static Aurae.Daemon.Tests.Executables.ExecutablesTestSupport;
using State = Aurae.Api.Cells.V0.ExecutableStatus.Types.State;

namespace Aurae.Daemon.Tests.Executables;

/// <summary>
/// The memory a spawned child runs in (Native/child_memory.c): it shares the daemon's address
/// space, so its mapping may be reused only once the kernel says the child has left it
/// (CLONE_CHILD_CLEARTID zeroes child_tid, and an isolated child's workload_tid, at exec or exit),
/// and a request too large for the standard mapping still reaches the child whole. In the
/// executables collection: nothing else spawns meanwhile, and the most recently taken mapping is
/// the first reused once free, so which mapping a spawn gets is the test's to read.
/// </summary>
[Collection(ExecutablesCollection.Name)]
public sealed partial class ChildMemoryTests : IDisposable
{
    private readonly ExecutableSupervisor _supervisor = NewSupervisor();

    /// <summary>struct aurae_child_memory (Native/child_memory.h), field for field.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct ChildMemory
    {
        public int ChildTid;
        public int WorkloadTid;
        public nuint MappingSize;
        public nint Next;
        public byte* Data;
        public nuint DataLeft;
        public void* SetupStack;
        public void* WorkloadStack;
    }

    [LibraryImport("aurae_native")]
    private static partial nint aurae_child_memory_take(nuint dataBytes);

    [LibraryImport("aurae_native")]
    private static partial void aurae_child_memory_abandon(nint memory);

    private static nint Take(nuint dataBytes)
    {
        var memory = aurae_child_memory_take(dataBytes);
        Assert.True(memory != 0, "aurae_child_memory_take failed");
        return memory;
    }

    private static unsafe ChildMemory Header(nint memory) => *(ChildMemory*)memory;

    private static unsafe void SetWorkloadTid(nint memory, int value) => Volatile.Write(ref ((ChildMemory*)memory)->WorkloadTid, value);

    [Fact]
    public void A_mapping_is_not_reused_while_its_child_may_still_run()
    {
        var first = Take(64);
        var second = Take(64);
        Assert.Equal(1, Header(first).ChildTid);
        Assert.Equal(0, Header(first).WorkloadTid);
        Assert.NotEqual(first, second);

        aurae_child_memory_abandon(first);
        var third = Take(64);
        Assert.Equal(first, third);
        aurae_child_memory_abandon(second);
        aurae_child_memory_abandon(third);
    }

    [Fact]
    public void A_mapping_whose_workload_may_still_run_is_kept_though_its_set_up_child_has_gone()
    {
        // As when the set-up child is killed before its workload has exec'd: only the workload's word is set.
        var first = Take(64);
        SetWorkloadTid(first, 1);
        aurae_child_memory_abandon(first);
        var second = Take(64);
        Assert.NotEqual(first, second);

        SetWorkloadTid(first, 0);
        var third = Take(64);
        Assert.Equal(first, third);
        aurae_child_memory_abandon(second);
        aurae_child_memory_abandon(third);
    }

    [Fact]
    public unsafe void A_large_request_gets_a_mapping_that_holds_it()
    {
        var large = Take(3 << 20);
        var header = Header(large);
        Assert.True(header.DataLeft >= 3 << 20, $"{header.DataLeft} bytes for copies");
        Assert.True((nint)header.SetupStack < large && (nint)header.WorkloadStack < (nint)header.SetupStack);
        aurae_child_memory_abandon(large);
    }

    [Fact]
    public async Task The_kernel_hands_a_privileged_childs_mapping_back_once_it_has_exec_d()
    {
        var marker = Take(64);
        aurae_child_memory_abandon(marker);
        // The spawn reclaims the marker and, last freed, runs its child in it.
        await _supervisor.StartAsync(TestCell, null, Program("true", "/bin/true"), default);
        Assert.Equal(State.Exited, (await CollectAsync(_supervisor, "true")).Final.State);

        var after = Take(64);
        Assert.Equal(marker, after);
        aurae_child_memory_abandon(after);
    }

    [Fact]
    public async Task The_kernel_hands_an_isolated_childs_mapping_back_once_its_init_runs()
    {
        await using var workload = await IsolatedWorkload.CreateAsync();
        var marker = Take(64);
        aurae_child_memory_abandon(marker);
        var result = await workload.RunAsync("isolated", "echo ran");
        Assert.Equal("ran\n", result.Stdout);

        var after = Take(64);
        Assert.Equal(marker, after);
        aurae_child_memory_abandon(after);
    }

    [Fact]
    public async Task An_environment_larger_than_the_standard_mapping_reaches_the_child_whole()
    {
        // The kernel takes at most 128 KiB per string (MAX_ARG_STRLEN), so six of 100 000.
        var big = Program("big", "/bin/sh", "-c", "echo $((${#A} + ${#B} + ${#C} + ${#D} + ${#E} + ${#F}))");
        foreach (var name in new[] { "A", "B", "C", "D", "E", "F" })
            big.Environment[name] = new string('x', 100_000);
        await _supervisor.StartAsync(TestCell, null, big, default);
        Assert.Equal("600000\n", (await CollectAsync(_supervisor, "big")).Stdout);
    }

    public void Dispose() => _supervisor.Dispose();
}
