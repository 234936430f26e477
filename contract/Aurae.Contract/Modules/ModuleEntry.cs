namespace Aurae.Contract.Modules;

/// <summary>
/// One line of modules.dep: a module file and its dependencies by name, in kmod's order
/// (direct and indirect, the deepest last; load them in reverse).
/// </summary>
public sealed record ModuleEntry(string Name, string Path, IReadOnlyList<string> Dependencies);
