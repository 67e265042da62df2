using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Integrity;
using BudgetWeb.Tests.Infrastructure;
using BudgetWeb.Workload;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetWeb.Tests.Features;

/// <summary>
/// The verifier on a household that went through every kind of change (the crash workload's steps, run to the end
/// in this process), then damaged behind the app's back the way a bug or a bad restore would damage it.
/// </summary>
public sealed class IntegrityCheckTests : IAsyncLifetime
{
    private readonly string _folder = TestDatabase.NewFolder();
    private WorkloadServices _app = null!;

    public async Task InitializeAsync()
    {
        await CrashWorkload.RunAsync(_folder, seed: 20261127, steps: 120);
        _app = await WorkloadServices.OpenAsync(_folder, migrate: false);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private async Task<IntegrityReport> RunAsync() => await _app.Services.GetRequiredService<IntegrityCheck>().RunAsync();

    private async Task<IReadOnlyList<string>> FailedAsync() => (await RunAsync()).Checks.Where(c => !c.Passed).Select(c => c.Name).ToList();

    /// <summary>Raw SQL on the file with foreign keys and CHECK constraints off, as a buggy tool or a bad restore would write.</summary>
    private async Task DamageAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_folder, "budgetweb.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA foreign_keys = OFF; PRAGMA ignore_check_constraints = ON; " + sql;
        Assert.True(await command.ExecuteNonQueryAsync() > 0, $"The damage changed nothing: {sql}");
    }

    [Fact]
    public async Task A_household_after_every_kind_of_change_passes_every_check()
    {
        var report = await RunAsync();

        Assert.True(report.AllPassed, string.Join("\n", report.Checks));
        Assert.Contains(report.Checks, c => c.Name == "SQLite integrity_check");
        Assert.Contains(report.Checks, c => c.Name == "SQLite foreign_key_check");
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
        await DamageAsync("UPDATE BudgetAllocations SET AmountCents = AmountCents + 1 WHERE Id = (SELECT MIN(Id) FROM BudgetAllocations)");

        var check = Assert.Single((await RunAsync()).Checks, c => !c.Passed);

        Assert.Equal("Every budget equals the sum of its journal", check.Name);
        Assert.Equal(1, check.Problems);
        Assert.Contains("Budget = ", Assert.Single(check.Examples));
    }

    [Fact]
    public async Task A_negative_budget_is_found()
    {
        await DamageAsync("""
            UPDATE BudgetJournal SET DeltaCents = DeltaCents - 100000000 WHERE Id = (SELECT MIN(Id) FROM BudgetJournal WHERE Kind = 'Set');
            UPDATE BudgetAllocations SET AmountCents = AmountCents - 100000000 WHERE Id = (SELECT AllocationId FROM BudgetJournal WHERE Id = (SELECT MIN(Id) FROM BudgetJournal WHERE Kind = 'Set'));
            """);

        // SQLite's integrity_check also re-checks CHECK constraints, which the damage bypassed.
        Assert.Equal(["No budget is negative", "SQLite integrity_check"], await FailedAsync());
    }

    [Fact]
    public async Task A_transfer_whose_credit_vanished_is_found()
    {
        // The credit goes, and its budget is lowered to match, so only the transfer itself is unbalanced.
        await DamageAsync("""
            CREATE TEMP TABLE Doomed AS SELECT Id, AllocationId, DeltaCents FROM BudgetJournal WHERE Id = (SELECT MIN(Id) FROM BudgetJournal WHERE Kind = 'TransferIn');
            UPDATE BudgetAllocations SET AmountCents = AmountCents - (SELECT DeltaCents FROM Doomed) WHERE Id = (SELECT AllocationId FROM Doomed);
            DELETE FROM BudgetJournal WHERE Id = (SELECT Id FROM Doomed);
            """);

        var failed = await FailedAsync();

        Assert.Contains("Every transfer has its debit and credit", failed);
        Assert.Contains("Transfer debits and credits cancel out", failed);
        Assert.DoesNotContain("Every budget equals the sum of its journal", failed);
    }

