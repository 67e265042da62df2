using System.Data.Common;
using BudgetWeb.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace BudgetWeb.Tests.Infrastructure;

/// <summary>What an injected failure looks like, raised as the provider's own exception with its own code.</summary>
public enum InjectedFault
{
    /// <summary>An I/O error (SQLite 10, PostgreSQL XX000): not retried, reported as unexpected.</summary>
    Error,

    /// <summary>A busy database (SQLite 5, PostgreSQL 57014 statement timeout): not retried, reported as busy.</summary>
    Busy,

    /// <summary>PostgreSQL 40001: the execution strategy retries the whole unit.</summary>
    SerializationFailure,
}

internal static class InjectedFaults
{
    public static Exception Create(DatabaseProvider provider, InjectedFault fault, string message) => provider switch
    {
        DatabaseProvider.PostgreSql => new PostgresException(message, "ERROR", "ERROR", fault switch
        {
            InjectedFault.Busy => PostgresErrorCodes.QueryCanceled,
            InjectedFault.SerializationFailure => PostgresErrorCodes.SerializationFailure,
            _ => PostgresErrorCodes.InternalError,
        }),
        _ => new SqliteException(message, fault == InjectedFault.Busy ? 5 : 10), // SQLITE_BUSY, SQLITE_IOERR
    };
}

/// <summary>
/// Fails the Nth database command after it is armed, as if the database had refused it. Until armed it only
/// counts nothing and changes nothing, so it can sit in every test's pipeline.
/// </summary>
public sealed class FailingCommands(DatabaseProvider provider) : DbCommandInterceptor
{
    private int _failAt;
    private int _seen;
    private InjectedFault _fault;

    /// <summary>True once the armed failure has been thrown.</summary>
    public bool Triggered { get; private set; }

    public void FailCommand(int number, InjectedFault fault = InjectedFault.Error)
    {
        _seen = 0;
        _fault = fault;
        Triggered = false;
        Volatile.Write(ref _failAt, number);
    }

    public void Disarm() => Volatile.Write(ref _failAt, 0);

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        Hit(result);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Hit(result));

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
        Hit(result);

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Hit(result));

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
        Hit(result);

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Hit(result));

    private T Hit<T>(T result)
    {
        var failAt = Volatile.Read(ref _failAt);
        if (failAt == 0)
        {
            return result;
        }

        if (Interlocked.Increment(ref _seen) == failAt)
        {
            Disarm();
            Triggered = true;
            throw InjectedFaults.Create(provider, _fault, $"Injected failure of database command {failAt}");
        }

        return result;
    }
}

/// <summary>Fails the next commit once armed: the COMMIT never reaches the database and the transaction rolls back.</summary>
public sealed class FailingCommit(DatabaseProvider provider) : DbTransactionInterceptor
{
    private int _armed;

    public void FailNextCommit() => Volatile.Write(ref _armed, 1);

    public void Disarm() => Volatile.Write(ref _armed, 0);

    public override InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        Hit();
        return result;
    }

    public override ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Hit();
        return ValueTask.FromResult(result);
    }

    private void Hit()
    {
        if (Interlocked.Exchange(ref _armed, 0) == 1)
        {
            throw InjectedFaults.Create(provider, InjectedFault.Error, "Injected failure of the commit");
        }
    }
}
