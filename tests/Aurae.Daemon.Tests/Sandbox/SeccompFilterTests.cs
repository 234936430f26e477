using Aurae.Daemon.Sandbox;

namespace Aurae.Daemon.Tests.Sandbox;

/// <summary>The default program's verdicts, run through <see cref="BpfInterpreter"/>.</summary>
public sealed class SeccompFilterTests
{
    private const string Allow = "ALLOW";
    private const string Eperm = "ERRNO(1)";
    private const string Enosys = "ERRNO(38)";

    // include/uapi/linux/sched.h
    private const ulong CLONE_VM = 0x100, CLONE_FS = 0x200, CLONE_FILES = 0x400, CLONE_SIGHAND = 0x800;
    private const ulong CLONE_THREAD = 0x10000, CLONE_SYSVSEM = 0x40000, CLONE_SETTLS = 0x80000;
    private const ulong CLONE_PARENT_SETTID = 0x100000, CLONE_CHILD_CLEARTID = 0x200000, CLONE_CHILD_SETTID = 0x01000000;
    private const ulong CLONE_NEWUSER = 0x10000000;
    private const ulong SIGCHLD = 17;

    private static string Verdict(string call, params ulong[] args) => Verdict(SyscallTable.Number(call), args);

    private static string Verdict(int nr, params ulong[] args) =>
        BpfInterpreter.Describe(BpfInterpreter.Run(SeccompFilter.Default.Bytes, nr, BpfInterpreter.AuditArchX86_64, args));

    [Theory]
    [InlineData("read")]
    [InlineData("write")]
    [InlineData("execve")]
    [InlineData("openat")]
    [InlineData("futex")]
    [InlineData("mmap")]
    [InlineData("exit_group")]
    [InlineData("wait4")]
    [InlineData("futex_waitv")] // the highest number allowed: the last hop of the list
    // moby allows these: the kernel itself demands CAP_SYS_TIME to change the clock.
    [InlineData("adjtimex")]
    [InlineData("clock_adjtime")]
    // Allowed by their moby groups: minKernel 4.8, x86-only, CAP_SYS_CHROOT.
    [InlineData("ptrace")]
    [InlineData("process_vm_readv")]
    [InlineData("arch_prctl")]
    [InlineData("modify_ldt")]
    [InlineData("chroot")]
    public void Ordinary_calls_are_allowed_whatever_their_arguments(string call)
    {
        Assert.Equal(Allow, Verdict(call));
        Assert.Equal(Allow, Verdict(call, ulong.MaxValue, 1, 2, 3, 4, 5));
    }

    [Theory]
    [InlineData("mount")]
    [InlineData("umount2")]
    [InlineData("pivot_root")]
    [InlineData("kexec_load")]
    [InlineData("kexec_file_load")]
    [InlineData("init_module")]
    [InlineData("finit_module")]
    [InlineData("delete_module")]
    [InlineData("reboot")]
    [InlineData("settimeofday")]
    [InlineData("clock_settime")]
    [InlineData("keyctl")]
    [InlineData("add_key")]
    [InlineData("request_key")]
    [InlineData("bpf")]
    [InlineData("perf_event_open")]
    [InlineData("unshare")]
    [InlineData("setns")]
    [InlineData("swapon")]
    [InlineData("swapoff")]
    [InlineData("open_by_handle_at")]
    [InlineData("syslog")]
    [InlineData("acct")]
    [InlineData("iopl")]
    [InlineData("ioperm")]
    [InlineData("userfaultfd")]
    [InlineData("fsopen")]
    [InlineData("open_tree")]
    [InlineData("move_mount")]
    [InlineData("sethostname")]
    [InlineData("vhangup")]
    [InlineData("kcmp")]
    [InlineData("io_uring_setup")]
    [InlineData("nfsservctl")]
    public void Calls_docker_refuses_without_their_capability_fail_with_eperm(string call)
    {
        Assert.Equal(Eperm, Verdict(call));
        Assert.Equal(Eperm, Verdict(call, 0, 0, 0, 0, 0, 0));
    }

    [Theory]
    [InlineData(SIGCHLD)] // fork()
    [InlineData(CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD)] // glibc's fork
    [InlineData(CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID)] // pthread_create
    [InlineData(0xFFFFFFFF_00000000 | SIGCHLD)] // garbage in the high word, which the kernel drops
    [InlineData(CLONE_NEWUSER << 32 | SIGCHLD)] // a namespace bit up there is dropped with it: lower_32_bits(clone_flags) in kernel/fork.c
    [InlineData(0x81FDFFFF)] // every low bit but the namespace ones
    public void Clone_without_namespace_flags_is_allowed(ulong flags) =>
        Assert.Equal(Allow, Verdict("clone", flags, 0, 0, 0, 0));

    [Theory]
    [InlineData(0x00020000UL)] // CLONE_NEWNS
    [InlineData(0x02000000UL)] // CLONE_NEWCGROUP
    [InlineData(0x04000000UL)] // CLONE_NEWUTS
    [InlineData(0x08000000UL)] // CLONE_NEWIPC
    [InlineData(CLONE_NEWUSER)]
    [InlineData(0x20000000UL)] // CLONE_NEWPID
    [InlineData(0x40000000UL)] // CLONE_NEWNET
    [InlineData(CLONE_NEWUSER | SIGCHLD | CLONE_VM)]
    [InlineData(0xFFFFFFFF_00000000 | CLONE_NEWUSER | SIGCHLD)] // high garbage does not hide a low namespace bit
    [InlineData(ulong.MaxValue)]
    public void Clone_with_a_namespace_flag_fails_with_eperm(ulong flags) =>
        Assert.Equal(Eperm, Verdict("clone", flags, 0, 0, 0, 0));

