using System.Runtime.InteropServices;
using Aurae.Daemon.Logging;
using Aurae.Daemon.Native;

namespace Aurae.Daemon.Executables;

/// <summary>
/// Moves bytes from executables' stdout/stderr pipes into their <see cref="OutputBuffer"/>s.
/// One dedicated thread waits on all pipes with epoll: .NET reads anonymous pipes by blocking a
/// thread-pool thread per read, which would pin a thread per running executable. The thread
/// owns the registered fds and closes each one at end of file, so no fd is reused under it.
/// </summary>
internal sealed unsafe class OutputPump : IDisposable
{
    private const int EPOLL_CTL_ADD = 1;
    private const int EPOLL_CTL_DEL = 2;
    private const uint EPOLLIN = 0x1;
    private const int O_NONBLOCK = 0x800;
    private const int O_CLOEXEC = 0x80000;
    private const int F_GETFL = 3;
    private const int F_SETFL = 4;
    private const int EAGAIN = 11;
    private const int ReadSize = 64 * 1024;
    private const int MaxEvents = 64;
    private const ulong WakeToken = 0;

    private readonly object _gate = new();
    private readonly Dictionary<ulong, (int Fd, OutputBuffer Sink)> _pipes = [];
    private readonly int _epoll;
    private readonly int _wake;
    private readonly Thread _thread;
    private ulong _nextToken = WakeToken + 1;
    private volatile bool _stopping;

    public OutputPump()
    {
        _epoll = LibC.epoll_create1(O_CLOEXEC);
        if (_epoll < 0)
            throw new IOException($"epoll_create1: {LibC.Describe(LibC.LastError)}");
        _wake = LibC.eventfd(0, O_CLOEXEC | O_NONBLOCK);
        if (_wake < 0)
            throw new IOException($"eventfd: {LibC.Describe(LibC.LastError)}");
        Watch(_wake, WakeToken);
        _thread = new Thread(Run, maxStackSize: 256 * 1024) { IsBackground = true, Name = "executable-output" };
        _thread.Start();
    }

    /// <summary>Takes ownership of <paramref name="fd"/> (a pipe's read end) and feeds <paramref name="sink"/> until EOF.</summary>
    public void Add(int fd, OutputBuffer sink)
    {
        // Non-blocking on our end only: the flag belongs to the open file description, and the
        // executable's write end is a separate one.
        var flags = LibC.fcntl(fd, F_GETFL, 0);
        if (flags < 0 || LibC.fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
        {
            var error = LibC.LastError;
            LibC.close(fd);
            sink.Complete();
            throw new IOException($"fcntl O_NONBLOCK on an output pipe: {LibC.Describe(error)}");
        }
        ulong token;
        lock (_gate)
        {
            token = _nextToken++;
            _pipes[token] = (fd, sink);
        }
        Watch(fd, token);
    }

    private void Watch(int fd, ulong token)
    {
        var interest = new EpollEvent { Events = EPOLLIN, Data = token };
        if (LibC.epoll_ctl(_epoll, EPOLL_CTL_ADD, fd, &interest) < 0)
            throw new IOException($"epoll_ctl add: {LibC.Describe(LibC.LastError)}");
    }

    private void Run()
    {
        var events = stackalloc EpollEvent[MaxEvents];
        var buffer = (byte*)NativeMemory.Alloc(ReadSize);
        try
        {
            while (!_stopping)
            {
                var ready = LibC.epoll_wait(_epoll, events, MaxEvents, -1);
                if (ready < 0)
                {
                    if (LibC.LastError == Errno.EINTR)
                        continue;
                    ConsoleLog.Error("executables", $"epoll_wait: {LibC.Describe(LibC.LastError)}; output capture stopped");
                    return;
                }
                for (var i = 0; i < ready; i++)
                    if (events[i].Data != WakeToken)
                        Drain(events[i].Data, buffer);
            }
        }
        finally
        {
            NativeMemory.Free(buffer);
            CloseAll();
        }
    }

    // One read per readiness event: level-triggered epoll reports the pipe again if more is
    // waiting, and a single busy executable cannot starve the others.
    private void Drain(ulong token, byte* buffer)
    {
        (int Fd, OutputBuffer Sink) pipe;
        lock (_gate)
        {
            if (!_pipes.TryGetValue(token, out pipe))
                return;
        }
        var read = LibC.read(pipe.Fd, buffer, ReadSize);
        if (read > 0)
        {
            pipe.Sink.Append(new ReadOnlySpan<byte>(buffer, (int)read));
            return;
        }
        if (read < 0 && LibC.LastError is EAGAIN or Errno.EINTR)
            return;
        // End of file (every writer closed) or a read error: this output is over.
        lock (_gate)
            _pipes.Remove(token);
        LibC.epoll_ctl(_epoll, EPOLL_CTL_DEL, pipe.Fd, null);
        LibC.close(pipe.Fd);
        pipe.Sink.Complete();
    }

    private void CloseAll()
    {
        lock (_gate)
        {
            foreach (var (fd, sink) in _pipes.Values)
            {
                LibC.close(fd);
                sink.Complete();
            }
            _pipes.Clear();
        }
    }

    public void Dispose()
    {
        if (_stopping)
            return;
        _stopping = true;
        ulong one = 1;
        LibC.write(_wake, &one, sizeof(ulong));
        if (_thread.Join(TimeSpan.FromSeconds(2)))
        {
            LibC.close(_wake);
            LibC.close(_epoll);
        }
    }
}
