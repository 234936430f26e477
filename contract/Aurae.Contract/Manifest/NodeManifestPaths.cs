namespace Aurae.Contract.Manifest;

/// <summary>Where things live inside a node image (paths relative to the image root, no leading '/').</summary>
public static class NodeManifestPaths
{
    public const string Manifest = "etc/aurae/node.json";
    public const string PkiDirectory = "etc/aurae/pki";
    public const string CaCertificate = PkiDirectory + "/ca.crt";
    public const string Certificate = PkiDirectory + "/node.crt";
    public const string Key = PkiDirectory + "/node.key";
    public const string Init = "init";
}
