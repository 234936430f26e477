namespace Aurae.Composer.KernelRequirements;

/// <summary>
/// One option a fragment asks for: <c>=y</c> built in, <c>=m</c> built in or the module <see cref="Module"/>
/// in the image, not set, or an exact string/number; with the reason the fragment gives.
/// </summary>
public sealed record KernelRequirement
{
    public KernelRequirement(string option, KernelConfigValue expected, string reason, string? module, int lineNumber)
    {
        if (string.IsNullOrEmpty(option) || !option.StartsWith(KernelConfigLine.OptionPrefix, StringComparison.Ordinal))
            throw new ArgumentException($"'{option}' is not a kernel option name (CONFIG_…).", nameof(option));
        if (string.IsNullOrWhiteSpace(reason))
            throw new ArgumentException($"{option} needs a reason.", nameof(reason));
        if ((expected.Kind == KernelConfigValueKind.Module) != (module is not null))
            throw new ArgumentException($"{option}: a module name goes with =m and only with =m (module '{module}', value {expected.Text}).", nameof(module));
        Option = option;
        Expected = expected;
        Reason = reason;
        Module = module;
        LineNumber = lineNumber;
    }

    /// <summary>The option, e.g. CONFIG_MEMCG.</summary>
    public string Option { get; }

    /// <summary>The value asked for; <see cref="KernelConfigValueKind.Module"/> means built in or module.</summary>
    public KernelConfigValue Expected { get; }

    /// <summary>Why an Aurae node needs it (the fragment's comment).</summary>
    public string Reason { get; }

    /// <summary>For an <c>=m</c> requirement, the module (as modprobe names it, '_' not '-') that must be in the image.</summary>
    public string? Module { get; }

    /// <summary>The line of the fragment that states it.</summary>
    public int LineNumber { get; }
}
