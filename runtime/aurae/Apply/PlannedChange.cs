namespace Aurae.Cli.Apply;

/// <summary>
/// One difference between workloads.yaml and a node, and what apply does about it. Shown as a
/// line: "+ cell web", "~ container web/httpd (args, env)", "- image old".
/// </summary>
internal abstract class PlannedChange(ChangeKind kind, string detail)
{
    public ChangeKind Kind { get; } = kind;

    /// <summary>Why, when it is not plain: the fields that differ, what a removal takes with it.</summary>
    public string Detail { get; } = detail;

    /// <summary>"artifact", "image", "cell", "container" or "executable".</summary>
    public abstract string Subject { get; }

    public abstract string Name { get; }

    public override string ToString() =>
        $"{Kind switch { ChangeKind.Add => '+', ChangeKind.Replace => '~', _ => '-' }} {Subject} {Name}{(Detail.Length > 0 ? $" ({Detail})" : "")}";
}
