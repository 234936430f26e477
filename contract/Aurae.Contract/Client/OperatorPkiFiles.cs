namespace Aurae.Contract.Client;

/// <summary>
/// The files of a fleet PKI directory (<c>aurae-compose pki init DIR</c>) that an operator's client
/// presents and trusts: the composer lays them out under these names, clients read them.
/// </summary>
public static class OperatorPkiFiles
{
    public const string CaCertificate = "ca.crt";
    public const string Certificate = "operator.crt";
    public const string Key = "operator.key";
}
