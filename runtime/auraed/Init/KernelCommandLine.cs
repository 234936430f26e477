using Aurae.Contract.Modules;
namespace Aurae.Daemon.Init;

/// <summary>
/// The kernel command line split the way the kernel splits it (spaces, double quotes group),
/// for the parameters init itself reads: <c>ip=</c> and <c>module.param=</c>.
/// </summary>
public sealed class KernelCommandLine
{
    public KernelCommandLine(string text)
    {
        Text = text.Trim();
        Parameters = Split(Text);
    }

    public string Text { get; }

    /// <summary>Each parameter as written, quotes removed, in order.</summary>
    public IReadOnlyList<string> Parameters { get; }

    public static KernelCommandLine ReadFromProc()
    {
        try
        {
            return new KernelCommandLine(File.ReadAllText("/proc/cmdline"));
        }
        catch (IOException)
        {
            return new KernelCommandLine("");
        }
    }

    /// <summary>The value of the last <c>key=value</c> parameter with this key, as the kernel lets later ones win.</summary>
    public string? Value(string key)
    {
        string? found = null;
        foreach (var parameter in Parameters)
        {
            if (parameter.Length > key.Length && parameter[key.Length] == '=' && parameter.StartsWith(key, StringComparison.Ordinal))
                found = parameter[(key.Length + 1)..];
        }
        return found;
    }

    /// <summary>
    /// <c>module.param=value</c> parameters for one module, joined with spaces as finit_module
    /// takes them (modprobe does the same with the command line). '-' and '_' are the same in module names.
    /// </summary>
    public string ModuleParameters(string moduleName)
    {
        var wanted = KernelModuleName.Normalize(moduleName);
        var result = new List<string>();
        foreach (var parameter in Parameters)
        {
            var dot = parameter.IndexOf('.');
            var equals = parameter.IndexOf('=');
            if (dot <= 0 || (equals >= 0 && equals < dot))
                continue;
            if (KernelModuleName.Normalize(parameter[..dot]) == wanted)
                result.Add(parameter[(dot + 1)..]);
        }
        return string.Join(' ', result);
    }

    private static List<string> Split(string text)
    {
        var parameters = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
                continue;
            }
            if (char.IsWhiteSpace(c) && !quoted)
            {
                if (current.Length > 0)
                    parameters.Add(current.ToString());
                current.Clear();
                continue;
            }
            current.Append(c);
        }
        if (current.Length > 0)
            parameters.Add(current.ToString());
        return parameters;
    }
}
