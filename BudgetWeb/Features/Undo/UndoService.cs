using System.Data;
using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Undo;

/// <summary>
/// Undo and redo as operations of their own: one transaction through the runner, an Operation row pointing at the
/// operation it reverses, which is marked undone in the same transaction. The key makes a repeated click apply
/// once; a second undo with another key (another tab) finds the operation already undone.
/// </summary>
public sealed class UndoService(IDbContextFactory<BudgetDbContext> factory, TransactionRunner runner, CurrentUser currentUser, IEnumerable<IUndoer> undoers)
{
    public const string AlreadyUndone = "This was already undone.";
    public const string NotFound = "That change no longer exists.";
    public const string NotUndoable = "This kind of change can't be undone.";
    public const string ImportGone = "That import no longer exists or was already reverted.";

    private readonly Dictionary<OperationKind, IUndoer> _undoers = undoers.ToDictionary(u => u.Kind);

    /// <summary>Whether an operation of this kind (whose chain started with <paramref name="originalKind"/>) has an Undo button.</summary>
    public bool CanUndo(OperationKind originalKind) => _undoers.ContainsKey(originalKind);

    /// <summary>The toast's Undo: the operation is known by the key its dialog chose.</summary>
    public async Task<Result> UndoByKeyAsync(Guid operationKey, Guid undoKey, CancellationToken cancellationToken = default)
    {
        var userId = await currentUser.GetIdAsync();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var id = await db.Operations.Where(o => o.Key == operationKey && o.UserId == userId).Select(o => (long?)o.Id).FirstOrDefaultAsync(cancellationToken);

        // A repeated click finds the undo already done under its own key and reports that outcome.
        return id is { } found ? await UndoAsync(found, undoKey, cancellationToken) : Result.Fail(FailureKind.NotFound, NotFound);
    }

    /// <summary>"Revert this import" is the undo of the import (or of its latest redo).</summary>
    public async Task<Result> UndoImportAsync(long batchId, Guid undoKey, CancellationToken cancellationToken = default)
    {
        var userId = await currentUser.GetIdAsync();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var operationId = await db.ImportBatches.Where(b => b.Id == batchId && b.UserId == userId && b.Status == ImportBatchStatus.Imported)
            .Select(b => (long?)b.OperationId).FirstOrDefaultAsync(cancellationToken);
        while (operationId is { } id && await db.Operations.Where(o => o.Id == id).Select(o => o.UndoneById).FirstAsync(cancellationToken) is { } next)
        {
            operationId = next;
        }

        return operationId is { } latest ? await UndoAsync(latest, undoKey, cancellationToken) : Result.Fail(FailureKind.NotFound, ImportGone);
    }

    /// <summary>The kind the chain of <paramref name="operationKey"/> started with, when this user may undo it; null otherwise.</summary>
    public async Task<OperationKind?> UndoableKindAsync(Guid operationKey, CancellationToken cancellationToken = default)
    {
        var userId = await currentUser.GetIdAsync();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var operation = await db.Operations.AsNoTracking().FirstOrDefaultAsync(o => o.Key == operationKey && o.UserId == userId, cancellationToken);
        if (operation is null)
        {
            return null;
        }

        var (original, _) = await ChainAsync(db, operation, cancellationToken);
        return CanUndo(original.Kind) ? original.Kind : null;
    }

    public async Task<Result> UndoAsync(long operationId, Guid undoKey, CancellationToken cancellationToken = default)
    {
        var userId = await currentUser.GetIdAsync();
        return await runner.RunAsync(new OperationRequest(userId, OperationKind.Undo, undoKey), async scope =>
        {
            // Another user's operation is simply not found: nothing about it is revealed.
            var target = await scope.Db.Operations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == operationId && o.UserId == userId, scope.CancellationToken);
            if (target is null)
            {
                return Result.Fail(FailureKind.NotFound, NotFound);
            }

            if (target.UndoneById is not null)
            {
                return Result.Fail(FailureKind.Conflict, AlreadyUndone);
            }

            var (original, depth) = await ChainAsync(scope.Db, target, scope.CancellationToken);
            if (!_undoers.TryGetValue(original.Kind, out var undoer))
            {
                return Result.Fail(FailureKind.Validation, NotUndoable);
            }

            var redo = depth % 2 == 1;
            scope.Operation.UndoOfId = target.Id;
            var applied = await undoer.ApplyAsync(new UndoContext(scope, original, target, redo));
            if (!applied.Succeeded)
            {
                return applied;
            }

            await scope.Db.SaveChangesAsync(scope.CancellationToken);

            // Marked only if still not undone: of two undos racing on a server database, one wins, the other changes nothing.
            var marked = await scope.Db.Operations
                .Where(o => o.Id == target.Id && o.UndoneById == null)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.UndoneById, scope.Operation.Id).SetProperty(o => o.UndoneAt, scope.Now), scope.CancellationToken);
            if (marked != 1)
            {
                return Result.Fail(FailureKind.Conflict, AlreadyUndone);
            }

            return Result.Ok((redo ? "Redid: " : "Undid: ") + original.Summary);
        }, IsolationLevel.Serializable, cancellationToken);
    }

    /// <summary>The operation a chain of undos started from, and how many undos lie between it and <paramref name="operation"/>.</summary>
    private static async Task<(Operation Original, int Depth)> ChainAsync(BudgetDbContext db, Operation operation, CancellationToken cancellationToken)
    {
        var (current, depth) = (operation, 0);
        while (current.UndoOfId is { } previous)
        {
            current = await db.Operations.AsNoTracking().SingleAsync(o => o.Id == previous, cancellationToken);
            depth++;
        }

        return (current, depth);
    }
}
