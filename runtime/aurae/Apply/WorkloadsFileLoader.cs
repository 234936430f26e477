using System.Globalization;
using Aurae.Api.Cells.V0;
using Aurae.Cli.Requests;
using Aurae.Cli.Syntax;
using Aurae.Contract.Files;
using Aurae.Contract.Names;
using Aurae.Contract.Oci;
using Aurae.Contract.Syntax;
using Aurae.Contract.Yaml;

namespace Aurae.Cli.Apply;

/// <summary>
/// Reads workloads.yaml into a <see cref="WorkloadsFile"/>. Every mistake is a
/// <see cref="ConfigFileException"/> at FILE:LINE:COLUMN, found before any node is touched: the
/// names the node would refuse, the values it would refuse, and what only the whole file shows
/// (an image or artifact used but not declared, a node port published twice, a nested cell
/// without its parent, workloads in a cell with children), each at the value at fault.
/// </summary>
internal static class WorkloadsFileLoader
{
    private const string Kind = "workloads.yaml";

    private static readonly string[] CellKeys =
        ["cpu-weight", "cpu-max", "cpuset", "memory-max", "memory-high", "pids-max", "isolate-network", "isolate-process", "privileged", "containers", "executables"];

    private static readonly string[] SharedWorkloadKeys = ["env", "cwd", "uid", "gid", "ports", "restart", "artifacts"];
    private static readonly string[] ContainerKeys = ["image", "args", "entrypoint", .. SharedWorkloadKeys];
    private static readonly string[] ExecutableKeys = ["argv", "command", .. SharedWorkloadKeys];

    public static WorkloadsFile Load(string path)
    {
        var root = YamlConfigFile.Read(path, Kind, "declare what runs under cells: (and the images: and artifacts: it needs)");
        var top = root.AsMapping("artifacts", "images", "cells");
        var artifacts = top.Optional("artifacts") is { } artifactsField ? Artifacts(artifactsField) : [];
        var images = top.Optional("images") is { } imagesField ? Images(imagesField) : [];
        var declared = new Declared(
            images.Select(image => image.Name).ToHashSet(StringComparer.Ordinal),
            artifacts.Select(artifact => artifact.Name).ToHashSet(StringComparer.Ordinal));
        var cells = top.Optional("cells") is { } cellsField ? Cells(cellsField, declared) : [];
        return new WorkloadsFile(Path.GetFullPath(path), artifacts, images, cells);
    }

    /// <summary>What the file declares that workloads refer to, and the node ports published so far.</summary>
    private sealed record Declared(IReadOnlySet<string> Images, IReadOnlySet<string> Artifacts)
    {
        public Dictionary<uint, (string Workload, int Line)> NodePorts { get; } = [];

        public IReadOnlySet<string> Cells { get; set; } = new HashSet<string>();
    }

    private static List<DeclaredArtifact> Artifacts(ConfigField field)
    {
        var artifacts = new List<DeclaredArtifact>();
        foreach (var (name, value) in field.AsNamedEntries())
        {
            if (ArtifactName.Validate(name) is { } problem)
                throw field.KeyError(name, problem);
            // NAME: FILE, or NAME: {file: FILE, executable: BOOL}; executable by default when the file is.
            if (value.Node is YamlTreeScalar)
            {
                var file = value.AsExistingFile();
                artifacts.Add(new DeclaredArtifact(name, file, ExecutableFile.HasExecuteBit(file), value.Position));
                continue;
            }
            var mapping = value.AsMapping("file", "executable");
            var path = mapping.Required("file").AsExistingFile();
            var executable = mapping.Optional("executable")?.AsBoolean() ?? ExecutableFile.HasExecuteBit(path);
            artifacts.Add(new DeclaredArtifact(name, path, executable, value.Position));
        }
        return artifacts;
    }

    private static List<DeclaredImage> Images(ConfigField field)
    {
        var images = new List<DeclaredImage>();
        foreach (var (name, value) in field.AsNamedEntries())
        {
            if (ImageName.Validate(name) is { } problem)
                throw field.KeyError(name, problem);
            // NAME: FILE, or NAME: {file: FILE, digest: sha256:…} to pin what the archive must be.
            if (value.Node is YamlTreeScalar)
            {
                images.Add(new DeclaredImage(name, value.AsExistingFile(), null, value.Position));
                continue;
            }
            var mapping = value.AsMapping("file", "digest");
            var file = mapping.Required("file").AsExistingFile();
            string? digest = null;
            if (mapping.Optional("digest") is { } digestField)
            {
                digest = digestField.AsString();
                if (Digest.TryParse(digest) is null)
                    throw digestField.Error($"'{digest}' is not a digest: sha256: and 64 lowercase hex digits (the image's config digest, as `aurae image ls` shows it)");
            }
            images.Add(new DeclaredImage(name, file, digest, value.Position));
        }
        return images;
    }

