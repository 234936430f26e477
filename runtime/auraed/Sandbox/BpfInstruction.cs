using System.Buffers.Binary;

namespace Aurae.Daemon.Sandbox;

/// <summary>
/// One classic BPF instruction, <c>struct sock_filter</c> of include/uapi/linux/filter.h: the opcode,
/// how far to jump forward when a conditional jump's test is true (<see cref="Jt"/>) or false
/// (<see cref="Jf"/>), and the constant operand.
/// </summary>
internal readonly record struct BpfInstruction(ushort Code, byte Jt, byte Jf, uint K)
{
    /// <summary>sizeof(struct sock_filter).</summary>
    public const int Size = 8;

    // The opcodes this daemon emits, composed from include/uapi/linux/bpf_common.h:
    // class BPF_LD 0x00, BPF_ALU 0x04, BPF_JMP 0x05, BPF_RET 0x06; size BPF_W 0x00; mode BPF_ABS 0x20;
    // ALU op BPF_AND 0x50; jump ops BPF_JA 0x00, BPF_JEQ 0x10, BPF_JGT 0x20, BPF_JGE 0x30; source BPF_K 0x00.

    /// <summary>BPF_LD|BPF_W|BPF_ABS: A = the 32-bit word at offset K of the input (seccomp_data).</summary>
    public const ushort LoadWord = 0x20;

    /// <summary>BPF_ALU|BPF_AND|BPF_K: A &amp;= K.</summary>
    public const ushort AndConstant = 0x54;

    /// <summary>BPF_JMP|BPF_JA: jump K instructions forward, always (K is 32 bits, where Jt and Jf are 8).</summary>
    public const ushort JumpAlwaysCode = 0x05;

    /// <summary>BPF_JMP|BPF_JEQ|BPF_K: jump Jt if A == K, else Jf.</summary>
    public const ushort JumpIfEqual = 0x15;

    /// <summary>BPF_JMP|BPF_JGT|BPF_K: jump Jt if A &gt; K (unsigned), else Jf.</summary>
    public const ushort JumpIfGreater = 0x25;

    /// <summary>BPF_JMP|BPF_JGE|BPF_K: jump Jt if A &gt;= K (unsigned), else Jf.</summary>
    public const ushort JumpIfGreaterOrEqual = 0x35;

    /// <summary>BPF_RET|BPF_K: end the program with verdict K.</summary>
    public const ushort ReturnConstant = 0x06;

    public static BpfInstruction Load(uint offset) => new(LoadWord, 0, 0, offset);

    public static BpfInstruction And(uint mask) => new(AndConstant, 0, 0, mask);

    public static BpfInstruction Return(uint verdict) => new(ReturnConstant, 0, 0, verdict);

    public static BpfInstruction Jump(ushort code, uint k, byte jt, byte jf) => new(code, jt, jf, k);

    public static BpfInstruction JumpAlways(uint distance) => new(JumpAlwaysCode, 0, 0, distance);

    /// <summary>Writes the instruction in the kernel's layout: u16 code, u8 jt, u8 jf, u32 k, little-endian (x86_64).</summary>
    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(destination, Code);
        destination[2] = Jt;
        destination[3] = Jf;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], K);
    }

    public override string ToString() => $"{{ 0x{Code:x2}, {Jt}, {Jf}, 0x{K:x8} }}";
}
