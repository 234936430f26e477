using Aurae.Api.Cells.V0;

namespace Aurae.Cli.Syntax;

/// <summary>A restart policy as people write it: never, on-failure, always.</summary>
internal static class RestartPolicySyntax
{
    public static IReadOnlyList<string> Names { get; } = ["never", "on-failure", "always"];

    public static RestartPolicy? TryParse(string text) => text switch
    {
        "never" => RestartPolicy.Never,
        "on-failure" => RestartPolicy.OnFailure,
        "always" => RestartPolicy.Always,
        _ => null,
    };
}
