using System.CommandLine;

namespace Aurae.CommandLine.Completion;

/// <summary>
/// `PROGRAM completion bash|zsh|fish`: a script for the shell that asks the program itself what
/// may come next, through System.CommandLine's suggest directive (`PROGRAM "[suggest:POSITION]"
/// "LINE"`, one candidate per line), as dotnet-suggest's shims do but without a second tool. The
/// candidates are always the installed program's own: nothing is generated ahead of time to go stale.
/// </summary>
public static class ShellCompletion
{
    public const string Bash = "bash";
    public const string Zsh = "zsh";
    public const string Fish = "fish";

    public static Command CreateCommand(string program)
    {
        var shell = new Argument<string>("shell") { Description = $"The shell: {Bash}, {Zsh} or {Fish}." };
        shell.AcceptOnlyFromAmong(Bash, Zsh, Fish);
        var command = new Command("completion",
            $"Print a completion script for a shell: `source <({program} completion bash)` in ~/.bashrc, " +
            $"`source <({program} completion zsh)` in ~/.zshrc, `{program} completion fish | source` in fish's config.");
        command.Arguments.Add(shell);
        command.SetAction(parse =>
        {
            parse.InvocationConfiguration.Output.Write(Script(program, parse.GetValue(shell)!));
            return 0;
        });
        return command;
    }

    /// <summary>The shell function bash and zsh call to complete <paramref name="program"/>: _aurae_compose_complete.</summary>
    public static string FunctionName(string program) =>
        "_" + new string([.. program.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]) + "_complete";

    /// <summary>The script for <paramref name="shell"/>, completing <paramref name="program"/>.</summary>
    public static string Script(string program, string shell)
    {
        string function = FunctionName(program);
        return shell switch
        {
            Bash => BashScript(program, function),
            // zsh runs bash's completion functions through its bashcompinit layer, which registers
            // them with compinit's compdef (loaded here when ~/.zshrc has not).
            Zsh => "(( ${+functions[compdef]} )) || { autoload -U +X compinit && compinit; }\n" +
                $"autoload -U +X bashcompinit && bashcompinit\n{BashScript(program, function)}",
            // File names only when no candidate fits the word (push FILE, build node.yaml), as bash's -o default.
            Fish => $$"""
                # fish completion for {{program}}: `{{program}} completion fish | source`
                function {{function}}
                    set -l token (commandline -ct)
                    set -l candidates (string match -- "$token*" ({{program}} "[suggest:"(string length -- (commandline -cp))"]" (commandline -p) 2>/dev/null))
                    if set -q candidates[1]
                        printf '%s\n' $candidates
                    else
                        __fish_complete_path $token
                    end
                end
                complete -c {{program}} -f -a '({{function}})'

                """,
            _ => throw new ArgumentOutOfRangeException(nameof(shell), shell, $"Not a shell: {Bash}, {Zsh} or {Fish}."),
        };
    }

    // COMP_POINT is the cursor's offset in COMP_LINE, which is what the directive takes. The
    // program's candidates contain the word being typed anywhere; compgen keeps those it starts.
    // They are read line by line, not split by $( ): that would expand "-?" and "/?" as globs.
    // Words are taken as ${COMP_WORDS[@]:N:1}, which means the same in bash (arrays from 0) and
    // in zsh (from 1) once bashcompinit has made COMP_CWORD count from 0; zsh takes an offset
    // that starts with a letter for a modifier, hence $COMP_CWORD.
    private static string BashScript(string program, string function) => $$"""
        # bash completion for {{program}}: `source <({{program}} completion bash)`
        {{function}}() {
            local IFS=$'\n'
            local candidates
            candidates=$("${COMP_WORDS[@]:0:1}" "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null) || return 0
            COMPREPLY=()
            local candidate
            while IFS= read -r candidate; do COMPREPLY+=("$candidate"); done < <(compgen -W "${candidates}" -- "${COMP_WORDS[@]:$COMP_CWORD:1}")
        }
        complete -o default -F {{function}} {{program}}

        """;
}
