namespace Aurae.Daemon.Executables;

/// <summary>
/// One output channel (stdout or stderr) of an executable: the newest bytes, up to a fixed
/// capacity. The producer never waits for readers: when the buffer is full the oldest bytes
/// are dropped and counted. Readers address bytes by absolute offset (bytes written since the
/// start), so each one can tell exactly how much it missed. Memory grows with the output
/// actually written, up to the capacity, so quiet executables cost little.
/// </summary>
public sealed class OutputBuffer
{
    public const int DefaultCapacity = 1024 * 1024;
    private const int InitialSize = 4096;

    private readonly object _gate = new();
    private readonly int _capacity;
    private byte[] _ring = [];
    private int _head; // index in _ring of the oldest kept byte
    private int _count;
    private long _end; // absolute offset just past the newest byte
    private bool _completed;
    private TaskCompletionSource? _changed; // created only while a reader waits

    public OutputBuffer(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>Bytes dropped because the buffer was full.</summary>
    public long DroppedBytes
    {
        get
        {
            lock (_gate)
                return _end - _count;
        }
    }

    /// <summary>True once the writer side is closed: no more data will come.</summary>
    public bool IsCompleted
    {
        get
        {
            lock (_gate)
                return _completed;
        }
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
            return;
        TaskCompletionSource? changed;
        lock (_gate)
        {
            _end += data.Length;
            if (data.Length >= _capacity)
            {
                // Only the tail of this write survives.
                EnsureSize(_capacity);
                data[^_capacity..].CopyTo(_ring);
                _head = 0;
                _count = _capacity;
            }
            else
            {
                var needed = _count + data.Length;
                if (needed > _ring.Length && _ring.Length < _capacity)
                    EnsureSize(Math.Min(_capacity, Math.Max(needed, Math.Max(InitialSize, _ring.Length * 2))));
                if (needed > _ring.Length)
                {
                    var evicted = needed - _ring.Length;
                    _head = (_head + evicted) % _ring.Length;
                    _count -= evicted;
                }
                var tail = (_head + _count) % _ring.Length;
                var first = Math.Min(data.Length, _ring.Length - tail);
                data[..first].CopyTo(_ring.AsSpan(tail));
                data[first..].CopyTo(_ring);
                _count += data.Length;
            }
            changed = _changed;
            _changed = null;
        }
        changed?.TrySetResult();
    }

    /// <summary>Marks the end of the output (the pipe closed).</summary>
    public void Complete()
    {
        TaskCompletionSource? changed;
        lock (_gate)
        {
            _completed = true;
            changed = _changed;
            _changed = null;
        }
        changed?.TrySetResult();
    }

    /// <summary>
    /// Up to <paramref name="maxBytes"/> bytes from <paramref name="offset"/> on. Bytes already
    /// dropped are skipped and counted in <see cref="OutputSlice.DroppedBefore"/>.
    /// </summary>
    public OutputSlice Read(long offset, int maxBytes)
    {
        lock (_gate)
        {
            var start = _end - _count;
            long dropped = 0;
            if (offset < start)
            {
                dropped = start - offset;
                offset = start;
            }
            var length = (int)Math.Min(maxBytes, Math.Max(0, _end - offset));
            var data = new byte[length];
            if (length > 0)
            {
                var from = (int)((_head + (offset - start)) % _ring.Length);
                var first = Math.Min(length, _ring.Length - from);
                _ring.AsSpan(from, first).CopyTo(data);
                _ring.AsSpan(0, length - first).CopyTo(data.AsSpan(first));
            }
            return new OutputSlice(data, dropped, offset + length);
        }
    }

    /// <summary>Completes when there are bytes past <paramref name="offset"/> or the output has ended.</summary>
    public Task WaitForDataAsync(long offset)
    {
        lock (_gate)
        {
            if (_end > offset || _completed)
                return Task.CompletedTask;
            _changed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _changed.Task;
        }
    }

    private void EnsureSize(int size)
    {
        if (_ring.Length >= size)
            return;
        // Grow into a linear copy: the kept bytes start at 0.
        var grown = new byte[size];
        var first = Math.Min(_count, _ring.Length - _head);
        _ring.AsSpan(_head, first).CopyTo(grown);
        _ring.AsSpan(0, _count - first).CopyTo(grown.AsSpan(first));
        _ring = grown;
        _head = 0;
    }
}

/// <summary>Bytes read from an <see cref="OutputBuffer"/>, how many were lost before them, and where to read next.</summary>
public readonly record struct OutputSlice(byte[] Data, long DroppedBefore, long NextOffset);
