namespace Aurae.Contract.Modules;

/// <summary>A modules.softdep line: names (or aliases) to load before and after a module.</summary>
public sealed record ModuleSoftdep(IReadOnlyList<string> Pre, IReadOnlyList<string> Post);