    private static List<DeclaredCell> Cells(ConfigField field, Declared declared)
    {
        var entries = field.AsNamedEntries();
        declared.Cells = entries.Select(entry => entry.Key).ToHashSet(StringComparer.Ordinal);
        var cells = new List<DeclaredCell>();
        foreach (var (name, value) in entries)
        {
            if (CellNameRule.Validate(name) is { } problem)
                throw field.KeyError(name, problem);
            var slash = name.LastIndexOf('/');
            if (slash > 0 && !declared.Cells.Contains(name[..slash]))
                throw field.KeyError(name, $"cell '{name}' is nested in '{name[..slash]}', which the file does not declare");
            var cell = Cell(name, value, declared);
            if (cell.Workloads.Count > 0 && declared.Cells.FirstOrDefault(other => other.StartsWith(name + "/", StringComparison.Ordinal)) is { } child)
                throw field.KeyError(name, $"cell '{name}' runs workloads and holds cell '{child}': cgroup v2 runs processes only in cells without children (move the workloads into a cell of their own)");
            cells.Add(cell);
        }
        // Parents before children, whatever the file's order ("a" sorts before "a/b").
        return [.. cells.OrderBy(cell => cell.Name, StringComparer.Ordinal)];
    }

    private static DeclaredCell Cell(string name, ConfigField field, Declared declared)
    {
        if (field.IsNull)
            return new DeclaredCell(new CellSettings().ToCell(name), [], field.Position);
        var mapping = field.AsMapping(CellKeys);
        var settings = new CellSettings(
            CpuWeight: mapping.Optional("cpu-weight") is { } weight ? Unsigned(weight, 1, 10_000) : null,
            CpuMax: mapping.Optional("cpu-max") is { } max ? Parsed(max, CpuMax.Parse) : null,
            Cpuset: mapping.Optional("cpuset")?.AsString(),
            MemoryMax: mapping.Optional("memory-max") is { } memoryMax ? Parsed(memoryMax, ByteSizeSyntax.Parse) : null,
            MemoryHigh: mapping.Optional("memory-high") is { } memoryHigh ? Parsed(memoryHigh, ByteSizeSyntax.Parse) : null,
            PidsMax: mapping.Optional("pids-max") is { } pids ? (long)Unsigned(pids, 1, int.MaxValue) : null,
            IsolateNetwork: mapping.Optional("isolate-network")?.AsBoolean() ?? false,
            IsolateProcess: mapping.Optional("isolate-process")?.AsBoolean() ?? false,
            Privileged: mapping.Optional("privileged")?.AsBoolean() ?? false);
        if (settings.Privileged && (settings.IsolateNetwork || settings.IsolateProcess))
            throw mapping.KeyError("privileged", "a privileged cell shares the node: it cannot also isolate (remove isolate-network/isolate-process)");

        var workloads = new List<DeclaredWorkload>();
        var seen = new Dictionary<string, ConfigPosition>(StringComparer.Ordinal);
        foreach (var (key, isContainer) in new[] { ("containers", true), ("executables", false) })
        {
            if (mapping.Optional(key) is not { } group)
                continue;
            foreach (var (workloadName, value) in group.AsNamedEntries())
            {
                if (ExecutableName.Validate(workloadName) is { } problem)
                    throw group.KeyError(workloadName, problem);
                if (seen.TryGetValue(workloadName, out var first))
                    throw group.KeyError(workloadName, $"cell '{name}' already runs a workload named '{workloadName}' (line {first.Line}); names are unique in a cell");
                var workload = Workload(name, workloadName, value, isContainer, settings, declared);
                seen[workloadName] = workload.At;
                workloads.Add(workload);
            }
        }
        return new DeclaredCell(settings.ToCell(name), workloads, field.Position);
    }

