using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BudgetWeb.Data;

/// <summary>
/// Per-connection SQLite settings: wait for a busy writer instead of failing with "database is locked", enforce
/// foreign keys (also set in the connection string; repeating it costs nothing and survives edits there), and cache more.
/// WAL mode is a property of the file and is set once at start-up.
/// </summary>
internal sealed class SqliteConnectionSetup(int busyTimeoutSeconds) : DbConnectionInterceptor
{
    // 32 MB of page cache per connection (SQLite's default is 2 MB): an expense touches seven indexes and the search
    // index, and with a small cache large imports spend their time re-reading index pages.
    private readonly string _pragmas = $"PRAGMA busy_timeout = {busyTimeoutSeconds * 1000}; PRAGMA foreign_keys = ON; PRAGMA cache_size = -32768;";

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
