namespace Aurae.Composer.Pki;

/// <summary>
/// What a client certificate lets its holder do on a node. The role travels in the
/// certificate's Organization (O) attribute, spelled as <see cref="ClientRoles.Name"/> returns;
/// auraed reads it there and nowhere else.
/// </summary>
public enum ClientRole
{
    /// <summary>Every call.</summary>
    Admin,

    /// <summary>Only calls that read state: discovery, node info, health, listings, logs.</summary>
    Reader,
}

/// <summary>The spelling of <see cref="ClientRole"/> in certificates and on the command line.</summary>
public static class ClientRoles
{
    public static string Name(this ClientRole role) => role switch
    {
        ClientRole.Admin => "admin",
        ClientRole.Reader => "reader",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "unknown client role"),
    };

    /// <summary>Exactly "admin" or "reader": the daemon compares case-sensitively, so this does too.</summary>
    public static bool TryParse(string text, out ClientRole role)
    {
        foreach (var candidate in Enum.GetValues<ClientRole>())
        {
            if (candidate.Name() == text)
            {
                role = candidate;
                return true;
            }
        }
        role = default;
        return false;
    }
}
