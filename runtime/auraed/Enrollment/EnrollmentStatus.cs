using Aurae.Daemon.Logging;

namespace Aurae.Daemon.Enrollment;

/// <summary>
/// Whether the node is enrolled and, until it is, why not: the state the API gate reports
/// (<c>node not enrolled: STATE</c>). Each change of state is logged once.
/// </summary>
public sealed class EnrollmentStatus
{
    public const string LogSource = "enrollment";

    private readonly Lock _gate = new();
    private readonly List<Action> _onEnrolled = [];
    private string _state;
    private volatile bool _enrolled;

    public EnrollmentStatus(string initialState)
    {
        _state = initialState;
    }

    /// <summary>A node whose certificate came with its image: enrolled from the start.</summary>
    public static EnrollmentStatus FromImage()
    {
        var status = new EnrollmentStatus("enrolled");
        status._enrolled = true;
        return status;
    }

    public bool IsEnrolled => _enrolled;

    public string State
    {
        get
        {
            lock (_gate)
                return _state;
        }
    }

    /// <summary>
    /// Moves to <paramref name="state"/> and logs <paramref name="logLine"/> (default: the state),
    /// only when the state changes (false when it did not).
    /// </summary>
    public bool Set(string state, string? logLine = null, bool warn = false)
    {
        lock (_gate)
        {
            if (_enrolled || _state == state)
                return false;
            _state = state;
        }
        if (warn)
            ConsoleLog.Warn(LogSource, logLine ?? state);
        else
            ConsoleLog.Info(LogSource, logLine ?? state);
        return true;
    }

    /// <summary>Opens the node: runs every <see cref="OnEnrolled"/> action, once.</summary>
    public void MarkEnrolled(string name)
    {
        Action[] actions;
        lock (_gate)
        {
            if (_enrolled)
                return;
            _state = $"enrolled as {name}";
            _enrolled = true;
            actions = [.. _onEnrolled];
            _onEnrolled.Clear();
        }
        foreach (var action in actions)
            action();
    }

    /// <summary>Runs <paramref name="action"/> when the node is enrolled (at once if it already is).</summary>
    public void OnEnrolled(Action action)
    {
        lock (_gate)
        {
            if (!_enrolled)
            {
                _onEnrolled.Add(action);
                return;
            }
        }
        action();
    }
}
