namespace Aurae.Composer.Pki;

/// <summary>
/// A client certificate to issue: its name (the CN, and the file name under clients/) and its
/// role (the O attribute auraed authorizes on).
/// </summary>
public sealed record ClientSubject
{
    private const int MaxNameLength = 64;

    private static readonly System.Buffers.SearchValues<char> Allowed =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.");

    public ClientSubject(string Name, ClientRole Role)
    {
        ArgumentNullException.ThrowIfNull(Name);
        if (ValidateName(Name) is { } error)
            throw new ArgumentException($"invalid client name: {error}", nameof(Name));
        if (!Enum.IsDefined(Role))
            throw new ArgumentOutOfRangeException(nameof(Role), Role, "unknown client role");
        this.Name = Name;
        this.Role = Role;
    }

    public string Name { get; }

    public ClientRole Role { get; }

    /// <summary>Parses the CLI syntax <c>NAME[:ROLE]</c>; the role defaults to admin, as operator.crt's does.</summary>
    /// <exception cref="FormatException">The message quotes the whole spec and names the bad part.</exception>
    public static ClientSubject Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var colon = spec.IndexOf(':');
        var name = colon < 0 ? spec : spec[..colon];
        if (ValidateName(name) is { } nameError)
            throw new FormatException($"invalid client '{spec}': {nameError}");
        if (colon < 0)
            return new ClientSubject(name, ClientRole.Admin);

        var roleText = spec[(colon + 1)..];
        if (!ClientRoles.TryParse(roleText, out var role))
        {
            var known = string.Join(" or ", Enum.GetValues<ClientRole>().Select(r => r.Name()));
            throw new FormatException($"invalid client '{spec}': unknown role '{roleText}'; a role is {known}");
        }
        return new ClientSubject(name, role);
    }

    /// <summary>
    /// Returns null when <paramref name="name"/> may name a client, otherwise why not. The name
    /// becomes a file name: letters, digits, '_', '-' and '.', starting with a letter or digit,
    /// which keeps out path separators, "." and ".." and hidden files.
    /// </summary>
    public static string? ValidateName(string name)
    {
        if (name.Length == 0)
            return "the name is empty";
        if (name.Length > MaxNameLength)
            return $"'{name}' is {name.Length} characters long; a client name has at most {MaxNameLength}";
        // An index, not FirstOrDefault: NUL is default(char) and must not pass for "none found".
        var bad = name.AsSpan().IndexOfAnyExcept(Allowed);
        if (bad >= 0)
            return $"'{name}' contains '{name[bad]}'; a client name allows only A-Z, a-z, 0-9, '_', '-' and '.'";
        if (!char.IsAsciiLetterOrDigit(name[0]))
            return $"'{name}' must start with a letter or a digit";
        return null;
    }

    /// <summary>The CLI syntax, so <c>Parse(x.ToString())</c> equals <c>x</c>.</summary>
    public override string ToString() => $"{Name}:{Role.Name()}";
}
