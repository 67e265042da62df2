using BudgetWeb.Common;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Budgets;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Undo;

/// <summary>
/// A carry-over setting goes back to what it replaced (the row removed, or its old mode put back), if it is still as
/// the change left it. The change itself may leave a month short (a deliberate choice); its undo is a change to money
/// that was already planned around, so like a transfer it is refused when it would leave some month short.
/// </summary>
public sealed class CarryOverUndoer : IUndoer
{
    public OperationKind Kind => OperationKind.CarryOverChanged;

    public async Task<Result> ApplyAsync(UndoContext context)
    {
        var (scope, changed) = (context.Scope, context.Details<Changed>());
        var (db, ct) = (scope.Db, scope.CancellationToken);
        var name = await db.Categories.Where(c => c.Id == changed.CategoryId).Select(c => c.Name).FirstOrDefaultAsync(ct);
        if (name is null)
        {
            return Result.Fail(FailureKind.MissingReference, UserMessages.CategoryMissing);
        }

        var mode = Enum.Parse<CarryOverMode>(changed.Mode);
        CarryOverMode? replaced = changed.ReplacedRowMode is { } text ? Enum.Parse<CarryOverMode>(text) : null;
        var (from, to) = context.Redo ? (replaced, (CarryOverMode?)mode) : (mode, replaced);
        var row = await db.CarryOverSettings.FirstOrDefaultAsync(
            s => s.UserId == scope.UserId && s.CategoryId == changed.CategoryId && s.EffectiveMonth == changed.EffectiveMonth, ct);
        if (row?.Mode != from || (row is not null && row.Id != changed.SettingId))
        {
            return Result.Fail(FailureKind.Conflict, UndoContext.ChangedSince($"Carry over for {name} from {Formatting.Month(changed.EffectiveMonth)}"));
        }

        var guard = await ShortfallGuard.WatchAsync(db, scope.UserId, changed.CategoryId, name, changed.EffectiveMonth, ct);
        if (to is not { } restored)
        {
            db.CarryOverSettings.Remove(row!);
            await db.SaveChangesAsync(ct);
        }
        else if (row is null)
        {
            db.CarryOverSettings.Add(new CarryOverSetting
            {
                Id = changed.SettingId, UserId = scope.UserId, CategoryId = changed.CategoryId, EffectiveMonth = changed.EffectiveMonth, Mode = restored,
                ChangedAt = context.Original.CreatedAt,
            });
            await db.SaveWithOwnIdsAsync<CarryOverSetting>(true, ct);
        }
        else
        {
            row.Mode = restored;
            row.ChangedAt = context.Redo ? context.Original.CreatedAt : changed.ReplacedRowChangedAt ?? row.ChangedAt;
            await db.SaveChangesAsync(ct);
        }

        return await guard.FindShortfallAsync(ct) is { } shortfall ? Result.Fail(FailureKind.InsufficientFunds, shortfall) : Result.Ok("");
    }

    private sealed record Changed(long SettingId, int CategoryId, DateOnly EffectiveMonth, string Mode, string? ReplacedRowMode, DateTime? ReplacedRowChangedAt);
}