    private static DeclaredWorkload Workload(string cell, string name, ConfigField field, bool isContainer, CellSettings settings, Declared declared)
    {
        var mapping = field.AsMapping(isContainer ? ContainerKeys : ExecutableKeys);
        var spec = new Executable { Name = name };
        if (isContainer)
        {
            if (settings.Privileged)
                throw field.Error("containers run isolated: this cell is privileged (run it in another cell)");
            var image = mapping.Required("image");
            spec.Image = image.AsString();
            if (ImageName.Validate(spec.Image) is { } problem)
                throw image.Error(problem);
            if (!declared.Images.Contains(spec.Image))
                throw image.Error($"image '{spec.Image}' is not declared under images: (name its archive there)");
            spec.Argv.AddRange(Strings(mapping.Optional("args")));
            spec.Entrypoint.AddRange(Strings(mapping.Optional("entrypoint")));
        }
        else
        {
            var argv = mapping.Optional("argv");
            var command = mapping.Optional("command");
            if ((argv is null) == (command is null))
                throw argv is null
                    ? field.Error("give the program to run: argv: [/path/to/program, args...] or command: \"shell command\"")
                    : mapping.KeyError(mapping.LastOf("argv", "command"), "'argv' and 'command' exclude each other; give one");
            if (argv is not null)
            {
                spec.Argv.AddRange(Strings(argv));
                if (spec.Argv.Count == 0 || !spec.Argv[0].StartsWith('/'))
                    throw argv.Error("argv[0] must be the program's absolute path (in the workload's root, or an artifact's path in the node's store)");
            }
            else
                spec.Command = command!.AsString();
        }
        if (mapping.Optional("env") is { } env)
            foreach (var (variable, value) in env.AsNamedEntries())
            {
                if (variable.Contains('=') || variable.Contains('\0'))
                    throw env.KeyError(variable, "an environment variable's name cannot hold '=' or NUL");
                spec.Environment[variable] = value.AsString();
            }
        if (mapping.Optional("cwd") is { } cwd)
        {
            spec.WorkingDirectory = cwd.AsString();
            if (!spec.WorkingDirectory.StartsWith('/'))
                throw cwd.Error("the working directory must be an absolute path");
        }
        if (mapping.Optional("uid") is { } uid)
            spec.Uid = (uint)Unsigned(uid, 0, 65_535);
        if (mapping.Optional("gid") is { } gid)
            spec.Gid = (uint)Unsigned(gid, 0, 65_535);
        if (mapping.Optional("ports") is { } ports)
        {
            if (!isContainer && !settings.IsolateNetwork)
                throw ports.Error($"publishing ports needs the cell's own network: give cell '{cell}' isolate-network: true");
            foreach (var port in ports.AsSequence())
            {
                var published = Parsed(port, PublishedPortSyntax.Parse);
                if (declared.NodePorts.TryGetValue(published.NodePort, out var other))
                    throw port.Error($"node port {published.NodePort} is already published by {other.Workload} (line {other.Line})");
                declared.NodePorts[published.NodePort] = ($"{cell}/{name}", port.Position.Line);
                spec.Ports.Add(published);
            }
        }
        if (mapping.Optional("artifacts") is { } bindings)
        {
            if (settings.Privileged)
                throw bindings.Error("a privileged cell's workloads run in the node's own root: run an artifact by its path in the store (/run/aurae/artifacts/names/NAME)");
            foreach (var binding in bindings.AsSequence())
            {
                var bound = Parsed(binding, ArtifactBindingSyntax.Parse);
                if (!declared.Artifacts.Contains(bound.Artifact))
                    throw binding.Error($"artifact '{bound.Artifact}' is not declared under artifacts: (name its file there)");
                spec.Artifacts.Add(bound);
            }
        }
        // `command` is `sh -c`: an isolated workload's root has a shell only where one is bound.
        if (spec.Command.Length > 0 && !settings.Privileged && spec.Artifacts.All(binding => binding.Path != "/bin/sh"))
            throw mapping.Required("command").Error("command runs /bin/sh -c in the workload's root: bind a shell there (artifacts: [busybox:/bin/sh]) or give argv");
        if (mapping.Optional("restart") is { } restart)
        {
            var text = restart.AsString();
            spec.Restart = RestartPolicySyntax.TryParse(text)
                ?? throw restart.Error($"unknown restart policy '{text}'{Suggestions.DidYouMean(text, RestartPolicySyntax.Names)}; known: {string.Join(", ", RestartPolicySyntax.Names)}");
        }
        return new DeclaredWorkload(cell, spec, field.Position);
    }

    private static IEnumerable<string> Strings(ConfigField? field) =>
        field is null ? [] : field.AsSequence().Select(item => item.AsString());

    private static ulong Unsigned(ConfigField field, ulong minimum, ulong maximum)
    {
        var text = field.AsString();
        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < minimum || value > maximum)
            throw field.Error($"expected a whole number {minimum}-{maximum}, got '{text}'");
        return value;
    }

    // A syntax's FormatException, pointed at the field it came from.
    private static T Parsed<T>(ConfigField field, Func<string, T> parse)
    {
        var text = field.AsString();
        try
        {
            return parse(text);
        }
        catch (FormatException e)
        {
            throw field.Error(e.Message);
        }
    }
}
