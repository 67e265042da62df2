using BudgetWeb.Common;
using BudgetWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Budgets;

/// <summary>A user's carry-over setting per category: what a month's balance does at the month's end.</summary>
public sealed class CarryOverService(TransactionRunner runner, CurrentUser currentUser, TimeProvider clock)
{
    /// <summary>Words the Categories page shows for each setting ("Carry over" menu).</summary>
    public static string Label(CarryOverMode mode) => mode switch
    {
        CarryOverMode.Unspent => "Unspent",
        CarryOverMode.UnspentAndOverspent => "Unspent and overspent",
        _ => "None",
    };

    /// <summary>
    /// Sets the category's carry-over from <paramref name="month"/> onward, or from the current month if that is later:
    /// months already lived keep the figures they showed. Recorded with what it replaced, so it can be undone.
    /// </summary>
    public async Task<Result> SetAsync(int categoryId, CarryOverMode mode, DateOnly month, Guid operationKey, CancellationToken cancellationToken = default)
    {
        var userId = await currentUser.GetIdAsync();
        var current = Formatting.CurrentMonth(clock);
        var effective = Formatting.FirstOfMonth(month) < current ? current : Formatting.FirstOfMonth(month);
        return await runner.RunAsync(new OperationRequest(userId, OperationKind.CarryOverChanged, operationKey), async scope =>
        {
            if (!Enum.IsDefined(mode))
            {
                return Result.Fail(FailureKind.Validation, "Choose Unspent, Unspent and overspent, or None.");
            }

            var name = await scope.Db.Categories.Where(c => c.Id == categoryId).Select(c => c.Name).FirstOrDefaultAsync(scope.CancellationToken);
            if (name is null)
            {
                return Result.Fail(FailureKind.MissingReference, UserMessages.CategoryMissing);
            }

            var settings = scope.Db.CarryOverSettings.Where(s => s.UserId == userId && s.CategoryId == categoryId);
            var previous = await settings.Where(s => s.EffectiveMonth <= effective).OrderByDescending(s => s.EffectiveMonth)
                .Select(s => (CarryOverMode?)s.Mode).FirstOrDefaultAsync(scope.CancellationToken) ?? CarryOverMode.Unspent;
            if (previous == mode)
            {
                return Result.Fail(FailureKind.Validation, $"{name} already carries over {Label(mode)} in {Formatting.Month(effective)}. Nothing was changed.");
            }

            var row = await settings.SingleOrDefaultAsync(s => s.EffectiveMonth == effective, scope.CancellationToken);
            var (replacedRowMode, replacedRowChangedAt) = (row?.Mode, row?.ChangedAt);
            if (row is null)
            {
                row = new CarryOverSetting { UserId = userId, CategoryId = categoryId, EffectiveMonth = effective };
                scope.Db.CarryOverSettings.Add(row);
            }

            row.Mode = mode;
            row.ChangedAt = scope.Now;
            await scope.Db.SaveChangesAsync(scope.CancellationToken);

            // To undo: when ReplacedRowMode is null, delete the setting row; otherwise put that mode (and its time) back on it.
            scope.Record(new
            {
                SettingId = row.Id,
                CategoryId = categoryId,
                EffectiveMonth = effective,
                Mode = mode.ToString(),
                PreviousMode = previous.ToString(),
                ReplacedRowMode = replacedRowMode?.ToString(),
                ReplacedRowChangedAt = replacedRowChangedAt,
            });
            return Result.Ok($"{name} now carries over {Label(mode)} from {Formatting.Month(effective)}.");
        }, cancellationToken);
    }
}
