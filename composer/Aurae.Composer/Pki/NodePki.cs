namespace Aurae.Composer.Pki;

/// <summary>
/// What a node image with its identity baked in carries: the CA certificate (to verify operator
/// client certificates) and the node's own server certificate and key, all PEM. The CA key is never
/// part of an image.
/// </summary>
public sealed record NodePki(string NodeName, string CaCertificatePem, string NodeCertificatePem, string NodeKeyPem)
    : ImagePki(NodeName, CaCertificatePem);
