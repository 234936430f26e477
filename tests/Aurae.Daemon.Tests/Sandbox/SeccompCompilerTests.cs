using System.Buffers.Binary;
using Aurae.Daemon.Sandbox;

namespace Aurae.Daemon.Tests.Sandbox;

/// <summary>The shape of compiled programs, and the profiles the compiler refuses.</summary>
public sealed class SeccompCompilerTests
{
    private static readonly ushort[] EmittedOpcodes = [0x20, 0x54, 0x05, 0x15, 0x25, 0x35, 0x06];

    [Fact]
    public void Default_program_fits_the_kernel_and_every_jump_lands_inside_it()
    {
        var filter = SeccompFilter.Default;
        Assert.Same(filter, SeccompFilter.Default);
        Assert.Equal(filter.InstructionCount * 8, filter.Bytes.Length);
        Assert.InRange(filter.InstructionCount, 1, 4096);

        for (var pc = 0; pc < filter.InstructionCount; pc++)
        {
            var code = BinaryPrimitives.ReadUInt16LittleEndian(filter.Bytes.AsSpan(pc * 8));
            Assert.Contains(code, EmittedOpcodes);
            // Every jump lands inside the program, so each path ends in a return.
            if (code is 0x15 or 0x25 or 0x35)
            {
                Assert.InRange(pc + 1 + filter.Bytes[pc * 8 + 2], 0, filter.InstructionCount - 1);
                Assert.InRange(pc + 1 + filter.Bytes[pc * 8 + 3], 0, filter.InstructionCount - 1);
            }
            if (code == 0x05)
                Assert.InRange(pc + 1 + (long)BinaryPrimitives.ReadUInt32LittleEndian(filter.Bytes.AsSpan(pc * 8 + 4)), 0, filter.InstructionCount - 1);
        }
        Assert.Equal(filter.Instructions[^1], BpfInstruction.Return(0x00050001));
    }

    [Fact]
    public void Instructions_are_written_in_sock_filter_layout()
    {
        Span<byte> bytes = stackalloc byte[8];
        new BpfInstruction(0x1234, 0x56, 0x78, 0x9ABCDEF0).WriteTo(bytes);
        Assert.Equal(new byte[] { 0x34, 0x12, 0x56, 0x78, 0xF0, 0xDE, 0xBC, 0x9A }, bytes.ToArray());
        // The first instruction loads seccomp_data.arch: BPF_LD|BPF_W|BPF_ABS, k = 4.
        var program = SeccompFilter.Compile(Profile(new SeccompRule(["read"], SeccompAction.Allow))).Bytes;
        Assert.Equal(new byte[] { 0x20, 0, 0, 0, 4, 0, 0, 0 }, program[..8]);
    }

    [Fact]
    public void Rules_for_one_call_are_tried_in_order_and_fall_through_to_the_default()
    {
        var filter = SeccompFilter.Compile(Profile(
            new SeccompRule(["ioctl"], SeccompAction.Fail(13), ArgumentCheck.Equal(1, 0x5501), ArgumentCheck.Equal(2, 7)),
            new SeccompRule(["ioctl"], SeccompAction.Allow, ArgumentCheck.MaskedEqual(1, mask: 0xF000, value: 0x5000)),
            new SeccompRule(["read"], SeccompAction.Allow)));
        var ioctl = SyscallTable.Number("ioctl");

        string Verdict(ulong request, ulong argument) =>
            BpfInterpreter.Describe(BpfInterpreter.Run(filter.Bytes, ioctl, BpfInterpreter.AuditArchX86_64, 3, request, argument));

        Assert.Equal("ERRNO(13)", Verdict(0x5501, 7)); // both checks of the first rule hold
        Assert.Equal("ALLOW", Verdict(0x5501, 8)); // the first rule's second check fails: the second rule answers
        Assert.Equal("ALLOW", Verdict(0x1_00005501, 7)); // a 64-bit equal looks at the high word too; the mask does not
        Assert.Equal("ALLOW", Verdict(0x5501, 0x1_00000007));
        Assert.Equal("ERRNO(2)", Verdict(0x6501, 7)); // neither: the default
        Assert.Equal("ERRNO(2)", Verdict(0x1_00006501, 7));
        Assert.Equal("ALLOW", BpfInterpreter.Describe(BpfInterpreter.Run(filter.Bytes, 0)));
        Assert.Equal("ERRNO(2)", BpfInterpreter.Describe(BpfInterpreter.Run(filter.Bytes, 1)));
    }

    [Fact]
    public void A_masked_equal_with_a_high_mask_checks_the_high_word()
    {
        var filter = SeccompFilter.Compile(Profile(new SeccompRule(["clone"], SeccompAction.Allow, ArgumentCheck.MaskedEqual(0, mask: 0x1_00000001, value: 0x1_00000000))));
        string Verdict(ulong flags) => BpfInterpreter.Describe(BpfInterpreter.Run(filter.Bytes, 56, BpfInterpreter.AuditArchX86_64, flags));

        Assert.Equal("ALLOW", Verdict(0x1_00000000));
        Assert.Equal("ALLOW", Verdict(0xF_FFFFFFF0));
        Assert.Equal("ERRNO(2)", Verdict(0x0_00000000));
        Assert.Equal("ERRNO(2)", Verdict(0x1_00000001));
    }

