namespace Aurae.Contract.Tpm;

/// <summary>What <see cref="QuoteVerifier"/> concluded: accepted, with the parsed attest, or refused with a failure and a reason a person can read.</summary>
public sealed class QuoteVerdict
{
    private QuoteVerdict(QuoteFailure? failure, string reason, TpmsAttest? attest)
    {
        Failure = failure;
        Reason = reason;
        Attest = attest;
    }

    public bool Accepted => Failure is null;

    public QuoteFailure? Failure { get; }

    public string Reason { get; }

    /// <summary>The quote's contents; set only when accepted, since unsigned contents are not to be read.</summary>
    public TpmsAttest? Attest { get; }

    public static QuoteVerdict Accept(TpmsAttest attest) => new(null, "the quote is signed by the key, over this nonce and these PCR values", attest);

    public static QuoteVerdict Refuse(QuoteFailure failure, string reason) => new(failure, reason, null);

    public override string ToString() => Accepted ? $"accepted: {Reason}" : $"refused ({Failure}): {Reason}";
}
