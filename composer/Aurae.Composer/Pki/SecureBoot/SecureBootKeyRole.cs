namespace Aurae.Composer.Pki.SecureBoot;

/// <summary>
/// The three Secure Boot keys (UEFI 2.10 §32.3): the platform key owns the firmware's key store,
/// the key exchange key may change db, and a db key signs what the firmware runs (our UKIs).
/// </summary>
public enum SecureBootKeyRole
{
    PlatformKey,
    KeyExchangeKey,
    SignatureDatabase,
}