    [Fact]
    public void A_call_with_rules_longer_than_a_conditional_jump_reaches_still_compiles()
    {
        // 60 personas, 5 instructions each: 301, past the 255 a jt or jf reaches. The search reaches
        // the block with ja (32 bits), so only a single rule is bounded, and no rule is that long.
        var rules = Enumerable.Range(0, 60).Select(persona => new SeccompRule(["personality"], SeccompAction.Allow, ArgumentCheck.Equal(0, (ulong)persona)));
        var filter = SeccompFilter.Compile(Profile([.. rules, new SeccompRule(["read"], SeccompAction.Allow)]));
        var personality = SyscallTable.Number("personality");

        string Verdict(int nr, ulong persona) =>
            BpfInterpreter.Describe(BpfInterpreter.Run(filter.Bytes, nr, BpfInterpreter.AuditArchX86_64, persona));

        Assert.Equal("ALLOW", Verdict(personality, 0));
        Assert.Equal("ALLOW", Verdict(personality, 59));
        Assert.Equal("ERRNO(2)", Verdict(personality, 60));
        Assert.Equal("ALLOW", Verdict(SyscallTable.Number("read"), 60));
        Assert.Equal("ERRNO(2)", Verdict(SyscallTable.Number("write"), 0));
    }

    [Fact]
    public void A_search_whose_lower_half_is_longer_than_a_conditional_jump_still_lands_right()
    {
        // Every other call allowed: about 370 ranges, so the upper half of the top levels lies more
        // than 255 instructions on and is reached through a ja.
        var allowed = Enumerable.Range(0, SyscallTable.Highest + 1).Where(nr => nr % 2 == 0).ToHashSet();
        var names = SyscallTable.Names.Where(name => allowed.Contains(SyscallTable.Number(name))).ToList();
        var filter = SeccompFilter.Compile(Profile(new SeccompRule(names, SeccompAction.Allow)));
        Assert.Contains(filter.Instructions, i => i.Code == BpfInstruction.JumpAlwaysCode);

        var named = names.Select(SyscallTable.Number).ToHashSet();
        for (var nr = 0; nr <= SyscallTable.Highest; nr++)
        {
            var expected = named.Contains(nr) ? "ALLOW" : "ERRNO(2)";
            var verdict = BpfInterpreter.Describe(BpfInterpreter.Run(filter.Bytes, nr));
            Assert.True(expected == verdict, $"call {nr}: expected {expected}, got {verdict}");
        }
    }

    [Fact]
    public void A_program_over_4096_instructions_is_refused()
    {
        // 20 calls with 50 two-word rules each: 20 blocks of 251 instructions.
        var rules = SyscallTable.Names.Order(StringComparer.Ordinal).Take(20)
            .SelectMany(call => Enumerable.Range(0, 50).Select(value => new SeccompRule([call], SeccompAction.Allow, ArgumentCheck.Equal(0, (ulong)value))));
        var error = Assert.Throws<InvalidOperationException>(() => SeccompFilter.Compile(Profile([.. rules])));
        Assert.Contains("4096", error.Message);
    }

    [Fact]
    public void Contradictory_or_unknown_rules_are_refused()
    {
        Assert.Throws<InvalidOperationException>(() => SeccompFilter.Compile(Profile(
            new SeccompRule(["read"], SeccompAction.Allow), new SeccompRule(["read"], SeccompAction.Fail(1)))));
        Assert.Throws<InvalidOperationException>(() => SeccompFilter.Compile(Profile(
            new SeccompRule(["read"], SeccompAction.Allow), new SeccompRule(["read"], SeccompAction.Allow, ArgumentCheck.Equal(0, 1)))));
        Assert.Throws<ArgumentException>(() => SeccompFilter.Compile(Profile(new SeccompRule(["socketcall"], SeccompAction.Allow))));
        Assert.Throws<InvalidOperationException>(() => SeccompFilter.Compile(Profile(
            new SeccompRule(["read"], SeccompAction.Allow, ArgumentCheck.Equal(6, 0)))));
        Assert.Throws<InvalidOperationException>(() => SeccompFilter.Compile(Profile(
            new SeccompRule(["read"], SeccompAction.Allow, ArgumentCheck.MaskedEqual(0, mask: 0xF0, value: 0x0F)))));
        Assert.Throws<NotSupportedException>(() => SeccompFilter.Compile(Profile(
            new SeccompRule(["read"], SeccompAction.Allow, new ArgumentCheck(0, ArgumentOperator.LessThan, 5, ulong.MaxValue, ArgumentWidth.Bits64)))));
        Assert.Throws<ArgumentOutOfRangeException>(() => SeccompAction.Fail(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SeccompAction.Fail(4096));
    }

    private static SeccompProfile Profile(params SeccompRule[] rules) => new(defaultErrno: 2, rules);
}
