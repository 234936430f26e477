using System.Text.Json;
using Aurae.Images.Reproducibility;

namespace Aurae.Composer.Sbom;

/// <summary>
/// Writes a CycloneDX 1.5 JSON BOM (cyclonedx.org/docs/1.5/json): the image as metadata.component,
/// what it carries as components, and which depends on which. Reproducible: components in the
/// order given, the build's timestamp, and a serial number seeded by the content, so the same
/// build writes the same bytes.
/// </summary>
public static class CycloneDxWriter
{
    public const string SpecVersion = "1.5";

    public static byte[] Write(SbomComponent subject, IReadOnlyList<SbomComponent> components,
        IReadOnlyList<(string Ref, IReadOnlyList<string> DependsOn)> dependencies, DateTimeOffset timestamp, SbomComponent tool)
    {
        // The serial number is seeded by everything else in the document.
        var body = Document(serialNumber: null);
        var serial = $"urn:uuid:{SeededGuid.Create("aurae-sbom:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body)))}";
        return Document(serial);

        byte[] Document(string? serialNumber)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                json.WriteStartObject();
                json.WriteString("bomFormat", "CycloneDX");
                json.WriteString("specVersion", SpecVersion);
                if (serialNumber is not null)
                    json.WriteString("serialNumber", serialNumber);
                json.WriteNumber("version", 1);
                json.WriteStartObject("metadata");
                json.WriteString("timestamp", timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
                json.WriteStartObject("tools");
                json.WriteStartArray("components");
                WriteComponent(json, tool);
                json.WriteEndArray();
                json.WriteEndObject();
                json.WritePropertyName("component");
                WriteComponent(json, subject);
                json.WriteEndObject();
                json.WriteStartArray("components");
                foreach (var component in components)
                    WriteComponent(json, component);
                json.WriteEndArray();
                json.WriteStartArray("dependencies");
                foreach (var (reference, dependsOn) in dependencies)
                {
                    json.WriteStartObject();
                    json.WriteString("ref", reference);
                    json.WriteStartArray("dependsOn");
                    foreach (var dependency in dependsOn)
                        json.WriteStringValue(dependency);
                    json.WriteEndArray();
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            buffer.WriteByte((byte)'\n');
            return buffer.ToArray();
        }
    }

    private static void WriteComponent(Utf8JsonWriter json, SbomComponent component)
    {
        json.WriteStartObject();
        json.WriteString("type", component.Type);
        json.WriteString("bom-ref", component.BomRef);
        json.WriteString("name", component.Name);
        if (component.Version is not null)
            json.WriteString("version", component.Version);
        if (component.Description is not null)
            json.WriteString("description", component.Description);
        WritePairs(json, "hashes", component.Hashes, "alg", "content");
        if (component.Purl is not null)
            json.WriteString("purl", component.Purl);
        WritePairs(json, "properties", component.Properties, "name", "value");
        json.WriteEndObject();
    }

    /// <summary>An array of two-field objects (hashes: alg and content; properties: name and value); nothing when empty.</summary>
    private static void WritePairs(Utf8JsonWriter json, string array, IReadOnlyList<(string, string)> pairs, string first, string second)
    {
        if (pairs.Count == 0)
            return;
        json.WriteStartArray(array);
        foreach (var (one, other) in pairs)
        {
            json.WriteStartObject();
            json.WriteString(first, one);
            json.WriteString(second, other);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
