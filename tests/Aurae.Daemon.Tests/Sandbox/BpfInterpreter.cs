using System.Buffers.Binary;

namespace Aurae.Daemon.Tests.Sandbox;

/// <summary>
/// Runs a seccomp program (struct sock_filter[]) over one seccomp_data, as the kernel would, knowing
/// only the opcodes the compiler is meant to emit: any other fails the test. Its opcode and verdict
/// values are written out here from the kernel headers rather than taken from the compiler, so a wrong
/// constant there is not mirrored here.
/// </summary>
internal static class BpfInterpreter
{
    private const ushort LdWAbs = 0x20; // BPF_LD|BPF_W|BPF_ABS
    private const ushort AndK = 0x54; // BPF_ALU|BPF_AND|BPF_K
    private const ushort JeqK = 0x15; // BPF_JMP|BPF_JEQ|BPF_K
    private const ushort JgtK = 0x25; // BPF_JMP|BPF_JGT|BPF_K
    private const ushort JgeK = 0x35; // BPF_JMP|BPF_JGE|BPF_K
    private const ushort RetK = 0x06; // BPF_RET|BPF_K
    private const ushort Ja = 0x05; // BPF_JMP|BPF_JA

    public const int SeccompDataSize = 64; // sizeof(struct seccomp_data)
    public const uint AuditArchX86_64 = 0xC000003E;
    public const uint AuditArchI386 = 0x40000003;

    /// <summary>The verdict (SECCOMP_RET_*) <paramref name="program"/> returns for a call.</summary>
    public static uint Run(ReadOnlySpan<byte> program, int nr, uint arch = AuditArchX86_64, params ulong[] args) =>
        Run(program, SeccompData(nr, arch, args));

    public static uint Run(ReadOnlySpan<byte> program, ReadOnlySpan<byte> data)
    {
        if (program.Length == 0 || program.Length % 8 != 0 || program.Length / 8 > 4096)
            throw new InvalidOperationException($"a program of {program.Length} bytes is no sock_filter array the kernel takes");
        var count = program.Length / 8;
        uint a = 0;
        // Every jump goes forward, so the program ends within count steps or runs off its end.
        for (var pc = 0; pc < count;)
        {
            var instruction = program.Slice(pc * 8, 8);
            var code = BinaryPrimitives.ReadUInt16LittleEndian(instruction);
            var jt = instruction[2];
            var jf = instruction[3];
            var k = BinaryPrimitives.ReadUInt32LittleEndian(instruction[4..]);
            pc++;
            switch (code)
            {
                case LdWAbs:
                    // The kernel's seccomp_check_filter takes only aligned words inside seccomp_data.
                    if (k % 4 != 0 || k > SeccompDataSize - 4)
                        throw new InvalidOperationException($"load at offset {k} is outside seccomp_data or unaligned");
                    a = BinaryPrimitives.ReadUInt32LittleEndian(data[(int)k..]);
                    break;
                case AndK:
                    a &= k;
                    break;
                case JeqK:
                    pc += a == k ? jt : jf;
                    break;
                case JgtK:
                    pc += a > k ? jt : jf;
                    break;
                case JgeK:
                    pc += a >= k ? jt : jf;
                    break;
                case Ja:
                    pc += (int)k;
                    break;
                case RetK:
                    return k;
                default:
                    throw new InvalidOperationException($"opcode 0x{code:x2} at {pc - 1} is not one the seccomp compiler emits");
            }
        }
        throw new InvalidOperationException("the program ran off its end without a verdict");
    }

    /// <summary>struct seccomp_data: int nr; u32 arch; u64 instruction_pointer; u64 args[6]; little-endian.</summary>
    public static byte[] SeccompData(int nr, uint arch, params ulong[] args)
    {
        if (args.Length > 6)
            throw new ArgumentException("a system call has at most 6 arguments", nameof(args));
        var data = new byte[SeccompDataSize];
        BinaryPrimitives.WriteInt32LittleEndian(data, nr);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(4), arch);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(8), 0x7f00_dead_beef); // instruction_pointer: never read
        for (var i = 0; i < args.Length; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(16 + 8 * i), args[i]);
        return data;
    }

    /// <summary>A verdict as the kernel headers name it, for readable assertions.</summary>
    public static string Describe(uint verdict) => verdict switch
    {
        0x7FFF0000 => "ALLOW",
        0x80000000 => "KILL_PROCESS",
        _ when (verdict & 0xFFFF0000) == 0x00050000 => $"ERRNO({verdict & 0xFFFF})",
        _ => $"0x{verdict:x8}",
    };
}
