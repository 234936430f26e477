using Aurae.Contract.Modules;
namespace Aurae.Composer.KernelRequirements;

/// <summary>Checks a kernel's configuration against kernel config fragments (by default kernel-configs/required.config).</summary>
public static class KernelRequirementCheck
{
    /// <summary>
    /// Checks .config text against the required fragment. <paramref name="modulesInImage"/> names the modules the
    /// image holds ('-' or '_', with or without .ko); null when not known, so that =m options count as met with a note.
    /// </summary>
    public static KernelCheckReport Run(string kernelConfigText, IReadOnlySet<string>? modulesInImage) =>
        Run(KernelBuildConfig.Parse(kernelConfigText, "kernel config"), modulesInImage, [KernelConfigFragment.Required]);

    /// <summary>Checks <paramref name="config"/> against every requirement of <paramref name="fragments"/>.</summary>
    public static KernelCheckReport Run(KernelBuildConfig config, IReadOnlySet<string>? modulesInImage, IReadOnlyList<KernelConfigFragment> fragments)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(fragments);
        if (fragments.Count == 0)
            throw new ArgumentException("At least one fragment is needed to check a kernel against.", nameof(fragments));
        var modules = modulesInImage?.Select(KernelModuleName.FromPath).ToHashSet(StringComparer.Ordinal);
        var results = new List<KernelRequirementResult>();
        foreach (var fragment in fragments)
        {
            foreach (var requirement in fragment.Requirements)
            {
                var actual = config[requirement.Option];
                var (status, note) = Evaluate(requirement, actual, modules);
                results.Add(new KernelRequirementResult(fragment, requirement, actual, status, note));
            }
        }
        return new KernelCheckReport(results);
    }

    private static (KernelRequirementStatus Status, string? Note) Evaluate(
        KernelRequirement requirement, KernelConfigValue actual, HashSet<string>? modules)
    {
        var expected = requirement.Expected;
        switch (expected.Kind)
        {
            case KernelConfigValueKind.BuiltIn or KernelConfigValueKind.Module when actual.Kind == KernelConfigValueKind.BuiltIn:
                return (KernelRequirementStatus.Ok, null);
            case KernelConfigValueKind.BuiltIn or KernelConfigValueKind.Module when actual.Kind == KernelConfigValueKind.NotSet:
                return (KernelRequirementStatus.Missing, null);
            case KernelConfigValueKind.BuiltIn when actual.Kind == KernelConfigValueKind.Module:
                return (KernelRequirementStatus.Mismatch, "built as a module, but it must be built in (=y)");
            case KernelConfigValueKind.Module when actual.Kind == KernelConfigValueKind.Module:
                if (modules is null)
                    return (KernelRequirementStatus.Module, $"module {requirement.Module} must be in the image");
                return modules.Contains(requirement.Module!)
                    ? (KernelRequirementStatus.Module, $"module {requirement.Module} is in the image")
                    : (KernelRequirementStatus.Missing, $"module {requirement.Module} is not in the image");
            case KernelConfigValueKind.NotSet:
                return actual.Kind == KernelConfigValueKind.NotSet
                    ? (KernelRequirementStatus.Ok, null)
                    : (KernelRequirementStatus.Mismatch, "must not be set");
            default:
                if (actual.Kind == KernelConfigValueKind.NotSet)
                    return (KernelRequirementStatus.Missing, null);
                return actual.Text == expected.Text
                    ? (KernelRequirementStatus.Ok, null)
                    : (KernelRequirementStatus.Mismatch, $"must be {expected.Text}");
        }
    }
}
