using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Aurae.Serve.Tftp;

/// <summary>
/// A parsed RRQ or WRQ: opcode, filename, mode and RFC 2347 options, each a NUL-terminated string
/// (RFC 1350 section 5, RFC 2347 "Packet Formats").
/// </summary>
internal sealed record TftpRequest(TftpOpcode Opcode, string Name, string Mode, IReadOnlyList<KeyValuePair<string, string>> Options)
{
    /// <summary>RFC 1350 section 5: the mode that sends bytes unchanged.</summary>
    public const string OctetMode = "octet";

    /// <summary>RFC 1350 section 5: the mode that converts line endings (not served).</summary>
    public const string NetasciiMode = "netascii";

    /// <summary>RFC 1350 section 5: the obsolete mode that mails the file to a user (not served).</summary>
    public const string MailMode = "mail";

    /// <summary>Parses a request packet (opcode included), or says what is wrong with it.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, [NotNullWhen(true)] out TftpRequest? request, [NotNullWhen(false)] out string? problem)
    {
        request = null;
        var opcode = TftpPacket.ReadOpcode(packet);
        if (opcode is not (TftpOpcode.ReadRequest or TftpOpcode.WriteRequest))
        {
            problem = "not a read or write request";
            return false;
        }

        var fields = new List<string>();
        var rest = packet[TftpPacket.OpcodeLength..];
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf((byte)0);
            if (end < 0)
            {
                problem = $"field {fields.Count + 1} has no NUL terminator";
                return false;
            }
            fields.Add(Encoding.UTF8.GetString(rest[..end]));
            rest = rest[(end + 1)..];
        }

        if (fields.Count < 2)
        {
            problem = fields.Count == 0 ? "no filename" : "no mode";
            return false;
        }
        if ((fields.Count - 2) % 2 != 0)
        {
            problem = $"option {TftpText.Printable(fields[^1])} has no value";
            return false;
        }

        var options = new List<KeyValuePair<string, string>>();
        for (var i = 2; i < fields.Count; i += 2)
            options.Add(new(fields[i], fields[i + 1]));
        request = new TftpRequest(opcode.Value, fields[0], fields[1], options);
        problem = null;
        return true;
    }

    /// <summary>The name handed to the resolver: as requested, with one leading '/' removed.</summary>
    public string ResolverName => Name.StartsWith('/') ? Name[1..] : Name;

    /// <summary>True for mode "octet" in any letter case (RFC 1350 section 5: modes are case-insensitive).</summary>
    public bool IsOctet => string.Equals(Mode, OctetMode, StringComparison.OrdinalIgnoreCase);
}
