using System.Collections;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Aurae.Node.Tests.Hostile;

/// <summary>One generated request: the method, the bytes sent as its message, and what they are.</summary>
public sealed record HostileRequest(int Index, MethodDescriptor Method, byte[] Body, string Kind);

/// <summary>
/// Generates hostile request messages from a method's descriptor: every field set (recursively)
/// to values chosen to break parsers and path handling, or raw random bytes as the whole message.
/// Request <c>i</c> depends only on the seed and <c>i</c>, so one failing call can be replayed alone.
/// </summary>
public sealed class HostileRequests(int seed)
{
    /// <summary>One request in this many carries a 1 MiB string (the QEMU link is slow under TCG).</summary>
    private const int HugeStringEvery = 100;
    private const int MaxDepth = 4;

    public static readonly string Huge = new('A', 1024 * 1024);

    // Cell and executable names a node might really have: a handful, so that allocation
    // succeeds sometimes (and Start/Stop/Free then meet a real cell) without thousands of cgroups.
    private static readonly string[] KnownNames = ["hostile-0", "hostile-1", "hostile-2", "hostile-0/inner"];

    private static readonly string[] Strings =
    [
        "", " ", "\0", "a\0b", "hostile-0\0", "../../etc/passwd", "/proc/self/mem", "/proc/sysrq-trigger", "/dev/mem",
        "a/b", "a//b", "/", "//", ".", "..", "../..", "-", "-rf", "a/../../b", "./x", "hostile-0/../..",
        "ünïcødé-名前-🙂", "\u202Eevil", "Ａ", "\n", "\r\n", "%s%s%n", "${HOME}", "'; DROP TABLE cells;--",
        "CON", new string('a', 65), new string('a', 64), new string('/', 300), "unknown-id-4242", "1", "-1", "0x7fffffff",
    ];

    private static readonly long[] Longs = [0, 1, -1, int.MinValue, int.MaxValue, long.MinValue, long.MaxValue, 4096, -4096];
    private static readonly ulong[] ULongs = [0, 1, uint.MaxValue, ulong.MaxValue, long.MaxValue, (ulong)long.MaxValue + 1];
    private static readonly double[] Doubles = [0, -1, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.MaxValue, double.Epsilon];

    public int Seed => seed;

    public HostileRequest Generate(int index, MethodDescriptor method)
    {
        var random = new Random(unchecked(seed * 1_000_003 + index));
        // Reboot and Poweroff take an empty message, so any parsable bytes are a valid request
        // that would end the test: they only ever get bytes starting with tag 0, never parsable.
        if (IsPower(method))
            return new HostileRequest(index, method, InvalidTagBytes(random), "raw-invalid");
        if (random.Next(4) == 0)
            return new HostileRequest(index, method, WithoutFollow(method, RandomBytes(random)), "raw");
        var message = method.InputType.Parser.ParseFrom(ByteString.Empty);
        var huge = random.Next(HugeStringEvery) == 0;
        Fill(message, random, 0, ref huge);
        return new HostileRequest(index, method, message.ToByteArray(), "fields");
    }

    public static bool IsPower(MethodDescriptor method) =>
        method.Service.FullName == "aurae.node.v0.NodeService" && method.Name is "Reboot" or "Poweroff";

    /// <summary>
    /// A followed stream ends only at its deadline, and an unset follow means follow on the daemon
    /// log stream (Aurae's behaviour): every call here must end by itself, so follow is always false.
    /// </summary>
    public static bool IsFollow(FieldDescriptor field) => field.Name == "follow" && field.FieldType == FieldType.Bool;

    /// <summary>Whether a stream request, as the daemon will parse it, asks to follow (and so ends only at its deadline).</summary>
    public static bool AsksToFollow(MethodDescriptor method, byte[] body)
    {
        if (method.InputType.Fields.InDeclarationOrder().FirstOrDefault(IsFollow) is not { } follow)
            return false;
        try
        {
            var message = method.InputType.Parser.ParseFrom(body);
            return follow.HasPresence ? !follow.Accessor.HasValue(message) || (bool)follow.Accessor.GetValue(message)! : (bool)follow.Accessor.GetValue(message)!;
        }
        catch (InvalidProtocolBufferException)
        {
            return false;
        }
    }

