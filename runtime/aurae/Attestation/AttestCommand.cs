using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Aurae.Api.Node.V0;
using Aurae.Cli.Output;
using Aurae.Contract.Tpm;

namespace Aurae.Cli.Attestation;

/// <summary>
/// <c>aurae node attest --expect BUILD_DIR_OR_pcr11.json</c>: a fresh nonce per node, Attest,
/// the quote verified here, its PCR 11 compared with the composer's prediction. Exits 0 only when
/// every node matched; a node that mismatched, could not attest or did not answer makes it 1.
/// </summary>
internal static class AttestCommand
{
    public static Command Create(CommandEnvironment environment)
    {
        var expect = new Option<string>("--expect")
        {
            Description = "The composer's NODE.pcr11.json, or the build directory holding it (NODE.pcr11.json per node when it holds several).",
            Required = true,
        };
        var attest = new Command("attest", "Check that each node's TPM quotes the PCR 11 the composer predicted for its image.") { expect };
        attest.SetAction(async (parse, cancellation) =>
        {
            var session = environment.OpenSession(parse);
            var path = parse.GetValue(expect)!;
            // Read before any call: a wrong path is the caller's mistake, not a node's.
            var expected = session.Targets.ToDictionary(t => t.Name, t => Pcr11Expectation.Sha256For(path, t.Name), StringComparer.Ordinal);
            var results = await NodeFanOut.RunAsync(session, async (target, channel, token) =>
            {
                var nonce = RandomNumberGenerator.GetBytes(TpmQuote.MaxNonceSize);
                var response = await new NodeService.NodeServiceClient(channel)
                    .AttestAsync(new AttestRequest { Nonce = Google.Protobuf.ByteString.CopyFrom(nonce) }, cancellationToken: token);
                return AttestCheck.Judge(response, nonce, expected[target.Name]);
            }, cancellation);

            if (session.Json && session.IsFanOut)
                session.Output.Plain(Json(results));
            foreach (var result in results.Where(r => r.Value is not null))
            {
                if (session.Json && !session.IsFanOut)
                    session.Output.Line(result.Node, error: false, Json(result.Value!));
                else if (!session.Json)
                    session.Output.Line(result.Node, error: false, result.Value!.Render());
            }
            return results.Any(r => r.Value is not { Verdict: AttestVerdict.Match }) ? 1 : 0;
        });
        return attest;
    }

    /// <summary>One outcome: <c>{"result": "match", "expected": …, "actual": …, "secure_boot": …, "reason": …}</c>.</summary>
    public static string Json(AttestOutcome outcome) => Write(writer => WriteOutcome(writer, outcome));

    /// <summary>
    /// Several nodes: one object keyed by node name, a node that did not answer with
    /// <c>{"error": …}</c> as in every other command's <c>--json</c> (<see cref="JsonOutput.Keyed{T}"/>).
    /// </summary>
    public static string Json(IEnumerable<NodeResult<AttestOutcome>> results) => JsonOutput.Keyed(results, WriteOutcome);

    private static void WriteOutcome(Utf8JsonWriter writer, AttestOutcome outcome)
    {
        writer.WriteStartObject();
        writer.WriteString("result", outcome.Verdict switch
        {
            AttestVerdict.Match => "match",
            AttestVerdict.Mismatch => "mismatch",
            _ => "unverified",
        });
        writer.WriteString("expected", outcome.Expected);
        writer.WriteString("actual", outcome.Actual);
        writer.WriteString("secure_boot", outcome.SecureBootName);
        writer.WriteString("reason", outcome.Reason);
        writer.WriteEndObject();
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            write(writer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
