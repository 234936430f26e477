using System.Text;

namespace Aurae.Contract.Oci;

/// <summary>
/// The ChainID of each layer of an image (image-spec config.md, "Layer ChainID"): a layer's diff ID
/// names its changes, its chain ID those changes on top of exactly the layers beneath.
/// ChainID(L0) = DiffID(L0); ChainID(Ln) = sha256(ChainID(Ln-1) + " " + DiffID(Ln)).
/// </summary>
public static class ChainId
{
    public static IReadOnlyList<Digest> Of(IEnumerable<Digest> diffIds)
    {
        var chain = new List<Digest>();
        foreach (var diffId in diffIds)
            chain.Add(chain.Count == 0 ? diffId : Digest.Of(Encoding.ASCII.GetBytes($"{chain[^1]} {diffId}")));
        return chain;
    }
}
