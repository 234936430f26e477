namespace Aurae.Cli.Apply;

/// <summary>An image to push and import (added or with another config digest) or to remove.</summary>
internal sealed class ImageChange : PlannedChange
{
    private ImageChange(ChangeKind kind, string name, ImageContent? desired, string detail) : base(kind, detail) =>
        (Name, Desired) = (name, desired);

    public override string Subject => "image";

    public override string Name { get; }

    /// <summary>What to push; null for a removal.</summary>
    public ImageContent? Desired { get; }

    public static ImageChange Push(ImageContent desired, ChangeKind kind, string detail = "") =>
        kind == ChangeKind.Remove ? throw new ArgumentOutOfRangeException(nameof(kind)) : new(kind, desired.Declared.Name, desired, detail);

    public static ImageChange Delete(string name) => new(ChangeKind.Remove, name, null, "");
}
