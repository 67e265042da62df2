using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BudgetWeb.Tests.Infrastructure;

/// <summary>SQLite primary result codes used to simulate failures (https://sqlite.org/rescode.html).</summary>
public static class SqliteCodes
{
    public const int Busy = 5;
    public const int IoError = 10;
}

/// <summary>
/// Fails the Nth database command after it is armed, as if the database had refused it. Until armed it only
/// counts nothing and changes nothing, so it can sit in every test's pipeline.
/// </summary>
public sealed class FailingCommands : DbCommandInterceptor
{
    private int _failAt;
    private int _seen;
    private int _errorCode;

    /// <summary>True once the armed failure has been thrown.</summary>
    public bool Triggered { get; private set; }

    public void FailCommand(int number, int sqliteErrorCode = SqliteCodes.IoError)
    {
        _seen = 0;
        _errorCode = sqliteErrorCode;
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
            throw new SqliteException($"Injected failure of database command {failAt}", _errorCode);
        }

        return result;
    }
}

/// <summary>Fails the next commit once armed: the COMMIT never reaches the database and the transaction rolls back.</summary>
public sealed class FailingCommit : DbTransactionInterceptor
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
            throw new SqliteException("Injected failure of the commit", SqliteCodes.IoError);
        }
    }
}
