using System.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BudgetWeb.Data;

/// <summary>
/// On PostgreSQL, two serializable changes by one user at once (two transfers from the same budget) mostly end in a
/// serialization failure for one of them, and on small tables, whose reads lock the whole table, nearly every pair
/// conflicts: eight at once would retry each other until the retries ran out. A session advisory lock per user,
/// taken before the transaction and its snapshot start, queues them instead, across every app instance. The
/// execution strategy's retries remain for conflicts between different users' work.
/// An import queues too: each of its rows is a statement whose trigger updates one of the user's monthly totals, so
/// two imports of one user at once take those rows in different orders and deadlock (seen: 16 racing writers).
/// </summary>
internal sealed class PostgreSqlUserQueue : IAsyncDisposable
{
    private readonly BudgetDbContext _db;
    private readonly string _userId;

    private PostgreSqlUserQueue(BudgetDbContext db, string userId) => (_db, _userId) = (db, userId);

    /// <summary>Waits for the user's turn; null (nothing to wait for) except for queued work on PostgreSQL.</summary>
    public static async Task<PostgreSqlUserQueue?> EnterAsync(BudgetDbContext db, string userId, bool queued, CancellationToken cancellationToken)
    {
        if (!queued || !db.Database.IsNpgsql())
        {
            return null;
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await ExecuteAsync(db, "SELECT pg_advisory_lock(hashtextextended(@user, 0))", userId, cancellationToken);
            return new PostgreSqlUserQueue(db, userId);
        }
        catch
        {
            await db.Database.CloseConnectionAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ExecuteAsync(_db, "SELECT pg_advisory_unlock(hashtextextended(@user, 0))", _userId, CancellationToken.None);
        }
        finally
        {
            // A lock not released above went with a broken connection, and the server released it then.
            await _db.Database.CloseConnectionAsync();
        }
    }

    // Straight on the connection, outside EF's command pipeline: queueing is not part of the unit of work.
    private static async Task ExecuteAsync(BudgetDbContext db, string sql, string userId, CancellationToken cancellationToken)
    {
        await using var command = (NpgsqlCommand)db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("user", userId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