    [Fact]
    public void Clone3_answers_enosys_so_libc_falls_back_to_clone()
    {
        Assert.Equal(Enosys, Verdict("clone3"));
        Assert.Equal(Enosys, Verdict("clone3", 0x7fff_0000_1000, 88));
    }

    [Theory]
    [InlineData(0x0UL, Allow)] // PER_LINUX
    [InlineData(0x8UL, Allow)] // PER_LINUX32
    [InlineData(0x20000UL, Allow)] // UNAME26
    [InlineData(0x20008UL, Allow)] // PER_LINUX32 | UNAME26
    [InlineData(0xFFFFFFFFUL, Allow)] // query
    [InlineData(0x0040000UL, Eperm)] // ADDR_NO_RANDOMIZE
    [InlineData(0x0400000UL, Eperm)] // READ_IMPLIES_EXEC
    [InlineData(0x1UL, Eperm)]
    [InlineData(0xFFFFFFFF_FFFFFFFFUL, Eperm)]
    // Equal compares all 64 bits: a set high bit is refused though the kernel would read PER_LINUX (fails closed).
    [InlineData(0x1_00000000UL, Eperm)]
    public void Personality_takes_only_the_listed_personas(ulong persona, string expected) =>
        Assert.Equal(expected, Verdict("personality", persona));

    [Theory]
    [InlineData(1UL, Allow)] // AF_UNIX
    [InlineData(2UL, Allow)] // AF_INET
    [InlineData(10UL, Allow)] // AF_INET6
    [InlineData(16UL, Allow)] // AF_NETLINK
    [InlineData(17UL, Allow)] // AF_PACKET (CAP_NET_RAW is a default capability)
    [InlineData(37UL, Allow)]
    [InlineData(39UL, Allow)] // AF_NFC, between the two refused
    [InlineData(41UL, Allow)]
    [InlineData(44UL, Allow)] // AF_XDP
    [InlineData(38UL, Eperm)] // AF_ALG
    [InlineData(40UL, Eperm)] // AF_VSOCK
    // The kernel reads the family as an int: only the low 32 bits decide, whatever sits above them.
    [InlineData(0x1_00000028UL, Eperm)] // AF_VSOCK, which a 64-bit "> 40" would let through
    [InlineData(0xFFFFFFFF_00000026UL, Eperm)] // AF_ALG
    [InlineData(0x1_00000002UL, Allow)] // AF_INET
    public void Socket_refuses_af_alg_and_af_vsock(ulong family, string expected) =>
        Assert.Equal(expected, Verdict("socket", family, 1, 0));

    [Fact]
    public void Another_architecture_is_killed()
    {
        var program = SeccompFilter.Default.Bytes;
        Assert.Equal("KILL_PROCESS", BpfInterpreter.Describe(BpfInterpreter.Run(program, 3, BpfInterpreter.AuditArchI386)));
        Assert.Equal("KILL_PROCESS", BpfInterpreter.Describe(BpfInterpreter.Run(program, 0, 0xC00000B7 /* AUDIT_ARCH_AARCH64 */)));
    }

    [Theory]
    [InlineData(0x40000000)] // x32 read
    [InlineData(0x40000000 | 59)] // x32 execve
    [InlineData(-1)] // what a tracer sets to skip a call
    public void X32_numbers_fail_with_eperm(int nr) =>
        Assert.Equal(Eperm, Verdict(nr));

    /// <summary>As the node's kernel would answer them, so libc falls back (glibc's fchmodat2 → fchmodat).</summary>
    [Theory]
    [InlineData(451)] // cachestat, newer than the table's 6.1
    [InlineData(452)] // fchmodat2
    [InlineData(1000)] // no such call
    public void Numbers_newer_than_the_table_fail_with_enosys(int nr)
    {
        Assert.True(nr > SyscallTable.Highest);
        Assert.Equal(Enosys, Verdict(nr));
    }

    /// <summary>
    /// Every number from 0 to the table's highest, against the profile read directly: a call a rule
    /// answers whatever its arguments gets that answer, one no rule names gets the default. Catches
    /// a search that lands one range off, which spot checks of single calls would miss.
    /// </summary>
    [Fact]
    public void Every_call_number_gets_the_answer_its_rules_give()
    {
        var profile = SeccompProfile.Default;
        var unconditional = profile.Rules.Where(rule => rule.IsUnconditional)
            .SelectMany(rule => rule.Names.Select(name => (Number: SyscallTable.Number(name), rule.Action)))
            .ToDictionary(pair => pair.Number, pair => pair.Action);
        var conditional = profile.Rules.Where(rule => !rule.IsUnconditional)
            .SelectMany(rule => rule.Names.Select(SyscallTable.Number)).ToHashSet();
        var checkedCalls = 0;
        for (var nr = 0; nr <= SyscallTable.Highest; nr++)
        {
            if (conditional.Contains(nr))
                continue;
            var action = unconditional.GetValueOrDefault(nr, profile.DefaultAction);
            var expected = action.Allows ? Allow : $"ERRNO({action.Errno})";
            Assert.True(expected == Verdict(nr, 1, 2, 3), $"call {nr}: expected {expected}, got {Verdict(nr, 1, 2, 3)}");
            checkedCalls++;
        }
        Assert.True(checkedCalls > 300, $"{checkedCalls} numbers checked");
    }
}
