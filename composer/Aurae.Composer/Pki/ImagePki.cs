namespace Aurae.Composer.Pki;

/// <summary>
/// The PKI material an image carries: always the fleet CA's certificate; the node's own
/// certificate and key only when they are made at build time (<see cref="NodePki"/>), not when the
/// node enrolls at boot (<see cref="EnrollingNodePki"/>).
/// </summary>
public abstract record ImagePki(string NodeName, string CaCertificatePem);
