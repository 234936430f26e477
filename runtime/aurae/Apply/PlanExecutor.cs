using Aurae.Api.Artifacts.V0;
using Aurae.Api.Cells.V0;
using Aurae.Api.Executables.V0;
using Aurae.Api.Images.V0;
using Aurae.Client;
using Grpc.Core;

namespace Aurae.Cli.Apply;

/// <summary>
/// Carries out a node's plan in the order the node needs: what workloads use arrives first
/// (artifacts, images); workloads the file no longer names stop; cells are freed children first
/// and allocated parents first; then workloads start; what nothing uses any more goes last.
/// Stops at the first refusal, naming the change (<see cref="ChangeFailedException"/>).
/// </summary>
internal static class PlanExecutor
{
    /// <param name="done">Hears of each change once it is complete, in the order they complete.</param>
    public static async Task ExecuteAsync(CallInvoker node, IReadOnlyList<PlannedChange> plan, Action<PlannedChange> done,
        CancellationToken cancellationToken)
    {
        var artifacts = new ArtifactService.ArtifactServiceClient(node);
        var images = new ImageService.ImageServiceClient(node);
        var cells = new CellService.CellServiceClient(node);
        var executables = new ExecutableService.ExecutableServiceClient(node);

        async Task Step<T>(IEnumerable<T> changes, Func<T, Task> act, bool report = true) where T : PlannedChange
        {
            foreach (var change in changes)
            {
                try
                {
                    await act(change);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    throw new ChangeFailedException(change, e);
                }
                if (report)
                    done(change);
            }
        }

        async Task StopAndRemove(string cell, string name)
        {
            // Stop first even if it has ended: that also cancels a restart its policy has pending.
            await cells.StopAsync(new CellServiceStopRequest { CellName = cell, ExecutableName = name }, cancellationToken: cancellationToken);
            await executables.RemoveAsync(new Aurae.Api.Executables.V0.RemoveRequest { CellName = cell, ExecutableName = name }, cancellationToken: cancellationToken);
        }

        var workloads = plan.OfType<WorkloadChange>().ToList();
        var cellChanges = plan.OfType<CellChange>().ToList();

        await Step(plan.OfType<ArtifactChange>().Where(c => c.Desired is not null), async change =>
        {
            await using var content = ArtifactUploader.OpenContent(change.Desired!.Declared.FilePath);
            await ArtifactUploader.PushAsync(artifacts, change.Desired.Header, content, cancellationToken);
        });
        await Step(plan.OfType<ImageChange>().Where(c => c.Desired is not null), change =>
            ImageUploader.PushAsync(node, change.Desired!.Header, change.Desired.Declared.FilePath, change.Name, cancellationToken));
        await Step(workloads.Where(c => c.Kind == ChangeKind.Remove && c.OnNode), change => StopAndRemove(change.Cell, change.WorkloadName));
        await Step(cellChanges.Where(c => c.Kind != ChangeKind.Add).OrderByDescending(c => c.Depth), async change =>
        {
            await cells.FreeAsync(new CellServiceFreeRequest { CellName = change.Name }, cancellationToken: cancellationToken);
            if (change.Kind == ChangeKind.Remove)
                done(change);
        }, report: false);
        // Ended with their cell.
        foreach (var change in workloads.Where(c => c.Kind == ChangeKind.Remove && !c.OnNode))
            done(change);
        await Step(cellChanges.Where(c => c.Kind != ChangeKind.Remove).OrderBy(c => c.Depth), change =>
            cells.AllocateAsync(new CellServiceAllocateRequest { Cell = change.Desired }, cancellationToken: cancellationToken).ResponseAsync);
        await Step(workloads.Where(c => c.Kind != ChangeKind.Remove), async change =>
        {
            if (change.OnNode)
                await StopAndRemove(change.Cell, change.WorkloadName);
            await cells.StartAsync(new CellServiceStartRequest { CellName = change.Cell, Executable = change.Desired }, cancellationToken: cancellationToken);
        });
        await Step(plan.OfType<ImageChange>().Where(c => c.Desired is null), change =>
            images.RemoveAsync(new Aurae.Api.Images.V0.RemoveRequest { Name = change.Name }, cancellationToken: cancellationToken).ResponseAsync);
        await Step(plan.OfType<ArtifactChange>().Where(c => c.Desired is null), change =>
            artifacts.DeleteAsync(new DeleteRequest { Name = change.Name }, cancellationToken: cancellationToken).ResponseAsync);
    }
}
