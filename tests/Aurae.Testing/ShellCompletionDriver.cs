namespace Aurae.Testing;

/// <summary>
/// Completes a command line the way bash, zsh and fish would with a program's `completion SHELL`
/// script loaded: the program (a .NET assembly from the test's output, run by a wrapper of its
/// name on PATH) answers through its own script, in the real shell.
/// </summary>
public sealed class ShellCompletionDriver : IDisposable
{
    private readonly TemporaryDirectory directory = new("aurae-completion-");
    private readonly string program;

    public ShellCompletionDriver(string program, string assemblyPath)
    {
        this.program = program;
        var wrapper = directory.Write(program, $"#!/bin/sh\nexec dotnet '{assemblyPath}' \"$@\"\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>The candidates the shell offers for <paramref name="line"/>, the cursor at its end.</summary>
    public string[] Complete(string shell, string line)
    {
        var function = Aurae.CommandLine.Completion.ShellCompletion.FunctionName(program);
        var (tool, script) = shell switch
        {
            // What bash sets before calling a -F function: the line, the cursor, the words and which is current.
            "bash" => ("bash", $$"""
                source <({{program}} completion bash) || exit 90
                complete -p {{program}} | grep -q -- '-F {{function}}' || exit 91
                COMP_LINE="$LINE"; COMP_POINT=${#LINE}
                read -ra COMP_WORDS <<< "$LINE"; [[ "$LINE" == *" " ]] && COMP_WORDS+=("")
                COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
                {{function}} && printf '%s\n' "${COMPREPLY[@]}"
                """),
            // What zsh's bashcompinit sets (its _bash_complete) from $words and $CURRENT.
            "zsh" => ("zsh", $$"""
                source <({{program}} completion zsh) || exit 90
                (( ${+functions[{{function}}]} )) && [[ ${_comps[{{program}}]} == _bash_complete* ]] || exit 91
                words=( ${(z)LINE} ); [[ "$LINE" == *" " ]] && words+=("")
                CURRENT=${#words}
                COMP_LINE="$words"; COMP_POINT=${#LINE}; COMP_CWORD=$(( CURRENT - 1 )); COMP_WORDS=( $words )
                # bashcompinit's compgen ignores the word; compadd then keeps the candidates it starts.
                {{function}} && print -l -- ${(M)COMPREPLY:#${words[CURRENT]}*}
                """),
            "fish" => ("fish", $$"""
                {{program}} completion fish | source; or exit 90
                complete -C"$LINE"
                """),
            _ => throw new ArgumentOutOfRangeException(nameof(shell), shell, "bash, zsh or fish"),
        };
        var environment = new Dictionary<string, string>
        {
            ["LINE"] = line,
            ["PATH"] = $"{directory.Path}:{Environment.GetEnvironmentVariable("PATH")}",
            // zsh's compinit checks the directories it loads from and writes a dump to $HOME: keep both here.
            ["HOME"] = directory.Path,
            ["ZDOTDIR"] = directory.Path,
            ["XDG_CONFIG_HOME"] = directory.Path,
            ["XDG_DATA_HOME"] = directory.Path,
        };
        var (exit, output, error) = Tool.Run(tool, ["-c", script], environment: environment);
        Assert(exit == 0, $"{tool} completing '{line}' exited with {exit}: {output}{error}");
        // fish prints "candidate<TAB>description".
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(candidate => candidate.Split('\t')[0]).Order(StringComparer.Ordinal)];
    }

    public void Dispose() => directory.Dispose();

    private static void Assert(bool condition, string message)
    {
        if (!condition)
            throw new InvalidOperationException(message);
    }
}
