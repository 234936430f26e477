using Aurae.Daemon.Sandbox;

namespace Aurae.Daemon.Tests.Sandbox;

public sealed class SeccompProfileTests
{
    /// <summary>Calls that reach past the container (mounts, modules, clocks, keys, kernel interfaces): none may be named by any rule.</summary>
    public static TheoryData<string> Dangerous =>
    [
        "mount", "umount2", "pivot_root", "kexec_load", "kexec_file_load", "init_module", "finit_module",
        "delete_module", "reboot", "settimeofday", "clock_settime", "keyctl", "add_key", "request_key", "bpf",
        "perf_event_open", "unshare", "setns", "swapon", "swapoff", "open_by_handle_at", "syslog", "acct", "iopl",
        "ioperm", "userfaultfd", "fsopen", "fsconfig", "fsmount", "fspick", "open_tree", "move_mount",
        "mount_setattr", "quotactl", "lookup_dcookie", "sethostname", "setdomainname", "vhangup",
        "io_uring_setup", "io_uring_enter", "io_uring_register",
    ];

    [Fact]
    public void Every_name_in_the_profile_is_an_x86_64_system_call()
    {
        var unknown = SeccompProfile.Default.Rules.SelectMany(rule => rule.Names).Where(name => !SyscallTable.TryNumber(name, out _));
        Assert.Empty(unknown);
    }

    [Theory]
    [MemberData(nameof(Dangerous))]
    public void A_dangerous_call_is_named_by_no_rule(string call)
    {
        Assert.True(SyscallTable.TryNumber(call, out _), $"{call} is not in the table");
        Assert.DoesNotContain(call, SeccompProfile.Default.UnconditionallyAllowed);
        Assert.DoesNotContain(SeccompProfile.Default.Rules, rule => rule.Names.Contains(call));
    }

    [Fact]
    public void Default_action_is_eperm_and_only_clone3_fails_unconditionally()
    {
        Assert.Equal(1, SeccompProfile.Default.DefaultAction.Errno);
        var failing = SeccompProfile.Default.Rules.Where(rule => !rule.Action.Allows).ToList();
        var clone3 = Assert.Single(failing);
        Assert.Equal(["clone3"], clone3.Names);
        Assert.Equal(38, clone3.Action.Errno);
        Assert.True(clone3.IsUnconditional);
    }

    [Fact]
    public void Only_socket_personality_and_clone_have_conditions()
    {
        var conditional = SeccompProfile.Default.Rules.Where(rule => !rule.IsUnconditional).SelectMany(rule => rule.Names).Distinct().Order();
        Assert.Equal(["clone", "personality", "socket"], conditional);
    }
}
