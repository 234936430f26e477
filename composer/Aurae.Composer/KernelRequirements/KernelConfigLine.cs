using System.Text.RegularExpressions;

namespace Aurae.Composer.KernelRequirements;

/// <summary>
/// One line of kernel .config syntax (scripts/kconfig/confdata.c writes it): blank, a comment,
/// <c>CONFIG_NAME=value</c> or <c># CONFIG_NAME is not set</c>.
/// </summary>
internal readonly record struct KernelConfigLine(int Number, string? Option, KernelConfigValue Value, string? Comment)
{
    /// <summary>The prefix every option carries in a .config file (CONFIG_ in every upstream build).</summary>
    public const string OptionPrefix = "CONFIG_";

    private static readonly Regex Assignment = new(@"^(?<name>CONFIG_[A-Za-z0-9_]+)=(?<value>.*)$", RegexOptions.CultureInvariant);
    private static readonly Regex NotSetComment = new(@"^#\s*(?<name>CONFIG_[A-Za-z0-9_]+) is not set$", RegexOptions.CultureInvariant);
    private static readonly Regex QuotedString = new(@"^""(?:[^""\\]|\\.)*""$", RegexOptions.CultureInvariant);
    private static readonly Regex DecimalNumber = new(@"^-?[0-9]+$", RegexOptions.CultureInvariant);
    private static readonly Regex HexadecimalNumber = new(@"^0[xX][0-9a-fA-F]+$", RegexOptions.CultureInvariant);

    public bool IsBlank => Option is null && Comment is null;

    /// <summary>Splits <paramref name="text"/> into classified lines; throws <see cref="KernelConfigFormatException"/> at the first bad one.</summary>
    public static IEnumerable<KernelConfigLine> ReadAll(string text, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(text);
        var number = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            number++;
            yield return Classify(rawLine.TrimEnd('\r', ' ', '\t'), number, sourceName);
        }
    }

    private static KernelConfigLine Classify(string line, int number, string sourceName)
    {
        var trimmed = line.TrimStart(' ', '\t');
        if (trimmed.Length == 0)
            return new KernelConfigLine(number, null, default, null);

        var notSet = NotSetComment.Match(trimmed);
        if (notSet.Success)
            return new KernelConfigLine(number, notSet.Groups["name"].Value, KernelConfigValue.NotSet, null);
        if (trimmed[0] == '#')
            return new KernelConfigLine(number, null, default, trimmed[1..].Trim());

        var assignment = Assignment.Match(trimmed);
        if (!assignment.Success)
        {
            throw new KernelConfigFormatException(sourceName, number,
                $"expected CONFIG_NAME=value, '# CONFIG_NAME is not set' or a # comment, found '{trimmed}'");
        }

        var name = assignment.Groups["name"].Value;
        return new KernelConfigLine(number, name, ParseValue(assignment.Groups["value"].Value, name, number, sourceName), null);
    }

    private static KernelConfigValue ParseValue(string text, string name, int number, string sourceName) => text switch
    {
        "y" => KernelConfigValue.BuiltIn,
        "m" => KernelConfigValue.Module,
        "n" => KernelConfigValue.NotSet,
        _ when QuotedString.IsMatch(text) => new KernelConfigValue(KernelConfigValueKind.String, text),
        _ when DecimalNumber.IsMatch(text) || HexadecimalNumber.IsMatch(text) => new KernelConfigValue(KernelConfigValueKind.Number, text),
        "" => throw new KernelConfigFormatException(sourceName, number, $"{name} has no value (expected y, m, n, a \"string\" or a number)"),
        _ => throw new KernelConfigFormatException(sourceName, number,
            $"'{text}' is not a valid value for {name} (expected y, m, n, a \"string\" or a number)"),
    };
}