    [Fact]
    public async Task A_split_part_changed_behind_the_apps_back_is_found()
    {
        await DamageAsync("UPDATE Expenses SET AmountCents = AmountCents + 1 WHERE Id = (SELECT MIN(Id) FROM Expenses WHERE SplitGroupId IS NOT NULL)");

        Assert.Equal(["Every split adds up to what it recorded"], await FailedAsync());
    }

    [Fact]
    public async Task An_operation_marked_undone_without_its_undo_is_found()
    {
        await DamageAsync("UPDATE Operations SET UndoneAt = '2026-05-01 00:00:00' WHERE Id = (SELECT MIN(Id) FROM Operations WHERE UndoneById IS NULL)");

        Assert.Equal(["Every undone operation has its undo"], await FailedAsync());
    }

    [Fact]
    public async Task An_imported_row_deleted_behind_the_apps_back_is_found()
    {
        await DamageAsync("DELETE FROM Expenses WHERE Id = (SELECT MIN(e.Id) FROM Expenses e JOIN ImportBatches b ON b.Id = e.ImportBatchId WHERE e.SplitGroupId IS NULL)");

        var check = Assert.Single((await RunAsync()).Checks, c => !c.Passed);
        Assert.Equal("Every import batch holds exactly the rows it reported", check.Name);
        Assert.Contains("Rows = ", check.Examples[0]);
    }

    [Fact]
    public async Task Monthly_totals_changed_or_lost_behind_the_apps_back_are_found_with_their_rows()
    {
        // One total is off by a cent; another month's total is gone although its expenses remain.
        await DamageAsync("""
            UPDATE ExpenseMonthTotals SET AmountCents = AmountCents + 1 WHERE rowid = (SELECT MIN(rowid) FROM ExpenseMonthTotals);
            DELETE FROM ExpenseMonthTotals WHERE rowid = (SELECT MAX(rowid) FROM ExpenseMonthTotals);
            """);

        var check = Assert.Single((await RunAsync()).Checks, c => !c.Passed);

        Assert.Equal("Monthly totals equal the expenses", check.Name);
        Assert.Equal(2, check.Problems);
        Assert.Contains(check.Examples, e => e.Contains("TotalCount = 0,"));
        Assert.Contains(check.Examples, e => !e.Contains("TotalCount = 0,") && e.Contains("TotalCents = "));
    }

    [Fact]
    public async Task Expenses_changed_behind_the_apps_back_move_their_monthly_totals_with_them()
    {
        // The triggers follow any writer, not only BudgetWeb's code: a tool that moves or deletes rows keeps the totals true.
        await DamageAsync("""
            UPDATE Expenses SET Date = '2019-01-15', AmountCents = AmountCents * 2 WHERE Id IN (SELECT Id FROM Expenses WHERE SplitGroupId IS NULL AND ImportBatchId IS NULL ORDER BY Id LIMIT 3);
            DELETE FROM Expenses WHERE Id = (SELECT MAX(Id) FROM Expenses WHERE SplitGroupId IS NULL AND ImportBatchId IS NULL);
            """);

        Assert.DoesNotContain("Monthly totals equal the expenses", await FailedAsync());
        await using var db = await _app.Factory.CreateDbContextAsync();
        Assert.True(await db.ExpenseMonthTotals.AnyAsync(t => t.Month == new DateOnly(2019, 1, 1)));
    }

    [Fact]
    public async Task Rows_pointing_at_a_deleted_category_or_user_are_found_by_the_checks_and_by_SQLite()
    {
        await DamageAsync("""
            DELETE FROM Categories WHERE Name = 'Travel';
            UPDATE Expenses SET UserId = 'nobody' WHERE Id = (SELECT MIN(Id) FROM Expenses);
            """);

        var failed = await FailedAsync();

        Assert.Contains("Every row points at an existing category", failed);
        Assert.Contains("Every row points at an existing user", failed);
        Assert.Contains("SQLite foreign_key_check", failed);
    }
}
