using System.Text.Json;

namespace Aurae.Contract.Oci;

/// <summary>
/// Typed reads of an image's JSON that name the member and field when the value is missing or
/// of the wrong kind ("index.json: manifests[1].digest: expected a string").
/// </summary>
internal static class ImageJson
{
    public static JsonElement Object(JsonElement parent, string member, string field)
    {
        var value = Optional(parent, member, field, JsonValueKind.Object);
        return value ?? throw ImageException.Invalid(member, $"{field}: missing");
    }

    public static JsonElement Array(JsonElement parent, string member, string field)
    {
        var value = Optional(parent, member, field, JsonValueKind.Array);
        return value ?? throw ImageException.Invalid(member, $"{field}: missing");
    }

    public static string String(JsonElement parent, string member, string field) =>
        OptionalString(parent, member, field) ?? throw ImageException.Invalid(member, $"{field}: missing");

    public static string? OptionalString(JsonElement parent, string member, string field) =>
        Optional(parent, member, field, JsonValueKind.String)?.GetString();

    public static long Size(JsonElement parent, string member, string field)
    {
        var value = Optional(parent, member, field, JsonValueKind.Number) ?? throw ImageException.Invalid(member, $"{field}: missing");
        return value.TryGetInt64(out var size) && size >= 0
            ? size
            : throw ImageException.Invalid(member, $"{field}: {value.GetRawText()} is not a size in bytes");
    }

    public static Digest Digest(JsonElement parent, string member, string field)
    {
        var text = String(parent, member, field);
        return Oci.Digest.TryParse(text) ?? throw ImageException.Invalid(member, $"{field}: '{text}' is not a sha256 digest (sha256:<64 hex digits>)");
    }

    /// <summary>An array of strings; null when missing or JSON null (Docker writes "Cmd": null).</summary>
    public static IReadOnlyList<string>? Strings(JsonElement parent, string member, string field)
    {
        if (Optional(parent, member, field, JsonValueKind.Array) is not { } array)
            return null;
        var strings = new List<string>(array.GetArrayLength());
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            strings.Add(item.ValueKind == JsonValueKind.String
                ? item.GetString()!
                : throw ImageException.Invalid(member, $"{field}[{index}]: expected a string, found {Kind(item.ValueKind)}"));
            index++;
        }
        return strings;
    }

    /// <summary>The value of <paramref name="field"/> (its last dotted part) in <paramref name="parent"/>; null when missing or null.</summary>
    private static JsonElement? Optional(JsonElement parent, string member, string field, JsonValueKind kind)
    {
        var name = field[(field.LastIndexOf('.') + 1)..];
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return value.ValueKind == kind
            ? value
            : throw ImageException.Invalid(member, $"{field}: expected {Kind(kind)}, found {Kind(value.ValueKind)}");
    }

    private static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