    // Appends follow=false: of repeated occurrences of a scalar field the last wins.
    private static byte[] WithoutFollow(MethodDescriptor method, byte[] bytes)
    {
        if (method.InputType.Fields.InDeclarationOrder().FirstOrDefault(IsFollow) is not { } follow)
            return bytes;
        var suffix = new MemoryStream();
        var output = new CodedOutputStream(suffix);
        output.WriteTag(follow.FieldNumber, WireFormat.WireType.Varint);
        output.WriteBool(false);
        output.Flush();
        return [.. bytes, .. suffix.ToArray()];
    }

    /// <summary>Tag 0 is invalid in every protobuf message: a parser must refuse these bytes.</summary>
    public static byte[] InvalidTagBytes(Random random)
    {
        var bytes = new byte[1 + random.Next(64)];
        random.NextBytes(bytes);
        bytes[0] = 0;
        return bytes;
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(3) switch { 0 => random.Next(8), 1 => random.Next(256), _ => random.Next(8192) }];
        random.NextBytes(bytes);
        return bytes;
    }

    private static void Fill(IMessage message, Random random, int depth, ref bool huge)
    {
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            if (random.Next(5) == 0 && !IsFollow(field))
                continue; // leave some fields unset: a missing value is hostile too
            if (field.IsMap)
            {
                var map = (IDictionary)field.Accessor.GetValue(message);
                var entry = field.MessageType;
                for (var i = random.Next(4); i > 0; i--)
                    map[Value(entry.FindFieldByNumber(1), random, depth, ref huge)] = Value(entry.FindFieldByNumber(2), random, depth, ref huge);
            }
            else if (field.IsRepeated)
            {
                var list = (IList)field.Accessor.GetValue(message);
                for (var i = random.Next(3) == 0 ? 0 : random.Next(1, 6); i > 0; i--)
                    list.Add(Value(field, random, depth, ref huge));
            }
            else if (field.FieldType != FieldType.Message || depth < MaxDepth)
            {
                field.Accessor.SetValue(message, Value(field, random, depth, ref huge));
            }
        }
    }

    private static object Value(FieldDescriptor field, Random random, int depth, ref bool huge)
    {
        switch (field.FieldType)
        {
            case FieldType.String:
                if (huge)
                {
                    huge = false;
                    return Huge;
                }
                return HostileString(random);
            case FieldType.Bytes:
                var bytes = new byte[random.Next(64)];
                random.NextBytes(bytes);
                return ByteString.CopyFrom(bytes);
            case FieldType.Bool:
                // A followed stream ends only when its deadline does; every call here must end by itself.
                return !IsFollow(field) && random.Next(2) == 0;
            case FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32:
                return unchecked((int)Pick(random, Longs));
            case FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64:
                return random.Next(4) == 0 ? random.NextInt64(long.MinValue, long.MaxValue) : Pick(random, Longs);
            case FieldType.UInt32 or FieldType.Fixed32:
                return unchecked((uint)Pick(random, ULongs));
            case FieldType.UInt64 or FieldType.Fixed64:
                return Pick(random, ULongs);
            case FieldType.Double:
                return Pick(random, Doubles);
            case FieldType.Float:
                return (float)Pick(random, Doubles);
            case FieldType.Enum:
                // Numbers no enum value has, as well as real ones.
                return Enum.ToObject(field.EnumType.ClrType, (int)Pick(random, Longs.Append(2).Append(1).Append(99).ToArray()));
            case FieldType.Message:
                var child = field.MessageType.Parser.ParseFrom(ByteString.Empty);
                Fill(child, random, depth + 1, ref huge);
                return child;
            default:
                throw new NotSupportedException($"no hostile values for field type {field.FieldType} ({field.FullName})");
        }
    }

    private static string HostileString(Random random) => random.Next(10) switch
    {
        < 5 => Pick(random, Strings),
        < 7 => Pick(random, KnownNames),
        < 8 => $"unknown-{random.Next(1_000_000)}",
        _ => RandomText(random),
    };

    private static string RandomText(Random random)
    {
        var text = new StringBuilder();
        for (var i = random.Next(1, 200); i > 0; i--)
        {
            // Any scalar value outside the surrogates: control characters, NUL, CJK, emoji.
            var code = random.Next(3) == 0 ? random.Next(0, 0x80) : random.Next(0, 0x10FFFF);
            if (code is >= 0xD800 and <= 0xDFFF)
                code = '?';
            text.Append(char.ConvertFromUtf32(code));
        }
        return text.ToString();
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> values) => values[random.Next(values.Count)];
}
