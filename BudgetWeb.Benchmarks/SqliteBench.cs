using System.Data.Common;
using BudgetWeb.Data;
using Microsoft.Data.Sqlite;

/// <summary>SQLite: a file in a temporary folder per database; the FTS5 trigram table for text search.</summary>
internal sealed class SqliteBench : BenchProvider
{
    public override string Name => "SQLite";

    protected override (Dictionary<string, string?> Settings, string ConnectionString) NewDatabaseSettings(string purpose)
    {
        var folder = Path.Combine(Path.GetTempPath(), "budgetweb-bench", $"{purpose}-{Guid.NewGuid():N}");
        var file = DatabaseServiceCollectionExtensions.SqliteFilePath(new DatabaseOptions { DataFolder = folder }, folder);
        return (new() { ["Database:DataFolder"] = folder }, $"Data Source={file}");
    }

    public override DbConnection Connect(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }

    public override Task DropAsync(BenchDatabase database)
    {
        SqliteConnection.ClearAllPools();
        var folder = Path.GetDirectoryName(new SqliteConnectionStringBuilder(database.ConnectionString).DataSource)!;
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        return Task.CompletedTask;
    }

    public override object StoredGuid(Guid value) => value.ToString().ToUpperInvariant();

    public override string MonthKey(string column) => $"substr({column}, 1, 7)";

    public override string YearAndMonth(string column) => $"strftime('%Y', {column}), strftime('%m', {column})";

    // LIKE ignores ASCII case on SQLite.
    public override string NaiveTextMatch(string word) => $"e.\"Description\" LIKE '%{word}%'";

    public override string IndexedTextMatch(string word) => $"e.\"Id\" IN (SELECT rowid FROM \"ExpenseSearch\" WHERE \"ExpenseSearch\" MATCH '\"{word}\"')";

    /// <summary>
    /// The best way by hand on this schema: the prepared INSERT loop without the per-row triggers of the search index
    /// and the monthly totals, then both filled in one statement each (as an import does it), and the triggers put
    /// back as they were.
    /// </summary>
    public override void BulkInsertExpenses(DbConnection connection, IEnumerable<RawExpense> expenses)
    {
        string[] names = ["Expenses_Search_Insert", "Expenses_MonthTotals"];
        var triggers = names.Select(name => (string)connection.Scalar("""SELECT "sql" FROM sqlite_master WHERE "type" = 'trigger' AND "name" = @name""", ("name", name))!).ToList();
        var lastId = Convert.ToInt64(connection.Scalar("""SELECT COALESCE(MAX("Id"), 0) FROM "Expenses" """));
        foreach (var name in names)
        {
            connection.Execute($"""DROP TRIGGER "{name}" """);
        }

        try
        {
            InsertExpensesOneByOne(connection, expenses);
            connection.Execute("""INSERT INTO "ExpenseSearch" (rowid, "Description") SELECT "Id", "Description" FROM "Expenses" WHERE "Id" > @last""", ("last", lastId));
            connection.Execute("""
                INSERT INTO "ExpenseMonthTotals" ("UserId", "Month", "CategoryId", "ExpenseCount", "AmountCents")
                SELECT "UserId", substr("Date", 1, 8) || '01', "CategoryId", COUNT(*), SUM("AmountCents") FROM "Expenses" WHERE "Id" > @last
                GROUP BY "UserId", substr("Date", 1, 8) || '01', "CategoryId"
                ON CONFLICT ("UserId", "Month", "CategoryId") DO UPDATE SET
                    "ExpenseCount" = "ExpenseCount" + excluded."ExpenseCount", "AmountCents" = "AmountCents" + excluded."AmountCents"
                """, ("last", lastId));
        }
        finally
        {
            foreach (var trigger in triggers)
            {
                connection.Execute(trigger); // a failed seeding must not leave the database without its triggers
            }
        }
    }

    public override string AfterSeedSql => "ANALYZE";
}
