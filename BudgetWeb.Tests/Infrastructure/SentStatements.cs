using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BudgetWeb.Tests.Infrastructure;

/// <summary>The queries a test's database was sent, in order, for tests that pin which way a query is asked.</summary>
public sealed class SentStatements : DbCommandInterceptor
{
    private readonly ConcurrentQueue<string> _sent = new();

    public IReadOnlyList<string> All => [.. _sent];

    public void Clear() => _sent.Clear();

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        Sent(command, result);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Sent(command, result));

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
        Sent(command, result);

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Sent(command, result));

    private T Sent<T>(DbCommand command, T result)
    {
        _sent.Enqueue(command.CommandText);
        return result;
    }
}
