namespace Aurae.Daemon.Sandbox;

/// <summary>
/// A <see cref="SeccompProfile"/> compiled to the classic BPF program that
/// seccomp(SECCOMP_SET_MODE_FILTER) or prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER) installs: the
/// <c>struct sock_filter</c> array of a <c>struct sock_fprog</c>, which native code hands to the kernel.
/// <para>The program, whose jumps all go forward and stay short:</para>
/// <list type="number">
/// <item>an architecture other than x86_64 is killed, i386 calls (other numbers) included: Docker
/// allows i386 and x32, but a node runs only 64-bit tenants;</item>
/// <item>x32 calls share x86_64's audit arch and carry bit 30 in their number: they fail with the
/// default errno;</item>
/// <item>a number above every call the table knows fails with ENOSYS, as the node's kernel answers a
/// call it does not have: libc then falls back to an older call (glibc's fchmodat2 → fchmodat only
/// retries on ENOSYS), where EPERM would be final;</item>
/// <item>then a balanced binary search over the call number (<c>jge</c>), whose leaves are ranges of
/// neighbouring numbers with one answer: about log2(ranges) comparisons per call, where a scan of the
/// list took up to one per rule, and a program a fraction as long. Length matters at install as well:
/// the kernel emulates the program once per call number to fill its cache of always-allowed calls, and
/// JIT-compiles it, at every isolated start (issue 19);</item>
/// <item>a leaf for a call with conditional rules jumps (<c>ja</c>) to that call's block, laid out
/// after the tree: its rules in order (a failed check falls through to the next rule), then the default.</item>
/// </list>
/// </summary>
internal sealed class SeccompFilter
{
    // Verdicts, include/uapi/linux/seccomp.h. SECCOMP_RET_ERRNO carries the errno in its low 16 bits.
    public const uint RetKillProcess = 0x80000000; // SECCOMP_RET_KILL_PROCESS
    public const uint RetErrno = 0x00050000; // SECCOMP_RET_ERRNO
    public const uint RetAllow = 0x7FFF0000; // SECCOMP_RET_ALLOW
    private const uint ENOSYS = 38;

    // include/uapi/linux/audit.h: AUDIT_ARCH_X86_64 = EM_X86_64 (62) | __AUDIT_ARCH_64BIT | __AUDIT_ARCH_LE.
    public const uint AuditArchX86_64 = 0xC000003E;

    // arch/x86/include/uapi/asm/unistd.h: __X32_SYSCALL_BIT, set in every x32 call number.
    public const uint X32SyscallBit = 0x40000000;

    // struct seccomp_data, include/uapi/linux/seccomp.h: int nr; __u32 arch; __u64 instruction_pointer;
    // __u64 args[6]. An argument is two words, the low one first (x86_64 is little-endian).
    private const uint NrOffset = 0;
    private const uint ArchOffset = 4;
    private const uint ArgsOffset = 16;
    private const int ArgumentCount = 6;

    // BPF_MAXINSNS, include/uapi/linux/bpf_common.h: the kernel refuses a longer program.
    public const int MaxInstructions = 4096;

    private static readonly Lazy<SeccompFilter> LazyDefault = new(() => Compile(SeccompProfile.Default));

    private readonly byte[] _bytes;

    private SeccompFilter(IReadOnlyList<BpfInstruction> instructions)
    {
        Instructions = instructions;
        _bytes = new byte[instructions.Count * BpfInstruction.Size];
        for (var i = 0; i < instructions.Count; i++)
            instructions[i].WriteTo(_bytes.AsSpan(i * BpfInstruction.Size, BpfInstruction.Size));
    }

    /// <summary>Docker's default profile (<see cref="SeccompProfile.Default"/>), compiled on first use.</summary>
    public static SeccompFilter Default => LazyDefault.Value;

    public IReadOnlyList<BpfInstruction> Instructions { get; }

    /// <summary>The program in <c>struct sock_filter</c> layout, 8 bytes an instruction; shared, so read it only.</summary>
    public byte[] Bytes => _bytes;

    /// <summary><c>sock_fprog.len</c>.</summary>
    public int InstructionCount => Instructions.Count;

