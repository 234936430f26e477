namespace Aurae.Composer.KernelRequirements;

/// <summary>Every requirement of the checked fragments with how the kernel meets it.</summary>
public sealed class KernelCheckReport
{
    public KernelCheckReport(IReadOnlyList<KernelRequirementResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        Results = results;
        Unmet = results.Where(result => !result.IsMet).ToList();
    }

    /// <summary>One result per requirement, fragment by fragment in file order.</summary>
    public IReadOnlyList<KernelRequirementResult> Results { get; }

    /// <summary>The requirements the kernel does not meet; empty when it is fit for auraed.</summary>
    public IReadOnlyList<KernelRequirementResult> Unmet { get; }

    /// <summary>True when every requirement is met.</summary>
    public bool AllMet => Unmet.Count == 0;

    /// <summary>One line for people, e.g. "36 of 36 requirements met" or "34 of 36 requirements met; not met: CONFIG_A, CONFIG_B".</summary>
    public string Summary
    {
        get
        {
            var met = $"{Results.Count - Unmet.Count} of {Results.Count} requirements met";
            return AllMet ? met : $"{met}; not met: {string.Join(", ", Unmet.Select(result => result.Requirement.Option))}";
        }
    }
}
