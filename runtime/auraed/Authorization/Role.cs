namespace Aurae.Daemon.Authorization;

/// <summary>
/// What a client may do, as its certificate's Organization (O) attribute says; the composer
/// writes it there (`aurae-compose pki init --client NAME:ROLE`). A client without a role may do nothing.
/// </summary>
public enum Role
{
    /// <summary>Every call.</summary>
    Admin,

    /// <summary>Only the calls <see cref="MethodPolicy"/> lists as reads.</summary>
    Reader,
}

/// <summary>The spelling of <see cref="Role"/> in certificates and messages.</summary>
public static class RoleNames
{
    public const string Admin = "admin";
    public const string Reader = "reader";

    // A switch rather than Enum.ToString: exact, and nothing for the AOT trimmer to keep.
    public static string Name(this Role role) => role switch
    {
        Role.Admin => Admin,
        Role.Reader => Reader,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "unknown role"),
    };
}
