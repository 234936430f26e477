namespace Aurae.Daemon.Sandbox;

/// <summary>
/// One entry of a seccomp profile, as moby writes them: the calls it names get <see cref="Action"/>
/// when every condition holds (no condition: always). Several rules may name the same call; they are
/// tried in order and the first that matches answers: for rules with one action, as moby's are, the
/// OR libseccomp makes of them.
/// </summary>
internal sealed record SeccompRule(IReadOnlyList<string> Names, SeccompAction Action, params IReadOnlyList<ArgumentCheck> Conditions)
{
    public bool IsUnconditional => Conditions.Count == 0;
}

/// <summary>
/// What the filter answers a call with: run it, or fail it with an errno without running it. A class
/// with a private constructor, so no default value can stand for "allow" by accident.
/// </summary>
internal sealed record SeccompAction
{
    private SeccompAction(int errno) => Errno = errno;

    public static SeccompAction Allow { get; } = new(0);

    /// <summary>Fails the call with <paramref name="errno"/> (1..4095: the kernel hands back at most MAX_ERRNO).</summary>
    public static SeccompAction Fail(int errno) =>
        errno is >= 1 and <= 4095 ? new(errno) : throw new ArgumentOutOfRangeException(nameof(errno), errno, "an errno is 1..4095");

    /// <summary>The errno the call fails with; 0 when it is allowed.</summary>
    public int Errno { get; }

    public bool Allows => Errno == 0;

    public override string ToString() => Allows ? "allow" : $"errno {Errno}";
}

/// <summary>How an argument is compared (libseccomp's SCMP_CMP_* that moby's default profile uses).</summary>
internal enum ArgumentOperator
{
    /// <summary>SCMP_CMP_EQ: argument == value.</summary>
    Equal,

    /// <summary>SCMP_CMP_MASKED_EQ: (argument &amp; mask) == value.</summary>
    MaskedEqual,

    /// <summary>SCMP_CMP_LT: argument &lt; value, unsigned.</summary>
    LessThan,

    /// <summary>SCMP_CMP_GT: argument &gt; value, unsigned.</summary>
    GreaterThan,
}

/// <summary>How much of the 64-bit argument register a comparison looks at.</summary>
internal enum ArgumentWidth
{
    /// <summary>All 64 bits, as libseccomp compares on a 64-bit architecture.</summary>
    Bits64,

    /// <summary>
    /// Only the low 32 bits: for a C <c>int</c> argument the kernel truncates, so whatever a caller
    /// puts in the high half cannot change what the kernel acts on, nor the verdict.
    /// </summary>
    Bits32,
}

/// <summary>A condition on one argument of a call (seccomp_data.args[<see cref="Index"/>]).</summary>
internal sealed record ArgumentCheck(int Index, ArgumentOperator Operator, ulong Value, ulong Mask, ArgumentWidth Width)
{
    public static ArgumentCheck Equal(int index, ulong value) =>
        new(index, ArgumentOperator.Equal, value, ulong.MaxValue, ArgumentWidth.Bits64);

    /// <summary>(argument &amp; <paramref name="mask"/>) == <paramref name="value"/>; moby writes the mask as "value" and this value as "valueTwo".</summary>
    public static ArgumentCheck MaskedEqual(int index, ulong mask, ulong value) =>
        new(index, ArgumentOperator.MaskedEqual, value, mask, ArgumentWidth.Bits64);

    /// <summary>Low 32 bits &lt; <paramref name="value"/> (see <see cref="ArgumentWidth.Bits32"/>).</summary>
    public static ArgumentCheck LessThan32(int index, uint value) =>
        new(index, ArgumentOperator.LessThan, value, uint.MaxValue, ArgumentWidth.Bits32);

    /// <summary>Low 32 bits &gt; <paramref name="value"/> (see <see cref="ArgumentWidth.Bits32"/>).</summary>
    public static ArgumentCheck GreaterThan32(int index, uint value) =>
        new(index, ArgumentOperator.GreaterThan, value, uint.MaxValue, ArgumentWidth.Bits32);

    /// <summary>Equal on the low 32 bits only (see <see cref="ArgumentWidth.Bits32"/>).</summary>
    public static ArgumentCheck Equal32(int index, uint value) =>
        new(index, ArgumentOperator.Equal, value, uint.MaxValue, ArgumentWidth.Bits32);
}
