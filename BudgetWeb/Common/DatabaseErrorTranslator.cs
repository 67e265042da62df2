using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Budgets;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace BudgetWeb.Common;

public enum DatabaseErrorKind { Unique, ForeignKey, Check, Concurrency, Busy, Cancelled, Unknown }

/// <summary>
/// The one place that turns a database failure into words for the user. It classifies by provider codes
/// (SQLite extended result codes, SQL Server error numbers, PostgreSQL SQLSTATEs), never by exception text, and logs the details.
/// </summary>
public sealed class DatabaseErrorTranslator(IDbContextFactory<BudgetDbContext> factory, ILogger<DatabaseErrorTranslator> logger)
{
    // SQLite result codes: https://sqlite.org/rescode.html
    private const int SqliteBusy = 5, SqliteLocked = 6, SqliteConstraint = 19;
    private const int SqliteConstraintCheck = 275, SqliteConstraintForeignKey = 787, SqliteConstraintPrimaryKey = 1555, SqliteConstraintUnique = 2067;

    // SQL Server error numbers.
    private const int SqlServerUniqueIndex = 2601, SqlServerUniqueConstraint = 2627, SqlServerConstraintConflict = 547;
    private const int SqlServerDeadlock = 1205, SqlServerLockTimeout = 1222, SqlServerTimeout = -2;

    public static DatabaseErrorKind Classify(Exception exception)
    {
        switch (exception)
        {
            case DbUpdateConcurrencyException:
                return DatabaseErrorKind.Concurrency;
            case OperationCanceledException:
                return DatabaseErrorKind.Cancelled;
            case RetryLimitExceededException:
                return DatabaseErrorKind.Busy;
        }

        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case SqliteException sqlite:
                    return ClassifySqlite(sqlite);
                case SqlException sqlServer:
                    return ClassifySqlServer(sqlServer);
                case PostgresException postgres:
                    return ClassifyPostgres(postgres);
                case NpgsqlException { IsTransient: true }:
                    return DatabaseErrorKind.Busy; // the connection was lost or could not be opened
            }
        }

        return DatabaseErrorKind.Unknown;
    }

    private static DatabaseErrorKind ClassifySqlite(SqliteException exception) => exception.SqliteErrorCode switch
    {
        SqliteBusy or SqliteLocked => DatabaseErrorKind.Busy,
        SqliteConstraint => exception.SqliteExtendedErrorCode switch
        {
            SqliteConstraintUnique or SqliteConstraintPrimaryKey => DatabaseErrorKind.Unique,
            SqliteConstraintForeignKey => DatabaseErrorKind.ForeignKey,
            SqliteConstraintCheck => DatabaseErrorKind.Check,
            _ => DatabaseErrorKind.Unknown,
        },
        _ => DatabaseErrorKind.Unknown,
    };

    private static DatabaseErrorKind ClassifySqlServer(SqlException exception)
    {
        foreach (SqlError error in exception.Errors)
        {
            switch (error.Number)
            {
                case SqlServerUniqueIndex or SqlServerUniqueConstraint:
                    return DatabaseErrorKind.Unique;
                case SqlServerConstraintConflict:
                    // SQL Server reports foreign-key and CHECK conflicts under one number; the constraint's name,
                    // which follows EF's CK_/FK_ convention in this model, is the only thing that tells them apart.
                    return error.Message.Contains("\"CK_", StringComparison.Ordinal) ? DatabaseErrorKind.Check : DatabaseErrorKind.ForeignKey;
                case SqlServerDeadlock or SqlServerLockTimeout or SqlServerTimeout:
                    return DatabaseErrorKind.Busy;
            }
        }

        return DatabaseErrorKind.Unknown;
    }

    /// <summary>PostgreSQL's SQLSTATE codes: https://www.postgresql.org/docs/current/errcodes-appendix.html</summary>
    private static DatabaseErrorKind ClassifyPostgres(PostgresException exception) => exception.SqlState switch
    {
        PostgresErrorCodes.UniqueViolation => DatabaseErrorKind.Unique,
        PostgresErrorCodes.ForeignKeyViolation => DatabaseErrorKind.ForeignKey,
        PostgresErrorCodes.CheckViolation => DatabaseErrorKind.Check,
        // Reached only when the execution strategy has run out of retries.
        PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.LockNotAvailable => DatabaseErrorKind.Busy,
        PostgresErrorCodes.QueryCanceled or PostgresErrorCodes.TooManyConnections => DatabaseErrorKind.Busy,
        // Class 08 (connection exception) and the server shutting down or starting up.
        var state when state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("57P", StringComparison.Ordinal) => DatabaseErrorKind.Busy,
        _ => DatabaseErrorKind.Unknown,
    };

    /// <summary>
    /// The failure result for an exception thrown by a unit of work that has already been rolled back.
    /// A CHECK violation on a budget is reported with the category's current available amount, read afresh.
    /// </summary>
    public async Task<Result> TranslateAsync(Exception exception, CancellationToken cancellationToken = default)
    {
        var kind = Classify(exception);
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
                ? await InsufficientFundsAsync(allocation, cancellationToken)
                : Result.Fail(FailureKind.Validation, UserMessages.AmountNotAllowed),
            DatabaseErrorKind.Concurrency => Result.Fail(FailureKind.Concurrency, UserMessages.Concurrency),
            DatabaseErrorKind.Busy => Result.Fail(FailureKind.Busy, UserMessages.Busy),
            DatabaseErrorKind.Cancelled => Result.Fail(FailureKind.Cancelled, UserMessages.Cancelled),
            _ => Result.Fail(FailureKind.Unexpected, UserMessages.Unexpected),
        };
    }

    private async Task<Result> InsufficientFundsAsync(BudgetAllocation allocation, CancellationToken cancellationToken)
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
        catch (Exception readFailure) when (Classify(readFailure) != DatabaseErrorKind.Unknown)
        {
            logger.LogWarning(readFailure, "Could not read the available amount for the insufficient-funds message");
            return Result.Fail(FailureKind.InsufficientFunds, UserMessages.AmountNotAllowed);
        }
    }
}
