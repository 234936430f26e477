using System.Globalization;
using System.Net.Sockets;

namespace Aurae.Serve.Tftp;

/// <summary>
/// What one transfer runs with after RFC 2347 option negotiation, and the options to acknowledge (OACK).
/// Options the server does not know, or values it cannot use, are left out of the OACK, which RFC 2347 says
/// means "not accepted"; the transfer then uses the RFC 1350 default.
/// </summary>
internal sealed record TftpNegotiation(int BlockSize, TimeSpan RetransmitTimeout, IReadOnlyList<KeyValuePair<string, string>> Acknowledged)
{
    /// <summary>RFC 1350 section 2: data travels in 512-byte blocks unless negotiated otherwise.</summary>
    public const int DefaultBlockSize = 512;

    /// <summary>RFC 2348: the blksize option.</summary>
    private const string BlockSizeOption = "blksize";

    /// <summary>RFC 2348: the smallest valid blksize.</summary>
    private const int MinBlockSize = 8;

    /// <summary>RFC 2348: the largest valid blksize.</summary>
    private const int MaxBlockSize = 65464;

    /// <summary>RFC 2349: the transfer size option.</summary>
    private const string SizeOption = "tsize";

    /// <summary>RFC 2349: the timeout interval option, in seconds.</summary>
    private const string TimeoutOption = "timeout";

    /// <summary>RFC 2349: the valid timeout values, in seconds.</summary>
    private const int MinTimeoutSeconds = 1, MaxTimeoutSeconds = 255;

    /// <summary>
    /// The largest block we send. A DATA packet must fit a 1500-byte Ethernet frame: 1500 - 20 (IPv4 header) -
    /// 8 (UDP header) - 4 (TFTP header) = 1468 (1448 with IPv6's 40-byte header). A larger block is split into IP
    /// fragments; PXE ROMs' minimal UDP stacks often cannot reassemble them, and losing one fragment loses the block.
    /// </summary>
    private static int LargestUnfragmentedBlock(AddressFamily family) =>
        family == AddressFamily.InterNetworkV6 ? 1500 - 40 - 8 - TftpPacket.BlockHeaderLength : 1500 - 20 - 8 - TftpPacket.BlockHeaderLength;

    /// <summary>Negotiates <paramref name="requested"/> for a file of <paramref name="fileLength"/> bytes.</summary>
    public static TftpNegotiation Negotiate(IReadOnlyList<KeyValuePair<string, string>> requested, long fileLength, TimeSpan defaultTimeout, AddressFamily family)
    {
        var blockSize = DefaultBlockSize;
        var timeout = defaultTimeout;
        var acknowledged = new List<KeyValuePair<string, string>>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        foreach (var (name, value) in requested)
        {
            // RFC 2347: option names are case-insensitive; a repeated option is answered once, from its first value.
            if (!seen.Add(name))
                continue;
            if (name.Equals(BlockSizeOption, StringComparison.OrdinalIgnoreCase)
                && TryParseNumber(value, out var size) && size is >= MinBlockSize and <= MaxBlockSize)
            {
                blockSize = (int)Math.Min(size, LargestUnfragmentedBlock(family));
                acknowledged.Add(new(BlockSizeOption, blockSize.ToString(CultureInfo.InvariantCulture)));
            }
            else if (name.Equals(SizeOption, StringComparison.OrdinalIgnoreCase) && TryParseNumber(value, out _)
                // An empty file's size is not acknowledged: curl (7.88) rejects "tsize 0" in an OACK as invalid.
                && fileLength > 0)
            {
                acknowledged.Add(new(SizeOption, fileLength.ToString(CultureInfo.InvariantCulture)));
            }
            else if (name.Equals(TimeoutOption, StringComparison.OrdinalIgnoreCase)
                && TryParseNumber(value, out var seconds) && seconds is >= MinTimeoutSeconds and <= MaxTimeoutSeconds)
            {
                timeout = TimeSpan.FromSeconds(seconds);
                acknowledged.Add(new(TimeoutOption, seconds.ToString(CultureInfo.InvariantCulture)));
            }
        }
        return new TftpNegotiation(blockSize, timeout, acknowledged);
    }

    /// <summary>"blksize 1432, tsize, timeout 3" for the log (tsize's value is the file length, logged anyway).</summary>
    public string Describe() => string.Join(", ", Acknowledged.Select(o => o.Key == SizeOption ? o.Key : $"{o.Key} {o.Value}"));

    private static bool TryParseNumber(string value, out long number) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out number);
}
