namespace Aurae.CommandLine.Progress;

/// <summary>
/// One line of progress on a terminal, redrawn in place (carriage return, the text, erase to the end
/// of the line) every 200 ms until finished, then erased, leaving at most a summary. Off unless the
/// writer is a terminal, so logs, pipes and scripts get the results alone, byte for byte.
/// The redraws run on a thread of their own: a build keeps the thread pool busy compressing, and a
/// pool timer's callback then waited seconds for a thread (CI saw a 4 s build draw nothing).
/// </summary>
public sealed class StatusLine : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    /// <summary>Carriage return, then ECMA-48 EL (erase in line, to its end).</summary>
    private const string EraseLine = "\r\u001b[K";

    private readonly TextWriter? terminal;
    private readonly Func<string> text;
    private readonly int width;
    private readonly Lock gate = new();
    private readonly ManualResetEventSlim stop = new();
    private readonly Thread? redraw;
    private bool drawn;
    private bool finished;

    /// <param name="width">The terminal's columns: a longer status would wrap, and erasing then clears only its last row.</param>
    public StatusLine(TextWriter writer, bool isTerminal, Func<string> text, int width = 0)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(text);
        this.text = text;
        if (!isTerminal)
            return;
        terminal = writer;
        this.width = width > 0 ? width : TerminalWidth();
        redraw = new Thread(Redraw) { IsBackground = true, Name = "status line" };
        redraw.Start();
    }

    /// <summary>Stops redrawing and erases the line; <paramref name="summary"/>, when given, stays as a line of its own.</summary>
    public void Finish(string? summary = null)
    {
        lock (gate)
        {
            if (finished)
                return;
            finished = true;
            stop.Set();
            if (terminal is null)
                return;
            if (drawn)
                terminal.Write(EraseLine);
            drawn = false;
            if (summary is not null)
                terminal.WriteLine(summary);
            terminal.Flush();
        }
    }

    /// <summary>
    /// Runs <paramref name="write"/> (a line for the same terminal, on any stream) with the status
    /// erased first, so the line does not land after the status text; the next redraw puts it back below.
    /// </summary>
    public void Above(Action write)
    {
        lock (gate)
        {
            if (drawn && !finished && terminal is not null)
            {
                terminal.Write(EraseLine);
                terminal.Flush();
                drawn = false;
            }
            write();
        }
    }

    public void Dispose() => Finish();

    private void Redraw()
    {
        do
            Draw();
        while (!stop.Wait(Interval));
    }

    private void Draw()
    {
        lock (gate)
        {
            if (finished || terminal is null)
                return;
            var line = text();
            terminal.Write(EraseLine + (line.Length < width ? line : line[..(width - 2)] + "…"));
            terminal.Flush();
            drawn = true;
        }
    }

    private static int TerminalWidth()
    {
        try
        {
            return Console.WindowWidth > 1 ? Console.WindowWidth : 80;
        }
        catch (IOException)
        {
            return 80;
        }
    }
}
