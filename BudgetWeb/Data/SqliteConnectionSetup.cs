using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BudgetWeb.Data;

/// <summary>
/// Per-connection SQLite settings: wait for a busy writer instead of failing with "database is locked", and
/// enforce foreign keys (also set in the connection string; repeating it costs nothing and survives edits there).
/// WAL mode is a property of the file and is set once at start-up.
/// </summary>
internal sealed class SqliteConnectionSetup(int busyTimeoutSeconds) : DbConnectionInterceptor
{
    private readonly string _pragmas = $"PRAGMA busy_timeout = {busyTimeoutSeconds * 1000}; PRAGMA foreign_keys = ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection); // SQLite runs async calls synchronously anyway.
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        command.ExecuteNonQuery();
    }
}
