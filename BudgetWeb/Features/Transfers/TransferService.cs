using System.Data;
using BudgetWeb.Common;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Budgets;
using BudgetWeb.Features.Categories;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Transfers;

/// <summary>
/// Moves budget from one category to another within a month: money never leaves one category without arriving
/// in the other. Three defences against overdrawing: the funds check inside a serializable transaction, the
/// allocation's version token (a concurrent debit fails the update), and the database's CHECK on allocations.
/// </summary>
public sealed class TransferService(TransactionRunner runner, CurrentUser currentUser, IValidator<TransferInput> validator)
{
    public async Task<Result> MoveAsync(TransferInput input, Guid operationKey, CancellationToken cancellationToken = default)
    {
        var userId = await currentUser.GetIdAsync();
        return await runner.RunAsync(new OperationRequest(userId, OperationKind.BudgetTransferred, operationKey), async scope =>
        {
            if (await validator.FindProblemAsync(input, scope.CancellationToken) is { } problem)
            {
                return problem;
            }

            var (fromId, toId) = (input.FromCategoryId!.Value, input.ToCategoryId!.Value);
            var month = Formatting.FirstOfMonth(input.Month!.Value);
            var cents = Money.ToCents(input.Amount!.Value);
            var names = await scope.Db.CategoryNamesAsync(fromId, toId, scope.CancellationToken);
            if (!names.ContainsKey(fromId) || !names.ContainsKey(toId))
            {
                return Result.Fail(FailureKind.MissingReference, UserMessages.CategoryMissing);
            }

            // One read gives this month's figures (the funds check) and every later month's (the shortfall check after the change).
            var guard = await ShortfallGuard.WatchAsync(scope.Db, userId, fromId, names[fromId], month, scope.CancellationToken);
            var available = guard.Month.AvailableCents;
            if (available < cents)
            {
                return Result.Fail(FailureKind.InsufficientFunds, UserMessages.InsufficientFunds(names[fromId], Math.Max(available, 0), month));
            }

            if (guard.Month.AllocatedCents < cents)
            {
                return Result.Fail(FailureKind.InsufficientFunds, UserMessages.OnlyBudgetedCanMove(names[fromId], guard.Month.AllocatedCents, month));
            }

            var from = await scope.ChangeAllocationAsync(fromId, month, -cents, JournalEntryKind.TransferOut);
            var to = await scope.ChangeAllocationAsync(toId, month, cents, JournalEntryKind.TransferIn);
            var transfer = new Transfer
            {
                UserId = userId,
                FromCategoryId = fromId,
                ToCategoryId = toId,
                Month = month,
                AmountCents = cents,
                Note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim(),
                Operation = scope.Operation,
                CreatedAt = scope.Now,
            };
            scope.Db.Transfers.Add(transfer);
            await scope.Db.SaveChangesAsync(scope.CancellationToken);
            if (await guard.FindShortfallAsync(-cents, scope.CancellationToken) is { } shortfall)
            {
                return Result.Fail(FailureKind.InsufficientFunds, shortfall);
            }

            scope.Record(new { TransferId = transfer.Id, FromCategoryId = fromId, ToCategoryId = toId, Month = month, AmountCents = cents, FromAllocationId = from.Id, ToAllocationId = to.Id, transfer.Note });
            return Result.Ok($"Moved {Formatting.Money(cents)} from {names[fromId]} to {names[toId]} ({Formatting.Month(month)}).");
        }, IsolationLevel.Serializable, cancellationToken);
    }
}
