using System.Buffers.Binary;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using Aurae.Daemon.Native;

namespace Aurae.Daemon.Network;

/// <summary>
/// Interface and route settings through the classic socket ioctls (netdevice(7), route(7)):
/// enough for one IPv4 address and a default route, with no netlink code to carry.
/// </summary>
internal static unsafe class InterfaceControl
{
    // linux/sockios.h
    private const ulong SIOCADDRT = 0x890B;
    private const ulong SIOCGIFFLAGS = 0x8913;
    private const ulong SIOCSIFFLAGS = 0x8914;
    private const ulong SIOCSIFADDR = 0x8916;
    private const ulong SIOCSIFNETMASK = 0x891C;

    // linux/if.h, linux/route.h, sys/socket.h
    private const short IFF_UP = 0x1;
    private const ushort RTF_UP = 0x1;
    private const ushort RTF_GATEWAY = 0x2;
    private const int AF_INET = 2;
    private const int SOCK_DGRAM = 2;

    // struct ifreq: char ifr_name[IFNAMSIZ=16] then a 24-byte union (sockaddr / short flags).
    private const int IfReqSize = 40;
    private const int IfNameSize = 16;
    private const int IfReqUnionOffset = 16;

    // struct rtentry on LP64 (linux/route.h): offsets of the fields we set.
    private const int RtEntrySize = 120;
    private const int RtDstOffset = 8;
    private const int RtGatewayOffset = 24;
    private const int RtGenmaskOffset = 40;
    private const int RtFlagsOffset = 56;
    private const int RtDevOffset = 88;

    public static void SetUp(string name)
    {
        Span<byte> request = stackalloc byte[IfReqSize];
        WriteName(request, name);
        Ioctl(SIOCGIFFLAGS, request, $"get flags of {name}");
        var flags = BinaryPrimitives.ReadInt16LittleEndian(request[IfReqUnionOffset..]);
        BinaryPrimitives.WriteInt16LittleEndian(request[IfReqUnionOffset..], (short)(flags | IFF_UP));
        Ioctl(SIOCSIFFLAGS, request, $"bring up {name}");
    }

    public static void SetAddress(string name, IPAddress address, IPAddress netmask)
    {
        Span<byte> request = stackalloc byte[IfReqSize];
        WriteName(request, name);
        WriteSockaddrIn(request[IfReqUnionOffset..], address);
        Ioctl(SIOCSIFADDR, request, $"set address {address} on {name}");
        request.Clear();
        WriteName(request, name);
        WriteSockaddrIn(request[IfReqUnionOffset..], netmask);
        Ioctl(SIOCSIFNETMASK, request, $"set netmask {netmask} on {name}");
    }

    /// <summary>Adds 0.0.0.0/0 via the gateway on the interface; an existing identical route is fine.</summary>
    public static void AddDefaultRoute(string name, IPAddress gateway)
    {
        Span<byte> entry = stackalloc byte[RtEntrySize];
        entry.Clear();
        WriteSockaddrIn(entry[RtDstOffset..], IPAddress.Any);
        WriteSockaddrIn(entry[RtGatewayOffset..], gateway);
        WriteSockaddrIn(entry[RtGenmaskOffset..], IPAddress.Any);
        BinaryPrimitives.WriteUInt16LittleEndian(entry[RtFlagsOffset..], RTF_UP | RTF_GATEWAY);
        var device = Encoding.ASCII.GetBytes(name + "\0");
        fixed (byte* devicePointer = device)
        {
            BinaryPrimitives.WriteInt64LittleEndian(entry[RtDevOffset..], (long)devicePointer);
            try
            {
                Ioctl(SIOCADDRT, entry, $"add default route via {gateway} on {name}");
            }
            catch (IOException) when (LibC.LastError == Errno.EEXIST)
            {
            }
        }
    }

    private static void Ioctl(ulong request, Span<byte> argument, string what)
    {
        var fd = LibC.socket(AF_INET, SOCK_DGRAM, 0);
        if (fd < 0)
            throw new IOException($"{what}: socket: {LibC.Describe(LibC.LastError)}");
        try
        {
            fixed (byte* p = argument)
            {
                if (LibC.ioctl(fd, request, p) != 0)
                {
                    var errno = LibC.LastError;
                    Marshal.SetLastPInvokeError(errno);
                    throw new IOException($"{what}: {LibC.Describe(errno)}");
                }
            }
        }
        finally
        {
            LibC.close(fd);
        }
    }

    private static void WriteName(Span<byte> request, string name)
    {
        if (name.Length >= IfNameSize)
            throw new ArgumentException($"interface name '{name}' is longer than {IfNameSize - 1} characters");
        request.Clear();
        Encoding.ASCII.GetBytes(name, request);
    }

    /// <summary>struct sockaddr_in: family (host order), port (network order), address, 8 bytes zero.</summary>
    private static void WriteSockaddrIn(Span<byte> destination, IPAddress address)
    {
        destination[..16].Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(destination, AF_INET);
        address.TryWriteBytes(destination[4..8], out _);
    }
}
