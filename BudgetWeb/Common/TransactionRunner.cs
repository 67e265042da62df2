using System.Data;
using System.Text.Json;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Common;

/// <summary>Who is doing what. <see cref="Key"/> makes the operation idempotent: a second run with the same key replays the first.</summary>
/// <param name="QueuedPerUser">
/// Wait for the user's other queued changes on PostgreSQL even when not serializable (see PostgreSqlUserQueue): for
/// work that writes many rows in many statements, such as an import.
/// </param>
public sealed record OperationRequest(string UserId, OperationKind Kind, Guid Key, bool QueuedPerUser = false)
{
    public static OperationRequest New(string userId, OperationKind kind) => new(userId, kind, Guid.NewGuid());
}

/// <summary>What a unit of work gets: the context inside the open transaction, and the Operation row it fills in.</summary>
public sealed class OperationScope(BudgetDbContext db, Operation operation, CancellationToken cancellationToken)
{
    public BudgetDbContext Db { get; } = db;

    /// <summary>Already added to the context: entities may point at it, and its Id is assigned by the first SaveChanges.</summary>
    public Operation Operation { get; } = operation;

    public string UserId => Operation.UserId;
    public DateTime Now => Operation.CreatedAt;
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Stores exactly what changed (ids and amounts), so that the operation can be undone later.</summary>
    public void Record(object details) => Operation.Details = JsonSerializer.Serialize(details);
}

/// <summary>
/// Runs every multi-step change the same way: the provider's execution strategy, a clean change tracker,
/// an explicit transaction, the work, its Operation row, commit. A failed result or any exception rolls
/// everything back; exceptions become the translated message. Nothing is ever half-written.
/// </summary>
public sealed class TransactionRunner(IDbContextFactory<BudgetDbContext> factory, DatabaseErrorTranslator translator, TimeProvider clock, ChangeNotifier notifier)
{
    public Task<Result> RunAsync(OperationRequest request, Func<OperationScope, Task<Result>> work, CancellationToken cancellationToken = default) =>
        RunAsync(request, work, isolation: null, cancellationToken);

    /// <param name="isolation">
    /// Serializable for work whose check must still hold at commit (e.g. funds available), so that on SQL Server a
    /// concurrent change to what was read waits or fails instead of slipping in. SQLite serializes writers anyway.
    /// </param>
    public async Task<Result> RunAsync(OperationRequest request, Func<OperationScope, Task<Result>> work, IsolationLevel? isolation, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await RunAsync(db, request, work, isolation, cancellationToken);
    }

    /// <summary>
    /// On a context the caller owns: for Identity, whose UserManager saves through the request's context.
    /// The context's tracker is cleared before every attempt, so a retried unit starts clean.
    /// </summary>
    public async Task<Result> RunAsync(BudgetDbContext db, OperationRequest request, Func<OperationScope, Task<Result>> work, IsolationLevel? isolation, CancellationToken cancellationToken = default)
    {
        try
        {
            var strategy = db.Database.CreateExecutionStrategy();
            var result = await strategy.ExecuteAsync(ct => SerializationConflictException.RetryableAsync(db, isolation, AttemptAsync(db, request, work, isolation, ct)), cancellationToken);
            if (result.Succeeded && !result.ChangedNothing)
            {
                notifier.Changed(request.UserId, request.Kind); // open pages (other tabs too) refresh
            }

            return result;
        }
        catch (Exception exception)
        {
            db.ChangeTracker.Clear();

            // Two submits of one operation racing on SQL Server: the loser trips the unique key; report the winner's outcome.
            if (DatabaseErrorClassifier.Classify(exception) == DatabaseErrorKind.Unique
                && exception is DbUpdateException update && update.Entries.Any(e => e.Entity is Operation)
                && await FindCompletedAsync(request, cancellationToken) is { } completed)
            {
                return completed;
            }

            return await translator.TranslateAsync(exception, cancellationToken);
        }
    }

    private async Task<Result> AttemptAsync(BudgetDbContext db, OperationRequest request, Func<OperationScope, Task<Result>> work, IsolationLevel? isolation, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await using var turn = await PostgreSqlUserQueue.EnterAsync(db, request.UserId, isolation == IsolationLevel.Serializable || request.QueuedPerUser, cancellationToken);
        await using var transaction = isolation is { } level
            ? await db.Database.BeginTransactionAsync(level, cancellationToken)
            : await db.Database.BeginTransactionAsync(cancellationToken);

        if (await CompletedOutcomeAsync(db, request, cancellationToken) is { } completed)
        {
            return completed;
        }

        var operation = new Operation
        {
            Key = request.Key,
            UserId = request.UserId,
            Kind = request.Kind,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Operations.Add(operation);

        var result = await work(new OperationScope(db, operation, cancellationToken));
        if (!result.Succeeded || result.ChangedNothing)
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return result;
        }

        if (operation.Summary.Length == 0)
        {
            operation.Summary = result.Message.Length <= Operation.SummaryMaxLength ? result.Message : result.Message[..Operation.SummaryMaxLength];
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private async Task<Result?> FindCompletedAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            return await CompletedOutcomeAsync(db, request, cancellationToken);
        }
        catch (Exception exception) when (DatabaseErrorClassifier.Classify(exception) != DatabaseErrorKind.Unknown)
        {
            return null;
        }
    }

    /// <summary>The outcome of an operation already committed with this key: its own success message again.</summary>
    private static async Task<Result?> CompletedOutcomeAsync(BudgetDbContext db, OperationRequest request, CancellationToken cancellationToken)
    {
        var done = await db.Operations.AsNoTracking()
            .Where(o => o.Key == request.Key)
            .Select(o => new { o.UserId, o.Summary })
            .FirstOrDefaultAsync(cancellationToken);
        return done switch
        {
            null => null,
            _ when done.UserId == request.UserId => Result.Ok(done.Summary),
            _ => Result.Fail(FailureKind.Unexpected, UserMessages.Unexpected),
        };
    }
}