    /// <summary>Compiles <paramref name="profile"/>; a program the kernel would refuse, or a profile that contradicts itself, throws.</summary>
    public static SeccompFilter Compile(SeccompProfile profile)
    {
        var (unconditional, conditional) = ByCall(profile);
        var program = new List<BpfInstruction>
        {
            BpfInstruction.Load(ArchOffset),
            BpfInstruction.Jump(BpfInstruction.JumpIfEqual, AuditArchX86_64, jt: 1, jf: 0),
            BpfInstruction.Return(RetKillProcess),
            BpfInstruction.Load(NrOffset),
            BpfInstruction.Jump(BpfInstruction.JumpIfGreaterOrEqual, X32SyscallBit, jt: 0, jf: 1),
            BpfInstruction.Return(Verdict(profile.DefaultAction)),
            BpfInstruction.Jump(BpfInstruction.JumpIfGreaterOrEqual, (uint)SyscallTable.Highest + 1, jt: 0, jf: 1),
            BpfInstruction.Return(RetErrno | ENOSYS),
        };

        var leaves = Leaves(unconditional, conditional.Keys, Verdict(profile.DefaultAction));
        var blockJumps = new List<(int At, int Number)>();
        EmitSearch(program, leaves, 0, leaves.Count, blockJumps);

        var blockStarts = new Dictionary<int, int>();
        foreach (var (number, rules) in conditional.OrderBy(pair => pair.Key))
        {
            blockStarts[number] = program.Count;
            foreach (var rule in rules)
                program.AddRange(CompileRule(rule));
            program.Add(BpfInstruction.Return(Verdict(profile.DefaultAction)));
        }
        foreach (var (at, number) in blockJumps)
            program[at] = BpfInstruction.JumpAlways((uint)(blockStarts[number] - (at + 1)));

        if (program.Count > MaxInstructions)
            throw new InvalidOperationException($"the seccomp program has {program.Count} instructions; the kernel takes at most {MaxInstructions}");
        return new SeccompFilter(program);
    }

    /// <summary>A leaf of the search: the first call number of its range, and either a verdict or the call whose rules decide.</summary>
    private readonly record struct Leaf(int First, uint Verdict, int? ConditionalCall);

    /// <summary>
    /// Numbers 0..<see cref="SyscallTable.Highest"/> as ranges of neighbours with one verdict (no rule: the
    /// default); a call with conditional rules is a range of its own.
    /// </summary>
    private static List<Leaf> Leaves(Dictionary<int, SeccompAction> unconditional, IEnumerable<int> conditional, uint defaultVerdict)
    {
        var decidedByRules = conditional.ToHashSet();
        var leaves = new List<Leaf>();
        for (var number = 0; number <= SyscallTable.Highest; number++)
        {
            if (decidedByRules.Contains(number))
            {
                leaves.Add(new Leaf(number, 0, number));
                continue;
            }
            var verdict = unconditional.TryGetValue(number, out var action) ? Verdict(action) : defaultVerdict;
            if (leaves.Count == 0 || leaves[^1].ConditionalCall is not null || leaves[^1].Verdict != verdict)
                leaves.Add(new Leaf(number, verdict, null));
        }
        return leaves;
    }

    /// <summary>
    /// Emits the search over <paramref name="leaves"/>[<paramref name="from"/>..<paramref name="to"/>): a leaf,
    /// or <c>nr &gt;= first of the upper half</c> jumping over the lower half's code. A conditional jump reaches
    /// 255 instructions; past that it lands on a <c>ja</c> that goes the rest of the way.
    /// </summary>
    private static void EmitSearch(List<BpfInstruction> program, List<Leaf> leaves, int from, int to, List<(int At, int Number)> blockJumps)
    {
        if (to - from == 1)
        {
            var leaf = leaves[from];
            if (leaf.ConditionalCall is { } number)
            {
                blockJumps.Add((program.Count, number));
                program.Add(BpfInstruction.JumpAlways(0)); // aimed at the block once it is laid out
            }
            else
            {
                program.Add(BpfInstruction.Return(leaf.Verdict));
            }
            return;
        }
        var middle = (from + to) / 2;
        var lower = SearchSize(from, middle);
        var bound = (uint)leaves[middle].First;
        if (lower <= byte.MaxValue)
        {
            program.Add(BpfInstruction.Jump(BpfInstruction.JumpIfGreaterOrEqual, bound, jt: (byte)lower, jf: 0));
        }
        else
        {
            program.Add(BpfInstruction.Jump(BpfInstruction.JumpIfGreaterOrEqual, bound, jt: 0, jf: 1));
            program.Add(BpfInstruction.JumpAlways((uint)lower));
        }
        EmitSearch(program, leaves, from, middle, blockJumps);
        EmitSearch(program, leaves, middle, to, blockJumps);
    }

    /// <summary>How many instructions <see cref="EmitSearch"/> emits for leaves [<paramref name="from"/>..<paramref name="to"/>).</summary>
    private static int SearchSize(int from, int to)
    {
        if (to - from == 1)
            return 1;
        var middle = (from + to) / 2;
        var lower = SearchSize(from, middle);
        return 1 + (lower > byte.MaxValue ? 1 : 0) + lower + SearchSize(middle, to);
    }

