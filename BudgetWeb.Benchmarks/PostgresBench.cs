using System.Data.Common;
using BudgetWeb.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

/// <summary>
/// PostgreSQL: a database of its own per size on the server named by BUDGETWEB_BENCH_POSTGRES (or the tests'
/// BUDGETWEB_TEST_POSTGRES), created and migrated by the app's start-up code and dropped at the end; the pg_trgm
/// index for text search, as the app's ILIKE uses.
/// </summary>
internal sealed class PostgresBench(string serverConnectionString) : BenchProvider
{
    public static readonly string[] Variables = ["BUDGETWEB_BENCH_POSTGRES", "BUDGETWEB_TEST_POSTGRES"];

    /// <summary>The server from the environment, or null when none is named.</summary>
    public static PostgresBench? FromEnvironment() =>
        Variables.Select(Environment.GetEnvironmentVariable).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)) is { } server ? new PostgresBench(server) : null;

    public override string Name => "PostgreSQL";

    protected override (Dictionary<string, string?> Settings, string ConnectionString) NewDatabaseSettings(string purpose)
    {
        // EF's Migrate creates the database when it is missing, so the app's own start-up path makes it.
        var connectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = $"budgetweb_bench_{purpose}_{Guid.NewGuid():N}" }.ConnectionString;
        return (new()
        {
            ["Database:Provider"] = nameof(DatabaseProvider.PostgreSql),
            ["Database:MigrateOnStartup"] = "true",
            ["ConnectionStrings:PostgreSql"] = connectionString,
        }, connectionString);
    }

    public override DbConnection Connect(string connectionString)
    {
        // Seeding's COPY (its triggers) and VACUUM take minutes on a busy machine: no 30 s command timeout for them.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 }.ConnectionString);
        connection.Open();
        return connection;
    }

    public override string? Problem()
    {
        try
        {
            using var connection = Connect(serverConnectionString);
            return null;
        }
        catch (Exception error) when (error is NpgsqlException or ArgumentException)
        {
            return $"Can't connect to the PostgreSQL server in {Variables[0]} / {Variables[1]} ({serverConnectionString}): {error.Message}";
        }
    }

    public override async Task DropAsync(BenchDatabase database)
    {
        await using var db = await database.Services.GetRequiredService<IDbContextFactory<BudgetDbContext>>().CreateDbContextAsync();
        await db.Database.EnsureDeletedAsync(); // clears Npgsql's pools first
    }

    public override object StoredGuid(Guid value) => value;

    public override string MonthKey(string column) => $"date_trunc('month', {column})";

    public override string YearAndMonth(string column) => $"extract(year FROM {column}), extract(month FROM {column})";

    // Without pg_trgm this is how one would ignore case; no index serves it, so every row of the user is read.
    public override string NaiveTextMatch(string word) => $"lower(e.\"Description\") LIKE '%{word}%'";

    // What the app writes (EF.Functions.ILike): the trigram index of PostgreSqlBudgetDbContext serves it.
    public override string IndexedTextMatch(string word) => $"e.\"Description\" ILIKE '%{word}%'";

    /// <summary>Binary COPY, much faster than an INSERT loop. COPY fires the statement-level triggers that keep ExpenseMonthTotals.</summary>
    public override void BulkInsertExpenses(DbConnection connection, IEnumerable<RawExpense> expenses)
    {
        using var copy = ((NpgsqlConnection)connection).BeginBinaryImport(
            "COPY \"Expenses\" (\"UserId\", \"Date\", \"Description\", \"AmountCents\", \"CategoryId\", \"ImportKey\", \"CreatedAt\", \"Version\") FROM STDIN (FORMAT BINARY)");
        var createdAt = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        foreach (var e in expenses)
        {
            copy.StartRow();
            copy.Write(e.UserId, NpgsqlDbType.Varchar);
            copy.Write(e.Date, NpgsqlDbType.Date);
            copy.Write(e.Description, NpgsqlDbType.Varchar);
            copy.Write(e.AmountCents, NpgsqlDbType.Bigint);
            copy.Write(e.CategoryId, NpgsqlDbType.Integer);
            if (e.ImportKey is null)
            {
                copy.WriteNull();
            }
            else
            {
                copy.Write(e.ImportKey, NpgsqlDbType.Varchar);
            }

            copy.Write(createdAt, NpgsqlDbType.TimestampTz);
            copy.Write(Guid.NewGuid(), NpgsqlDbType.Uuid);
        }

        copy.Complete();
    }

    // A running server's autovacuum would have vacuumed a freshly loaded table (visibility map for index-only scans,
    // the trigram index's pending list merged); do it now rather than in the middle of the timings.
    public override string AfterSeedSql => "VACUUM (ANALYZE)";
}
