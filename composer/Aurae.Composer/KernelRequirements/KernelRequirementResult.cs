namespace Aurae.Composer.KernelRequirements;

/// <summary>How a kernel meets one requirement.</summary>
public enum KernelRequirementStatus
{
    /// <summary>Set as asked (built in for =y and =m requirements).</summary>
    Ok,

    /// <summary>An =m requirement met by a module, which is in the image (or must be, when the image is not known).</summary>
    Module,

    /// <summary>Not set, or a module the image lacks.</summary>
    Missing,

    /// <summary>Set, but to another value (e.g. =m where it must be built in).</summary>
    Mismatch,
}

/// <summary>The outcome of checking one <see cref="KernelRequirement"/> against a kernel's configuration.</summary>
public sealed record KernelRequirementResult(
    KernelConfigFragment Fragment, KernelRequirement Requirement, KernelConfigValue Actual, KernelRequirementStatus Status, string? Note)
{
    /// <summary>True for <see cref="KernelRequirementStatus.Ok"/> and <see cref="KernelRequirementStatus.Module"/>.</summary>
    public bool IsMet => Status is KernelRequirementStatus.Ok or KernelRequirementStatus.Module;

    /// <summary>One line for people: <c>ok      CONFIG_X=y</c>, <c>module  CONFIG_X=m (…)</c>, <c>MISSING CONFIG_X (reason)</c>, <c>WRONG   CONFIG_X=m (…)</c>.</summary>
    public override string ToString()
    {
        var option = Requirement.Option;
        return Status switch
        {
            KernelRequirementStatus.Ok => $"ok      {Actual.Format(option)}",
            KernelRequirementStatus.Module => $"module  {Actual.Format(option)} ({Note})",
            KernelRequirementStatus.Missing when Note is not null => $"MISSING {Actual.Format(option)} ({Note}; {Requirement.Reason})",
            KernelRequirementStatus.Missing => $"MISSING {option} ({Requirement.Reason})",
            _ => $"WRONG   {Actual.Format(option)} ({Note}; {Requirement.Reason})",
        };
    }
}
