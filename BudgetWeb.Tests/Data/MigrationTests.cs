using BudgetWeb.Data;
using BudgetWeb.Extensions;
using BudgetWeb.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetWeb.Tests.Data;

public sealed class MigrationTests
{
    private static ServiceProvider SqlServerServices(string? connectionString = null) => SqlServerModel.Services(connectionString);

    private static BudgetDbContext CreateSqlServerContext(ServiceProvider services) => SqlServerModel.CreateContext(services);

    [Fact]
    public async Task The_SQLite_migrations_match_the_model()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateDbContext();

        Assert.IsType<SqliteBudgetDbContext>(db);
        Assert.False(db.Database.HasPendingModelChanges(), "Run: dotnet ef migrations add <Name> --context SqliteBudgetDbContext --output-dir Data/Migrations/Sqlite");
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public void The_SQL_Server_migrations_match_the_model()
    {
        using var services = SqlServerServices();
        using var db = CreateSqlServerContext(services);

        Assert.IsType<SqlServerBudgetDbContext>(db);
        Assert.False(db.Database.HasPendingModelChanges(), "Run: dotnet ef migrations add <Name> --context SqlServerBudgetDbContext --output-dir Data/Migrations/SqlServer -- --Database:Provider=SqlServer");
    }

    [Fact]
    public void The_SQL_Server_idempotent_script_carries_the_constraints()
    {
        using var services = SqlServerServices();
        using var db = CreateSqlServerContext(services);

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("IF NOT EXISTS", script);
        Assert.Contains("CONSTRAINT [CK_BudgetAllocations_Amount_NotNegative] CHECK (AmountCents >= 0)", script);
        Assert.Contains("CONSTRAINT [CK_Expenses_Amount_NotZero] CHECK (AmountCents <> 0)", script);
        Assert.Contains("CONSTRAINT [CK_Transfers_Amount_Positive] CHECK (AmountCents > 0)", script);
        Assert.Contains("CREATE UNIQUE INDEX [IX_Categories_NormalizedName] ON [Categories] ([NormalizedName])", script);
        Assert.Contains("CREATE UNIQUE INDEX [IX_Operations_Key] ON [Operations] ([Key])", script);
        Assert.Contains("CREATE UNIQUE INDEX [IX_BudgetAllocations_UserId_CategoryId_Month]", script);
        Assert.Contains("CREATE INDEX [IX_Expenses_UserId_Date] ON [Expenses] ([UserId], [Date])", script);
        Assert.Contains("CREATE INDEX [IX_Expenses_UserId_CategoryId_Date] ON [Expenses] ([UserId], [CategoryId], [Date])", script);
        // Deliberate delete behaviour: nothing a category or a user owns disappears in a silent cascade.
        Assert.Contains("CONSTRAINT [FK_Expenses_Categories_CategoryId] FOREIGN KEY ([CategoryId]) REFERENCES [Categories] ([Id]) ON DELETE NO ACTION", script);
        Assert.Contains("CONSTRAINT [FK_Expenses_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE NO ACTION", script);
        Assert.Contains("[DataProtectionKeys]", script);
        Assert.Contains("[AspNetUserPasskeys]", script);
    }

    [Fact]
    public void The_SQL_Server_model_builds_the_Identity_schema_with_passkeys()
    {
        using var services = SqlServerServices();
        using var db = CreateSqlServerContext(services);

        Assert.NotNull(db.Model.FindEntityType(typeof(IdentityUserPasskey<string>)));
    }

    [Fact]
    public void SQL_Server_refuses_MARS_because_it_disables_savepoints()
    {
        using var services = SqlServerServices("Server=localhost;Database=BudgetWeb;User Id=budget;Password=unused;MultipleActiveResultSets=True");

        var error = Assert.Throws<InvalidOperationException>(() => CreateSqlServerContext(services));

        Assert.Contains("Remove MultipleActiveResultSets=True", error.Message);
    }

    [Fact]
    public async Task SQLite_runs_in_WAL_mode_with_foreign_keys_and_a_busy_timeout()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateDbContext();
        await db.Database.OpenConnectionAsync();

