namespace Aurae.Daemon.Firmware;

/// <summary>Whether the firmware enforced Secure Boot for this boot. Unknown is not Disabled: it means nothing could be read.</summary>
public enum SecureBootState
{
    Unknown,
    Enabled,
    Disabled,
}
