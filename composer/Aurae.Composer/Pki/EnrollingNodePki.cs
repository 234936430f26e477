namespace Aurae.Composer.Pki;

/// <summary>
/// An image for nodes that enroll at boot (node.yaml <c>identity: enroll</c>): the fleet CA's
/// certificate only. Each node makes its key when it boots and gets its certificate from
/// <c>aurae-compose serve</c>, so the image holds no secret and can be shared by a fleet.
/// </summary>
public sealed record EnrollingNodePki(string NodeName, string CaCertificatePem) : ImagePki(NodeName, CaCertificatePem);
