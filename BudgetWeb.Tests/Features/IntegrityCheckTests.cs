using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Integrity;
using BudgetWeb.Tests.Infrastructure;
using BudgetWeb.Workload;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BudgetWeb.Tests.Features;

/// <summary>
/// The verifier on a household that went through every kind of change (the crash workload's steps, run to the end
/// in this process), then damaged behind the app's back the way a bug or a bad restore would damage it. On SQLite and
/// on PostgreSQL: the checks are queries in the database, and each provider runs its own SQL.
/// </summary>
public abstract class IntegrityCheckTests(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly string _folder = TestDatabase.NewFolder();
    private WorkloadServices _app = null!;
    private string? _postgresDatabase;

    protected DatabaseProvider Provider => provider;

    public async Task InitializeAsync()
    {
        string[] settings = [];
        if (provider == DatabaseProvider.PostgreSql)
        {
            _postgresDatabase = await TestPostgres.CreateDatabaseAsync();
            settings = TestPostgres.AppSettings(_postgresDatabase);
        }

        await CrashWorkload.RunAsync(_folder, seed: 20261127, steps: 120, settings);
        _app = await WorkloadServices.OpenAsync(_folder, migrate: false, settings);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        if (_postgresDatabase is not null)
        {
            await TestPostgres.DropDatabaseAsync(_postgresDatabase);
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    protected async Task<IntegrityReport> RunAsync() => await _app.Services.GetRequiredService<IntegrityCheck>().RunAsync();

    private async Task<IReadOnlyList<string>> FailedAsync() => (await RunAsync()).Checks.Where(c => !c.Passed).Select(c => c.Name).ToList();

    /// <summary>
    /// Raw SQL behind the app's back, as a buggy tool or a bad restore would write: on SQLite with foreign keys and CHECK
    /// constraints off; on PostgreSQL with foreign keys off when asked (replica mode, which also stops the monthly totals'
    /// triggers; its CHECK constraints can't be turned off). Table and column names are quoted, which both read alike.
    /// A change to the schema (<paramref name="schema"/>) counts no rows, so it isn't asked to.
    /// </summary>
    protected async Task DamageAsync(string sql, bool foreignKeysOff = false, bool schema = false)
    {
        await using System.Data.Common.DbConnection connection = provider == DatabaseProvider.PostgreSql
            ? new NpgsqlConnection(TestPostgres.ConnectionString(_postgresDatabase!) + ";Pooling=false")
            : new SqliteConnection($"Data Source={Path.Combine(_folder, "budgetweb.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = (provider, foreignKeysOff) switch
        {
            (DatabaseProvider.PostgreSql, true) => "SET session_replication_role = replica; ",
            (DatabaseProvider.PostgreSql, false) => "",
            _ => "PRAGMA foreign_keys = OFF; PRAGMA ignore_check_constraints = ON; ",
        } + sql;
        Assert.True(await command.ExecuteNonQueryAsync() > 0 || schema, $"The damage changed nothing: {sql}");
    }

    [Fact]
    public async Task A_household_after_every_kind_of_change_passes_every_check()
    {
        var report = await RunAsync();

        Assert.True(report.AllPassed, string.Join("\n", report.Checks));
        if (Provider == DatabaseProvider.Sqlite)
        {
            Assert.Contains(report.Checks, c => c.Name == "SQLite integrity_check");
            Assert.Contains(report.Checks, c => c.Name == "SQLite foreign_key_check");
        }

        await using var db = await _app.Factory.CreateDbContextAsync();
        var kinds = await db.Operations.Select(o => o.Kind).Distinct().ToListAsync();
        Assert.Superset(
            new HashSet<OperationKind>
            {
                OperationKind.BudgetSet, OperationKind.BudgetTransferred, OperationKind.ExpenseAdded, OperationKind.ExpenseSplit, OperationKind.ImportCompleted,
                OperationKind.Undo, OperationKind.ExpensesDeleted, OperationKind.ExpensesMoved, OperationKind.CategoriesMerged,
            },
            kinds.ToHashSet());
    }

    [Fact]
    public async Task A_budget_changed_without_a_journal_entry_is_found_with_its_row()
    {
        await DamageAsync("""UPDATE "BudgetAllocations" SET "AmountCents" = "AmountCents" + 1 WHERE "Id" = (SELECT MIN("Id") FROM "BudgetAllocations")""");

        var check = Assert.Single((await RunAsync()).Checks, c => !c.Passed);

        Assert.Equal("Every budget equals the sum of its journal", check.Name);
        Assert.Equal(1, check.Problems);
        Assert.Contains("Budget = ", Assert.Single(check.Examples));
    }

    [Fact]
    public async Task A_negative_budget_is_found()
    {
        const string damage = """
            UPDATE "BudgetJournal" SET "DeltaCents" = "DeltaCents" - 100000000 WHERE "Id" = (SELECT MIN("Id") FROM "BudgetJournal" WHERE "Kind" = 'Set');
            UPDATE "BudgetAllocations" SET "AmountCents" = "AmountCents" - 100000000 WHERE "Id" = (SELECT "AllocationId" FROM "BudgetJournal" WHERE "Id" = (SELECT MIN("Id") FROM "BudgetJournal" WHERE "Kind" = 'Set'));
            """;
        if (Provider == DatabaseProvider.PostgreSql)
        {
            // PostgreSQL's CHECK constraint can't be switched off: even raw SQL behind the app's back is refused.
            var refused = await Assert.ThrowsAsync<PostgresException>(() => DamageAsync(damage));
            Assert.Equal(PostgresErrorCodes.CheckViolation, refused.SqlState);
            Assert.Empty(await FailedAsync());
            return;
        }

        await DamageAsync(damage);

        // SQLite's integrity_check also re-checks CHECK constraints, which the damage bypassed.
        Assert.Equal(["No budget is negative", "SQLite integrity_check"], await FailedAsync());
    }

    [Fact]
    public async Task A_transfer_whose_credit_vanished_is_found()
    {
        // The credit goes, and its budget is lowered to match, so only the transfer itself is unbalanced.
        await DamageAsync("""
            CREATE TEMP TABLE "Doomed" AS SELECT "Id", "AllocationId", "DeltaCents" FROM "BudgetJournal" WHERE "Id" = (SELECT MIN("Id") FROM "BudgetJournal" WHERE "Kind" = 'TransferIn');
            UPDATE "BudgetAllocations" SET "AmountCents" = "AmountCents" - (SELECT "DeltaCents" FROM "Doomed") WHERE "Id" = (SELECT "AllocationId" FROM "Doomed");
            DELETE FROM "BudgetJournal" WHERE "Id" = (SELECT "Id" FROM "Doomed");
            """);

        var failed = await FailedAsync();

        Assert.Contains("Every transfer has its debit and credit", failed);
        Assert.Contains("Transfer debits and credits cancel out", failed);
        Assert.DoesNotContain("Every budget equals the sum of its journal", failed);
    }

    [Fact]
    public async Task A_split_part_changed_behind_the_apps_back_is_found()
    {
        await DamageAsync("""UPDATE "Expenses" SET "AmountCents" = "AmountCents" + 1 WHERE "Id" = (SELECT MIN("Id") FROM "Expenses" WHERE "SplitGroupId" IS NOT NULL)""");

        Assert.Equal(["Every split adds up to what it recorded"], await FailedAsync());
    }

    [Fact]
    public async Task An_operation_marked_undone_without_its_undo_is_found()
    {
        await DamageAsync("""UPDATE "Operations" SET "UndoneAt" = '2026-05-01 00:00:00' WHERE "Id" = (SELECT MIN("Id") FROM "Operations" WHERE "UndoneById" IS NULL)""");

        Assert.Equal(["Every undone operation has its undo"], await FailedAsync());
    }

    [Fact]
    public async Task An_imported_row_deleted_behind_the_apps_back_is_found()
    {
        await DamageAsync("""DELETE FROM "Expenses" WHERE "Id" = (SELECT MIN(e."Id") FROM "Expenses" e JOIN "ImportBatches" b ON b."Id" = e."ImportBatchId" WHERE e."SplitGroupId" IS NULL)""");

        var check = Assert.Single((await RunAsync()).Checks, c => !c.Passed);
        Assert.Equal("Every import batch holds exactly the rows it reported", check.Name);
        Assert.Contains("Rows = ", check.Examples[0]);
    }

    [Fact]
    public async Task Monthly_totals_changed_or_lost_behind_the_apps_back_are_found_with_their_rows()
    {
        // One total is off by a cent; another month's total is gone although its expenses remain.
        await DamageAsync("""
            UPDATE "ExpenseMonthTotals" SET "AmountCents" = "AmountCents" + 1
                WHERE ("UserId", "CategoryId", "Month") = (SELECT "UserId", "CategoryId", "Month" FROM "ExpenseMonthTotals" ORDER BY "UserId", "CategoryId", "Month" LIMIT 1);
            DELETE FROM "ExpenseMonthTotals"
                WHERE ("UserId", "CategoryId", "Month") = (SELECT "UserId", "CategoryId", "Month" FROM "ExpenseMonthTotals" ORDER BY "UserId" DESC, "CategoryId" DESC, "Month" DESC LIMIT 1);
            """);

        var failed = (await RunAsync()).Checks.Where(c => !c.Passed).ToList();

        // Carry-over reads the totals, so its figures no longer match the recount over the raw rows either.
        Assert.Equal(["Carried-in and available amounts equal a month-by-month recount", "Monthly totals equal the expenses"], failed.Select(c => c.Name));
        var check = failed.Single(c => c.Name == "Monthly totals equal the expenses");
        Assert.Equal(2, check.Problems);
        Assert.Contains(check.Examples, e => e.Contains("TotalCount = 0,"));
        Assert.Contains(check.Examples, e => !e.Contains("TotalCount = 0,") && e.Contains("TotalCents = "));
    }

    [Fact]
    public async Task Expenses_changed_behind_the_apps_back_move_their_monthly_totals_with_them()
    {
        // The triggers follow any writer, not only BudgetWeb's code: a tool that moves or deletes rows keeps the totals true.
        await DamageAsync("""
            UPDATE "Expenses" SET "Date" = '2019-01-15', "AmountCents" = "AmountCents" * 2
                WHERE "Id" IN (SELECT "Id" FROM "Expenses" WHERE "SplitGroupId" IS NULL AND "ImportBatchId" IS NULL ORDER BY "Id" LIMIT 3);
            DELETE FROM "Expenses" WHERE "Id" = (SELECT MAX("Id") FROM "Expenses" WHERE "SplitGroupId" IS NULL AND "ImportBatchId" IS NULL);
            """);

        Assert.DoesNotContain("Monthly totals equal the expenses", await FailedAsync());
        await using var db = await _app.Factory.CreateDbContextAsync();
        Assert.True(await db.ExpenseMonthTotals.AnyAsync(t => t.Month == new DateOnly(2019, 1, 1)));
    }

    [Fact]
    public async Task Rows_pointing_at_a_deleted_category_or_user_are_found_by_the_checks_and_by_SQLites_own_check()
    {
        await DamageAsync("""
            DELETE FROM "Categories" WHERE "Name" = 'Travel';
            UPDATE "Expenses" SET "UserId" = 'nobody' WHERE "Id" = (SELECT MIN("Id") FROM "Expenses");
            """, foreignKeysOff: true);

        var failed = await FailedAsync();

        Assert.Contains("Every row points at an existing category", failed);
        Assert.Contains("Every row points at an existing user", failed);
        if (Provider == DatabaseProvider.Sqlite)
        {
            Assert.Contains("SQLite foreign_key_check", failed);
        }
    }
}

public sealed class IntegrityCheckTestsOnSqlite() : IntegrityCheckTests(DatabaseProvider.Sqlite)
{
    /// <summary>SQLite's full-text index is kept by triggers and, for an import, filled in bulk before it commits.</summary>
    [Fact]
    public async Task An_expense_missing_from_the_search_index_is_found()
    {
        await DamageAsync("""
            INSERT INTO "ExpenseSearch" ("ExpenseSearch", rowid, "Description") SELECT 'delete', "Id", "Description" FROM "Expenses" WHERE "Id" = (SELECT MIN("Id") FROM "Expenses");
            """);

        var check = Assert.Single((await RunAsync()).Checks, c => !c.Passed);

        Assert.Equal("The search index holds every expense", check.Name);
        Assert.Matches("^expense [0-9]+ is not in the search index$", Assert.Single(check.Examples));
    }

    /// <summary>An import takes two of these off inside its transaction (ExpenseBulkFill); one left off is reported.</summary>
    [Theory]
    [InlineData("Expenses_Search_Insert", "The search index holds every expense", "the search index's trigger Expenses_Search_Insert is missing")]
    [InlineData("Expenses_MonthTotals", "Monthly totals equal the expenses", "the monthly totals' trigger Expenses_MonthTotals is missing")]
    public async Task A_trigger_left_off_is_found(string trigger, string checkName, string example)
    {
        await DamageAsync($"""DROP TRIGGER "{trigger}";""", schema: true);

        var check = Assert.Single((await RunAsync()).Checks, c => !c.Passed);

        Assert.Equal(checkName, check.Name);
        Assert.Equal(example, Assert.Single(check.Examples));
    }
}

public sealed class IntegrityCheckTestsOnPostgreSql() : IntegrityCheckTests(DatabaseProvider.PostgreSql);
