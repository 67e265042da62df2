using BudgetWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Common;

/// <summary>
/// Words a refused budget allocation (a CHECK violation): only the Budgets feature knows what is available,
/// so it supplies this and Common depends on no feature.
/// </summary>
public interface IInsufficientFundsMessage
{
    Task<Result> ForAsync(BudgetAllocation allocation, CancellationToken cancellationToken);
}

/// <summary>
/// The one place that turns a database failure into words for the user, from the kind
/// <see cref="DatabaseErrorClassifier"/> finds; it logs the details.
/// </summary>
public sealed class DatabaseErrorTranslator(IInsufficientFundsMessage insufficientFunds, ILogger<DatabaseErrorTranslator> logger)
{
    /// <summary>
    /// The failure result for an exception thrown by a unit of work that has already been rolled back.
    /// A CHECK violation on a budget is reported with the category's current available amount, read afresh.
    /// </summary>
    public async Task<Result> TranslateAsync(Exception exception, CancellationToken cancellationToken = default)
    {
        var kind = DatabaseErrorClassifier.Classify(exception);
        if (kind == DatabaseErrorKind.Unknown)
        {
            logger.LogError(exception, "Unexpected failure; the transaction was rolled back");
        }
        else if (kind != DatabaseErrorKind.Cancelled)
        {
            logger.LogWarning(exception, "Database refused the change ({Kind}); the transaction was rolled back", kind);
        }

        var entities = exception is DbUpdateException update ? update.Entries.Select(e => e.Entity).ToList() : [];
        return kind switch
        {
            DatabaseErrorKind.Unique => entities.OfType<Category>().FirstOrDefault() is { } category
                ? Result.Fail(FailureKind.Duplicate, UserMessages.CategoryExists(category.Name))
                : Result.Fail(FailureKind.Duplicate, UserMessages.Duplicate),
            DatabaseErrorKind.ForeignKey => Result.Fail(FailureKind.MissingReference, UserMessages.CategoryMissing),
            DatabaseErrorKind.Check => entities.OfType<BudgetAllocation>().FirstOrDefault() is { } allocation
                ? await insufficientFunds.ForAsync(allocation, cancellationToken)
                : Result.Fail(FailureKind.Validation, UserMessages.AmountNotAllowed),
            DatabaseErrorKind.Concurrency => Result.Fail(FailureKind.Concurrency, UserMessages.Concurrency),
            DatabaseErrorKind.Busy => Result.Fail(FailureKind.Busy, UserMessages.Busy),
            DatabaseErrorKind.Cancelled => Result.Fail(FailureKind.Cancelled, UserMessages.Cancelled),
            _ => Result.Fail(FailureKind.Unexpected, UserMessages.Unexpected),
        };
    }
}
