using System.Security.Cryptography;

namespace Aurae.Testing;

/// <summary>
/// Validates a BOM against CycloneDX's own JSON schema for 1.5 (and the SPDX and JSF schemas it
/// refers to), as published in the CycloneDX project's JavaScript library, with python3-jsonschema:
/// neither the schema nor the validator is ours. The library's tarball comes once from the npm
/// registry into .cache/, checked against the SHA-1 the registry lists for it.
/// </summary>
public static class CycloneDxSchema
{
    private const string Package = "cyclonedx-library-10.3.0";
    private const string TarballUrl = "https://registry.npmjs.org/@cyclonedx/cyclonedx-library/-/" + Package + ".tgz";
    private const string TarballSha1 = "92ccd1553d64d7c593b1adc31203cba01583d3df";

    private static readonly Lazy<string> SchemaDirectory = new(Fetch);

    private const string Validator = """
        import json, sys, jsonschema
        schemas, bom = sys.argv[1], sys.argv[2]
        load = lambda name: json.load(open(f"{schemas}/{name}"))
        root = load("bom-1.5.SNAPSHOT.schema.json")
        store = {f"http://cyclonedx.org/schema/{name}": load(name) for name in ["spdx.SNAPSHOT.schema.json", "jsf-0.82.SNAPSHOT.schema.json"]}
        validator = jsonschema.Draft7Validator(root, resolver=jsonschema.RefResolver.from_schema(root, store=store),
                                               format_checker=jsonschema.FormatChecker())
        errors = sorted(validator.iter_errors(json.load(open(bom))), key=lambda e: list(e.absolute_path))
        for error in errors:
            print("/".join(str(p) for p in error.absolute_path) + ": " + error.message)
        sys.exit(1 if errors else 0)
        """;

    /// <summary>The schema's complaints about <paramref name="bomPath"/>, one per line; empty when it is valid.</summary>
    public static string Problems(string bomPath)
    {
        var (exit, output, error) = Tool.Run("python3", ["-c", Validator, SchemaDirectory.Value, bomPath]);
        if (exit != 0 && output.Length == 0)
            throw new InvalidOperationException($"the validator failed (python3-jsonschema installed? scripts/test installs it): {error}");
        return exit == 0 ? "" : output;
    }

    private static string Fetch()
    {
        var root = System.IO.Path.Combine(RepositoryRoot.Path, ".cache", "cyclonedx", Package);
        var schemas = System.IO.Path.Combine(root, "package", "res", "schema");
        if (File.Exists(System.IO.Path.Combine(schemas, "bom-1.5.SNAPSHOT.schema.json")))
            return schemas;
        Directory.CreateDirectory(root);
        var tarball = System.IO.Path.Combine(root, Package + ".tgz");
        var (exit, _, error) = Tool.Run("curl", ["-sSfL", "--max-time", "120", "-o", tarball, TarballUrl]);
        if (exit != 0)
            throw new InvalidOperationException($"cannot download CycloneDX's schemas from {TarballUrl}: {error}");
        using (var file = File.OpenRead(tarball))
        {
            var sha1 = Convert.ToHexStringLower(SHA1.HashData(file));
            if (sha1 != TarballSha1)
                throw new InvalidOperationException($"{TarballUrl} has SHA-1 {sha1}, the registry lists {TarballSha1}");
        }
        Tool.Succeed("tar", "-xzf", tarball, "-C", root, "package/res/schema");
        return schemas;
    }
}
