using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Budgets;

/// <summary>A budget the database refused to take below zero, reported with the category's available amount read afresh.</summary>
public sealed class InsufficientFundsMessage(IDbContextFactory<BudgetDbContext> factory, ILogger<InsufficientFundsMessage> logger) : IInsufficientFundsMessage
{
    public async Task<Result> ForAsync(BudgetAllocation allocation, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var name = await db.Categories.Where(c => c.Id == allocation.CategoryId).Select(c => c.Name).FirstOrDefaultAsync(cancellationToken);
            if (name is null)
            {
                return Result.Fail(FailureKind.MissingReference, UserMessages.CategoryMissing);
            }

            var available = await db.AvailableCentsAsync(allocation.UserId, allocation.CategoryId, allocation.Month, cancellationToken);
            return Result.Fail(FailureKind.InsufficientFunds, UserMessages.InsufficientFunds(name, available, allocation.Month));
        }
        catch (Exception readFailure) when (DatabaseErrorClassifier.Classify(readFailure) != DatabaseErrorKind.Unknown)
        {
            logger.LogWarning(readFailure, "Could not read the available amount for the insufficient-funds message");
            return Result.Fail(FailureKind.InsufficientFunds, UserMessages.AmountNotAllowed);
        }
    }
}
