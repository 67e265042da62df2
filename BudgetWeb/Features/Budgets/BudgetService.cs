using BudgetWeb.Common;
using BudgetWeb.Data.Entities;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Budgets;

/// <summary>A user's own monthly budgets: set one, or copy last month's.</summary>
public sealed class BudgetService(TransactionRunner runner, CurrentUser currentUser, IValidator<BudgetInput> validator)
{
    public async Task<Result> SetAsync(BudgetInput input, Guid operationKey, CancellationToken cancellationToken = default)
    {
        var userId = await currentUser.GetIdAsync();
        return await runner.RunAsync(new OperationRequest(userId, OperationKind.BudgetSet, operationKey), async scope =>
        {
            if (await validator.FindProblemAsync(input, scope.CancellationToken) is { } problem)
            {
                return problem;
            }

            var month = Formatting.FirstOfMonth(input.Month!.Value);
            var cents = Money.ToCents(input.Amount!.Value);
            var categoryId = input.CategoryId!.Value;
            var name = await scope.Db.Categories.Where(c => c.Id == categoryId).Select(c => c.Name).FirstOrDefaultAsync(scope.CancellationToken);
            if (name is null)
            {
                return Result.Fail(FailureKind.MissingReference, UserMessages.CategoryMissing);
            }

            var current = await scope.Db.BudgetAllocations
                .Where(a => a.UserId == userId && a.CategoryId == categoryId && a.Month == month)
                .Select(a => (long?)a.AmountCents).FirstOrDefaultAsync(scope.CancellationToken) ?? 0;
            // Only a lower budget can leave this or a later month short.
            var guard = cents < current ? await ShortfallGuard.WatchAsync(scope.Db, userId, categoryId, name, month, scope.CancellationToken) : null;
            var allocation = await scope.ChangeAllocationAsync(categoryId, month, cents - current, JournalEntryKind.Set);
            await scope.Db.SaveChangesAsync(scope.CancellationToken);
            if (guard is not null && await guard.FindShortfallAsync(cents - current, scope.CancellationToken) is { } shortfall)
            {
                return Result.Fail(FailureKind.InsufficientFunds, shortfall);
            }

            scope.Record(new { AllocationId = allocation.Id, CategoryId = categoryId, Month = month, PreviousCents = current, AmountCents = cents });
            return Result.Ok($"Set {Words.Possessive(name)} budget for {Formatting.Month(month)} to {Formatting.Money(cents)}.");
        }, cancellationToken);
    }

    /// <summary>Copies the previous month's budgets into <paramref name="month"/>, leaving categories already budgeted there alone.</summary>
    public async Task<Result> CopyPreviousMonthAsync(DateOnly month, Guid operationKey, CancellationToken cancellationToken = default)
    {
        var userId = await currentUser.GetIdAsync();
        var target = Formatting.FirstOfMonth(month);
        var source = target.AddMonths(-1);
        return await runner.RunAsync(new OperationRequest(userId, OperationKind.BudgetsCopied, operationKey), async scope =>
        {
            var toCopy = await scope.Db.BudgetAllocations
                .Where(a => a.UserId == userId && a.Month == source && a.AmountCents > 0)
                .Where(a => !scope.Db.BudgetAllocations.Any(b => b.UserId == userId && b.Month == target && b.CategoryId == a.CategoryId))
                .OrderBy(a => a.CategoryId)
                .Select(a => new { a.CategoryId, a.AmountCents })
                .ToListAsync(scope.CancellationToken);
            if (toCopy.Count == 0)
            {
                return Result.Fail(FailureKind.NotFound,
                    $"Nothing to copy: {Formatting.Month(source)} has no budgets for categories that {Formatting.Month(target)} doesn't already budget.");
            }

            foreach (var row in toCopy)
            {
                await scope.ChangeAllocationAsync(row.CategoryId, target, row.AmountCents, JournalEntryKind.Set);
            }

            await scope.Db.SaveChangesAsync(scope.CancellationToken);
            scope.Record(new { From = source, To = target, Copied = toCopy });
            var budgets = Formatting.Count(toCopy.Count, "budget");
            return Result.Ok($"Copied {budgets} from {Formatting.Month(source)} to {Formatting.Month(target)}.");
        }, cancellationToken);
    }
}
