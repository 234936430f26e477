using Aurae.Api.Cells.V0;

namespace Aurae.Cli.Apply;

/// <summary>
/// What apply must change on a node for it to run what workloads.yaml declares, and nothing else
/// when pruning. A pure function of the file and the node's state: the same plan is shown by
/// `aurae diff`, carried out by `aurae apply`, and must come out empty when apply has converged.
/// </summary>
internal static class ApplyPlanner
{
    public static IReadOnlyList<PlannedChange> Plan(DesiredState desired, NodeState node, bool prune)
    {
        var changes = new List<PlannedChange>();
        PlanArtifacts(desired, node, changes);
        PlanImages(desired, node, changes);
        var (added, replaced) = PlanCells(desired, node, prune, changes);
        PlanWorkloads(desired, node, prune, added, replaced, changes);
        if (prune)
        {
            var images = desired.Images.Select(image => image.Declared.Name).ToHashSet(StringComparer.Ordinal);
            changes.AddRange(node.ImageDigests.Keys.Where(name => !images.Contains(name)).Order(StringComparer.Ordinal).Select(ImageChange.Delete));
            var artifacts = desired.Artifacts.Select(artifact => artifact.Declared.Name).ToHashSet(StringComparer.Ordinal);
            changes.AddRange(node.Artifacts.Keys.Where(name => !artifacts.Contains(name)).Order(StringComparer.Ordinal).Select(ArtifactChange.Delete));
        }
        return changes;
    }

    private static void PlanArtifacts(DesiredState desired, NodeState node, List<PlannedChange> changes)
    {
        foreach (var artifact in desired.Artifacts)
        {
            var header = artifact.Header;
            if (!node.Artifacts.TryGetValue(artifact.Declared.Name, out var have))
                changes.Add(ArtifactChange.Push(artifact, ChangeKind.Add));
            else if (have.Sha256 != header.Sha256)
                changes.Add(ArtifactChange.Push(artifact, ChangeKind.Replace, $"content {Short(have.Sha256)} → {Short(header.Sha256)}"));
            else if (have.Executable != header.Executable)
                changes.Add(ArtifactChange.Push(artifact, ChangeKind.Replace, header.Executable ? "now executable" : "no longer executable"));
        }
    }

    private static void PlanImages(DesiredState desired, NodeState node, List<PlannedChange> changes)
    {
        foreach (var image in desired.Images)
        {
            if (!node.ImageDigests.TryGetValue(image.Declared.Name, out var digest))
                changes.Add(ImageChange.Push(image, ChangeKind.Add));
            else if (digest != image.ConfigDigest)
                changes.Add(ImageChange.Push(image, ChangeKind.Replace, $"{Short(digest)} → {Short(image.ConfigDigest)}"));
        }
    }

    /// <returns>The cells allocated anew and those freed and allocated again (their workloads end with them).</returns>
    private static (HashSet<string> Added, HashSet<string> Replaced) PlanCells(DesiredState desired, NodeState node, bool prune,
        List<PlannedChange> changes)
    {
        var added = new HashSet<string>(StringComparer.Ordinal);
        var replaced = new HashSet<string>(StringComparer.Ordinal);
        // The file's cells come parents first, so a replaced parent is known before its children.
        foreach (var cell in desired.File.Cells)
        {
            if (!node.Cells.TryGetValue(cell.Name, out var have))
            {
                added.Add(cell.Name);
                changes.Add(CellChange.Allocate(cell.Cell, ChangeKind.Add));
                continue;
            }
            // A cell with children cannot be freed: a replaced parent takes its children along.
            var differing = replaced.Any(parent => IsInside(cell.Name, parent)) ? ["its parent is replaced"] : SpecDifferences.Of(cell.Cell, have);
            if (differing.Count == 0)
                continue;
            replaced.Add(cell.Name);
            changes.Add(CellChange.Allocate(cell.Cell, ChangeKind.Replace, string.Join(", ", differing)));
        }
        var declared = desired.File.Cells.Select(cell => cell.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in node.Cells.Keys.Where(name => !declared.Contains(name)).Order(StringComparer.Ordinal))
        {
            var workloads = node.Workloads.Keys.Count(key => key.Cell == name);
            var what = workloads == 0 ? "" : workloads == 1 ? "and its workload" : $"and its {workloads} workloads";
            if (replaced.Any(parent => IsInside(name, parent)))
                changes.Add(CellChange.Free(name, "its parent is replaced" + (what.Length > 0 ? $"; {what}" : "")));
            else if (prune)
                changes.Add(CellChange.Free(name, what));
        }
        return (added, replaced);
    }

    private static void PlanWorkloads(DesiredState desired, NodeState node, bool prune, HashSet<string> added, HashSet<string> replaced,
        List<PlannedChange> changes)
    {
        var imageDigests = desired.ImageDigests;
        foreach (var cell in desired.File.Cells)
        {
            var isNew = added.Contains(cell.Name);
            var isReplaced = replaced.Contains(cell.Name);
            foreach (var workload in cell.Workloads)
            {
                node.Workloads.TryGetValue((cell.Name, workload.Name), out var old);
                if (isNew || old is null)
                    changes.Add(WorkloadChange.Start(workload));
                else if (isReplaced)
                    changes.Add(WorkloadChange.Restart(workload, old: null, "its cell is replaced"));
                else
                {
                    var differing = SpecDifferences.Of(workload.Spec, old.Spec).ToList();
                    // The image by its name may have new content (replaced above, or by hand): the container runs the old.
                    if (workload.IsContainer && differing.Count == 0 && old.ImageDigest != imageDigests[workload.Spec.Image])
                        differing.Add("image content");
                    if (differing.Count > 0)
                        changes.Add(WorkloadChange.Restart(workload, old, string.Join(", ", differing)));
                }
            }
            if (isNew)
                continue;
            var names = cell.Workloads.Select(workload => workload.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var ((_, name), old) in node.Workloads.Where(w => w.Key.Cell == cell.Name).OrderBy(w => w.Key.Name, StringComparer.Ordinal))
            {
                if (names.Contains(name))
                    continue;
                if (isReplaced)
                    changes.Add(WorkloadChange.Stop(old, onNode: false, "its cell is replaced"));
                else if (prune)
                    changes.Add(WorkloadChange.Stop(old, onNode: true));
            }
        }
    }

    private static bool IsInside(string cell, string ancestor) => cell.StartsWith(ancestor + "/", StringComparison.Ordinal);

    // "sha256:0123456789ab" or the first 12 hex digits: enough to tell two apart in a line.
    private static string Short(string digest)
    {
        var hex = digest.StartsWith("sha256:", StringComparison.Ordinal) ? digest[7..] : digest;
        return (digest.Length != hex.Length ? "sha256:" : "") + hex[..Math.Min(12, hex.Length)];
    }
}
