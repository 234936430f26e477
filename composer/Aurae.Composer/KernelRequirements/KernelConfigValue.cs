namespace Aurae.Composer.KernelRequirements;

/// <summary>How a kernel option is set in a .config file.</summary>
public enum KernelConfigValueKind
{
    /// <summary><c>=y</c>: built into the kernel image.</summary>
    BuiltIn,

    /// <summary><c>=m</c>: built as a loadable module.</summary>
    Module,

    /// <summary><c># CONFIG_X is not set</c> (or <c>=n</c>).</summary>
    NotSet,

    /// <summary>A quoted string, e.g. <c>="console=ttyS0"</c>.</summary>
    String,

    /// <summary>A decimal or hexadecimal number.</summary>
    Number,
}

/// <summary>One option's value as a .config file writes it; <see cref="Text"/> is the exact text after '='.</summary>
public readonly record struct KernelConfigValue(KernelConfigValueKind Kind, string Text)
{
    /// <summary><c>=y</c>.</summary>
    public static readonly KernelConfigValue BuiltIn = new(KernelConfigValueKind.BuiltIn, "y");

    /// <summary><c>=m</c>.</summary>
    public static readonly KernelConfigValue Module = new(KernelConfigValueKind.Module, "m");

    /// <summary><c># CONFIG_X is not set</c>.</summary>
    public static readonly KernelConfigValue NotSet = new(KernelConfigValueKind.NotSet, "n");

    /// <summary>The option as a .config line would write it, e.g. <c>CONFIG_X=y</c> or <c>CONFIG_X is not set</c>.</summary>
    public string Format(string option) => Kind == KernelConfigValueKind.NotSet ? $"{option} is not set" : $"{option}={Text}";
}