    /// <summary>Splits the rules by call number: calls answered whatever their arguments, and calls with their conditional rules in profile order.</summary>
    private static (Dictionary<int, SeccompAction> Unconditional, Dictionary<int, List<SeccompRule>> Conditional) ByCall(SeccompProfile profile)
    {
        var unconditional = new Dictionary<int, SeccompAction>();
        var conditional = new Dictionary<int, List<SeccompRule>>();
        foreach (var rule in profile.Rules)
        {
            foreach (var name in rule.Names)
            {
                var number = SyscallTable.Number(name);
                if (rule.IsUnconditional)
                {
                    if (unconditional.TryGetValue(number, out var earlier) && earlier != rule.Action)
                        throw new InvalidOperationException($"the profile answers {name} both with {earlier} and {rule.Action}");
                    unconditional[number] = rule.Action;
                }
                else
                {
                    if (!conditional.TryGetValue(number, out var rules))
                        conditional[number] = rules = [];
                    rules.Add(rule);
                }
            }
        }

        // An unconditional answer would shadow the conditions: the profile means something else.
        var shadowed = conditional.Keys.Where(unconditional.ContainsKey).ToList();
        if (shadowed.Count > 0)
            throw new InvalidOperationException($"the profile answers call(s) {string.Join(", ", shadowed)} unconditionally and also under conditions");
        return (unconditional, conditional);
    }

    /// <summary>The rule's checks, each jumping past the rule when it fails, then the rule's verdict.</summary>
    private static List<BpfInstruction> CompileRule(SeccompRule rule)
    {
        var code = new List<BpfInstruction>();
        var failures = new List<(int At, bool WhenTrue)>();
        foreach (var check in rule.Conditions)
            CompileCheck(check, code, failures);
        code.Add(BpfInstruction.Return(Verdict(rule.Action)));

        // A failed check goes to the instruction after the rule: the next rule for the call, or the default.
        foreach (var (at, whenTrue) in failures)
        {
            var distance = Distance(code.Count - (at + 1), $"a rule for {string.Join(", ", rule.Names)}");
            code[at] = whenTrue ? code[at] with { Jt = distance } : code[at] with { Jf = distance };
        }
        return code;
    }

    /// <summary>
    /// Emits one argument check, the low word first, then (for 64 bits) the high word, each of which
    /// must pass; <paramref name="failures"/> gets the jumps to aim past the rule.
    /// </summary>
    private static void CompileCheck(ArgumentCheck check, List<BpfInstruction> code, List<(int At, bool WhenTrue)> failures)
    {
        if (check.Index is < 0 or >= ArgumentCount)
            throw new InvalidOperationException($"a system call has arguments 0..{ArgumentCount - 1}, not {check.Index}");
        if (check.Width == ArgumentWidth.Bits32 && (check.Value > uint.MaxValue || check.Mask > uint.MaxValue))
            throw new InvalidOperationException($"a 32-bit check compares with 0x{check.Value:x} under mask 0x{check.Mask:x}");
        if (check.Operator == ArgumentOperator.MaskedEqual && (check.Value & ~check.Mask) != 0)
            throw new InvalidOperationException($"(argument & 0x{check.Mask:x}) can never equal 0x{check.Value:x}");

        var low = ArgsOffset + 8 * (uint)check.Index;
        switch (check.Operator)
        {
            case ArgumentOperator.Equal:
            case ArgumentOperator.MaskedEqual:
                EqualWord(low, (uint)check.Mask, (uint)check.Value);
                if (check.Width == ArgumentWidth.Bits64)
                    EqualWord(low + 4, (uint)(check.Mask >> 32), (uint)(check.Value >> 32));
                break;
            case ArgumentOperator.LessThan when check.Width == ArgumentWidth.Bits32:
                code.Add(BpfInstruction.Load(low));
                failures.Add((code.Count, WhenTrue: true));
                code.Add(BpfInstruction.Jump(BpfInstruction.JumpIfGreaterOrEqual, (uint)check.Value, jt: 0, jf: 0));
                break;
            case ArgumentOperator.GreaterThan when check.Width == ArgumentWidth.Bits32:
                code.Add(BpfInstruction.Load(low));
                failures.Add((code.Count, WhenTrue: false));
                code.Add(BpfInstruction.Jump(BpfInstruction.JumpIfGreater, (uint)check.Value, jt: 0, jf: 0));
                break;
            default:
                // A 64-bit ordering needs the high word compared first and the low one only on a tie;
                // no profile here asks for one, so none is emitted untested.
                throw new NotSupportedException($"no {check.Width} {check.Operator} comparison is compiled");
        }

        void EqualWord(uint offset, uint mask, uint value)
        {
            code.Add(BpfInstruction.Load(offset));
            if (mask != uint.MaxValue)
                code.Add(BpfInstruction.And(mask));
            failures.Add((code.Count, WhenTrue: false));
            code.Add(BpfInstruction.Jump(BpfInstruction.JumpIfEqual, value, jt: 0, jf: 0));
        }
    }

    private static uint Verdict(SeccompAction action) => action.Allows ? RetAllow : RetErrno | (uint)action.Errno;

    /// <summary>A forward jump of <paramref name="distance"/> instructions; a conditional jump's offset is one byte.</summary>
    private static byte Distance(int distance, string what) =>
        distance is >= 0 and <= byte.MaxValue
            ? (byte)distance
            : throw new InvalidOperationException($"a jump over {what} spans {distance} instructions; a BPF conditional jump reaches {byte.MaxValue} at most");
}
