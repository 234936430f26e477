namespace Aurae.Composer.Pki;

/// <summary>A PKI directory is missing, incomplete, inconsistent or unreadable; the message names the path.</summary>
public sealed class PkiException : Exception
{
    public PkiException(string message) : base(message) { }

    public PkiException(string message, Exception inner) : base(message, inner) { }
}
