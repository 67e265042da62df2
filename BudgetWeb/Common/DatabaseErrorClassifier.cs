using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace BudgetWeb.Common;

public enum DatabaseErrorKind { Unique, ForeignKey, Check, Concurrency, Busy, Cancelled, Unknown }

/// <summary>
/// What kind of refusal a database failure is, from provider codes (SQLite extended result codes, SQL Server
/// error numbers, PostgreSQL SQLSTATEs), never from exception text. Pure, so the runner and the import writer can ask it freely;
/// the words for the user are <see cref="DatabaseErrorTranslator"/>'s.
/// </summary>
public static class DatabaseErrorClassifier
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
}
