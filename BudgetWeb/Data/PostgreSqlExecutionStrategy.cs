using System.Data;
using BudgetWeb.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL;

namespace BudgetWeb.Data;

/// <summary>
/// Npgsql's retrying strategy (transient errors, connection loss), tuned for serializable snapshot isolation:
/// a conflict between two writers (40001, 40P01, <see cref="SerializationConflictException"/>) is retried after a
/// short random pause, since the other transaction has usually just committed; other transient errors back off as usual.
/// </summary>
public sealed class PostgreSqlExecutionStrategy(ExecutionStrategyDependencies dependencies)
    : NpgsqlRetryingExecutionStrategy(dependencies, MaxRetries, TimeSpan.FromSeconds(5), [PostgresErrorCodes.SerializationFailure, PostgresErrorCodes.DeadlockDetected])
{
    private const int MaxRetries = 10;

    protected override bool ShouldRetryOn(Exception? exception) =>
        exception is SerializationConflictException || base.ShouldRetryOn(exception);

    protected override TimeSpan? GetNextDelay(Exception lastException)
    {
        var delay = base.GetNextDelay(lastException); // null once the retries are used up
        return delay is not null && IsConflict(lastException)
            ? TimeSpan.FromMilliseconds(Random.Shared.Next(5, 50) * ExceptionsEncountered.Count)
            : delay;
    }

    private static bool IsConflict(Exception exception) =>
        exception is SerializationConflictException
        || exception.GetBaseException() is PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected };
}

/// <summary>
/// PostgreSQL checks a foreign key against rows committed after a serializable transaction's snapshot, and reports a
/// row that snapshot can't see (say, an expense added to a category being merged) as a foreign-key violation (23503),
/// not as a serialization failure. Inside serializable work it is one, and the unit runs again on a fresh snapshot.
/// </summary>
public sealed class SerializationConflictException(Exception inner)
    : Exception("A concurrent transaction committed rows this serializable transaction could not see.", inner)
{
    /// <summary>One attempt of a unit of work, with such a foreign-key violation rethrown as this retryable conflict.</summary>
    public static async Task<T> RetryableAsync<T>(BudgetDbContext db, IsolationLevel? isolation, Task<T> attempt)
    {
        try
        {
            return await attempt;
        }
        catch (Exception exception) when (isolation == IsolationLevel.Serializable && db.Database.IsNpgsql()
            && DatabaseErrorClassifier.Classify(exception) == DatabaseErrorKind.ForeignKey)
        {
            throw new SerializationConflictException(exception);
        }
    }
}
