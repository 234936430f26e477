namespace Aurae.Composer.Kernel;

/// <summary>
/// A set of requested kernel modules cannot be resolved to a load order: a module is unknown, a
/// hard dependency is missing from the kernel, or dependencies form a cycle.
/// </summary>
public sealed class ModuleClosureException(string message) : Exception(message);