        Assert.Equal("wal", await Pragma(db, "journal_mode"));
        Assert.Equal("1", await Pragma(db, "foreign_keys"));
        Assert.Equal((new DatabaseOptions().BusyTimeoutSeconds * 1000).ToString(), await Pragma(db, "busy_timeout"));
    }

    [Fact]
    public async Task The_data_folder_is_created_when_missing()
    {
        var folder = Path.Combine(TestDatabase.NewFolder(), "nested", "data");
        Assert.False(Directory.Exists(folder));
        var services = new ServiceCollection();
        TestDatabase.Register(services, folder);
        await using var provider = services.BuildServiceProvider();

        await provider.PrepareDatabaseAsync();

        Assert.True(File.Exists(Path.Combine(folder, "budgetweb.db")));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Path.GetDirectoryName(Path.GetDirectoryName(folder))!, recursive: true);
    }

    [Fact]
    public async Task A_start_up_killed_while_migrating_does_not_keep_the_next_start_up_waiting_forever()
    {
        var folder = TestDatabase.NewFolder();
        var services = new ServiceCollection();
        TestDatabase.Register(services, folder);
        await using var provider = services.BuildServiceProvider();
        await provider.PrepareDatabaseAsync();
        await using (var db = await provider.GetRequiredService<IDbContextFactory<BudgetDbContext>>().CreateDbContextAsync())
        {
            // What EF Core's SQLite migration lock leaves behind when its process is killed before Migrate finishes.
            await db.Database.ExecuteSqlRawAsync("""INSERT INTO "__EFMigrationsLock"("Id", "Timestamp") VALUES (1, '2026-11-28 00:56:00+00:00')""");
        }

        // Not a time limit on the start-up: without the fix it never ends, and a hung test tells nobody anything.
        await provider.PrepareDatabaseAsync().WaitAsync(TimeSpan.FromMinutes(5));

        await using var after = await provider.GetRequiredService<IDbContextFactory<BudgetDbContext>>().CreateDbContextAsync();
        Assert.Empty(await after.Database.GetPendingMigrationsAsync());
        Assert.Equal(0, await after.Database.SqlQueryRaw<int>("""SELECT COUNT(*) AS "Value" FROM "__EFMigrationsLock" """).SingleAsync());
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>
    /// The refunds migration rebuilds Expenses on SQLite (a CHECK can't be altered), which drops the search index's
    /// triggers; it creates them again. An expense from before the upgrade is still found, a new one is indexed, and
    /// the new CHECK takes a negative amount and refuses zero.
    /// </summary>
    [Fact]
    public async Task Upgrading_SQLite_to_refunds_keeps_the_expenses_and_their_search_index()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateDbContext();
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync("20261127232220_ImportProfiles");
        var user = await database.CreateUserAsync("alice@example.com");
        var food = await database.CreateCategoryAsync("Food");
        await Execute(db, $"INSERT INTO \"Expenses\" (\"UserId\", \"Date\", \"Description\", \"AmountCents\", \"CategoryId\", \"CreatedAt\", \"Version\") VALUES ('{user.Id}', '2026-03-01', 'Old bakery', 420, {food}, '2026-03-01 00:00:00', 'A0000000-0000-0000-0000-000000000000')");

        await migrator.MigrateAsync();
        await Execute(db, $"INSERT INTO \"Expenses\" (\"UserId\", \"Date\", \"Description\", \"AmountCents\", \"CategoryId\", \"CreatedAt\", \"Version\") VALUES ('{user.Id}', '2026-03-02', 'New bakery refund', -120, {food}, '2026-03-02 00:00:00', 'B0000000-0000-0000-0000-000000000000')");

        Assert.Equal(["New bakery refund", "Old bakery"], await db.Database.SqlQueryRaw<string>("SELECT e.\"Description\" AS \"Value\" FROM \"ExpenseSearch\" s JOIN \"Expenses\" e ON e.\"Id\" = s.rowid WHERE \"ExpenseSearch\" MATCH 'bakery' ORDER BY 1").ToListAsync());
        Assert.Equal(3, await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'Expenses_Search_%'").SingleAsync());
        // The insert trigger is the plain one again (ImportTriggersOff: an import takes it off instead of being skipped by it).
        Assert.DoesNotContain("ExpenseSearchDeferred", await db.Database.SqlQueryRaw<string>("SELECT sql AS \"Value\" FROM sqlite_master WHERE type = 'trigger' AND name = 'Expenses_Search_Insert'").SingleAsync());
        Assert.Equal(0, await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE name = 'ExpenseSearchDeferred'").SingleAsync());
        // The monthly totals' triggers came back too (the refund counted, signed), and so did the indexes of the sorts.
        Assert.Equal(3, await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'Expenses_MonthTotals%'").SingleAsync());
        var march = await db.ExpenseMonthTotals.SingleAsync();
        Assert.Equal((2L, 300L), (march.ExpenseCount, march.AmountCents));
        var indexes = await db.Database.SqlQueryRaw<string>("SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'index' AND tbl_name = 'Expenses' AND name LIKE 'IX_%'").ToListAsync();
        Assert.Equal(["IX_Expenses_CategoryId", "IX_Expenses_ImportBatchId", "IX_Expenses_SplitGroupId", "IX_Expenses_UserId_Amount", "IX_Expenses_UserId_CategoryId_Amount",
            "IX_Expenses_UserId_CategoryId_Date", "IX_Expenses_UserId_Date", "IX_Expenses_UserId_Description", "IX_Expenses_UserId_ImportKey"], indexes.Order(StringComparer.Ordinal));
        var zero = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => Execute(db, $"UPDATE \"Expenses\" SET \"AmountCents\" = 0"));
        Assert.Contains("CK_Expenses_Amount_NotZero", zero.Message);
    }

    private static async Task Execute(BudgetDbContext db, string sql) => await db.Database.ExecuteSqlRawAsync(sql);

    private static async Task<string> Pragma(BudgetDbContext db, string name)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return Convert.ToString(await command.ExecuteScalarAsync())!;
    }
}
