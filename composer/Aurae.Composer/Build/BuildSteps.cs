using System.Diagnostics;

namespace Aurae.Composer.Build;

/// <summary>
/// The slow steps of a build under way (reading the kernel package, compressing a segment the cache
/// did not have, writing an output), for a progress display to say what the build is doing. Steps
/// run at once on several threads.
/// </summary>
public sealed class BuildSteps
{
    private readonly Lock gate = new();
    private readonly List<Step> running = [];

    /// <summary>Marks <paramref name="name"/> as running until the result is disposed.</summary>
    public IDisposable Begin(string name)
    {
        var step = new Step(this, name, Stopwatch.GetTimestamp());
        lock (gate)
            running.Add(step);
        return step;
    }

    /// <summary>The steps running now, oldest first, each with how long it has run.</summary>
    public IReadOnlyList<(string Name, TimeSpan Elapsed)> Running()
    {
        lock (gate)
            return [.. running.Select(step => (step.Name, Stopwatch.GetElapsedTime(step.Started)))];
    }

    private void End(Step step)
    {
        lock (gate)
            running.Remove(step);
    }

    private sealed record Step(BuildSteps Steps, string Name, long Started) : IDisposable
    {
        public void Dispose() => Steps.End(this);
    }
}
