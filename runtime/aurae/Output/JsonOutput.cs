using System.Text;
using System.Text.Json;
using Google.Protobuf;

namespace Aurae.Cli.Output;

/// <summary>
/// --json: protobuf messages in their canonical JSON mapping (camelCase fields, 64-bit integers
/// as strings, enums by name), with default values included so that scripts see every field.
/// One node prints its message alone; several print one object keyed by node name, where a
/// node that failed has <c>{"error": {"code": ..., "message": ...}}</c>.
/// </summary>
internal static class JsonOutput
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    public static string Format(IMessage message) => Formatter.Format(message);

    public static string Keyed(IEnumerable<NodeResult<IMessage>> results) =>
        Keyed(results, (writer, message) => writer.WriteRawValue(Format(message)));

    /// <summary>
    /// Several nodes' answers of any kind (an attestation's outcome, say): one object keyed by node
    /// name, <paramref name="writeValue"/> for each answer and the same error object for a failure.
    /// </summary>
    public static string Keyed<T>(IEnumerable<NodeResult<T>> results, Action<Utf8JsonWriter, T> writeValue) where T : class
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var result in results)
            {
                writer.WritePropertyName(result.Node.Name);
                if (result.Value is { } value)
                    writeValue(writer, value);
                else
                    WriteFailure(writer, result.Failure!);
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>One item of a stream from one of several nodes: <c>{"node": name, "item": message}</c>.</summary>
    public static string Tagged(string node, IMessage message)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("node", node);
            writer.WritePropertyName("item");
            writer.WriteRawValue(Format(message));
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteFailure(Utf8JsonWriter writer, RpcFailure failure)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("error");
        writer.WriteStartObject();
        writer.WriteString("code", failure.Code);
        writer.WriteString("message", failure.Message);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
