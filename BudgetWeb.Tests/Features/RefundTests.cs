using System.Text;
using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Budgets;
using BudgetWeb.Features.Expenses;
using BudgetWeb.Features.Import;
using BudgetWeb.Features.Integrity;
using BudgetWeb.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Tests.Features;

/// <summary>Refunds: expenses with a negative amount that reduce their category's spending, typed or imported.</summary>
public abstract class RefundTests(DatabaseProvider provider) : ServiceTestBase(provider)
{
    private static readonly DateTime March10 = new(2026, 3, 10);

    private ExpenseService Expenses => As<ExpenseService>(Alice);

    private static ExpenseInput Input(string description, decimal? amount, bool refund, DateTime? date = null) =>
        new() { Date = date ?? March10, Description = description, Amount = amount, Refund = refund, CategoryId = 0 };

    private async Task AddAsync(string description, decimal amount, bool refund, int categoryId, DateTime? date = null)
    {
        var input = Input(description, amount, refund, date);
        input.CategoryId = categoryId;
        var result = await Expenses.AddAsync(input, Guid.NewGuid());
        Assert.True(result.Succeeded, result.Message);
    }

    private async Task<CategoryBudgetRow> FoodInAsync(int month) =>
        (await As<BudgetOverview>(Alice).MonthAsync(new DateOnly(2026, month, 1))).Rows.Single(r => r.CategoryId == Food);

    [Fact]
    public async Task A_refund_is_stored_negative_and_reduces_spending_and_available_carries_it_over()
    {
        Assert.True((await As<BudgetService>(Alice).SetAsync(new BudgetInput { CategoryId = Food, Month = March2026, Amount = 100m }, Guid.NewGuid())).Succeeded);
        await AddAsync("Groceries", 30m, refund: false, Food);
        await AddAsync("Returned bottles", 10m, refund: true, Food);

        await using (var db = Database.CreateDbContext())
        {
            Assert.Equal([3000L, -1000L], await db.Expenses.OrderBy(e => e.Id).Select(e => e.AmountCents).ToListAsync());
        }

        var march = await FoodInAsync(3);
        Assert.Equal((10000L, 2000L, 8000L), (march.AllocatedCents, march.SpentCents, march.AvailableCents));
        var april = await FoodInAsync(4);
        Assert.Equal((8000L, 8000L), (april.CarriedInCents, april.AvailableCents));
        Assert.True((await As<IntegrityCheck>(Alice).RunAsync()).AllPassed);
    }

    [Fact]
    public async Task A_refund_larger_than_the_months_spending_leaves_more_than_was_budgeted()
    {
        await As<BudgetService>(Alice).SetAsync(new BudgetInput { CategoryId = Food, Month = March2026, Amount = 20m }, Guid.NewGuid());
        await AddAsync("Refund of February's order", 50m, refund: true, Food);

        var march = await FoodInAsync(3);
        Assert.Equal((-5000L, 7000L), (march.SpentCents, march.AvailableCents));
        Assert.Equal(7000L, (await FoodInAsync(4)).CarriedInCents);
    }

    [Fact]
    public async Task Editing_opens_a_refund_as_a_positive_amount_with_the_refund_switch_on_and_can_turn_it_into_spending()
    {
        await AddAsync("Returned shoes", 45.5m, refund: true, Food);
        await using var db = Database.CreateDbContext();
        var stored = await db.Expenses.SingleAsync();

        var editable = (await Expenses.GetAsync(stored.Id))!;
        Assert.Equal((45.5m, true), (editable.Input.Amount, editable.Input.Refund));

        editable.Input.Refund = false;
        var updated = await Expenses.UpdateAsync(stored.Id, editable.Version, editable.Input, Guid.NewGuid());
        Assert.True(updated.Succeeded, updated.Message);
        await using var after = Database.CreateDbContext();
        Assert.Equal(4550L, (await after.Expenses.SingleAsync()).AmountCents);
    }

    [Fact]
    public async Task A_zero_or_negative_typed_amount_is_refused_and_changes_nothing_refund_or_not()
    {
        foreach (var (amount, refund) in new[] { (0m, false), (0m, true), (-5m, true), (-5m, false) })
        {
            var input = Input("Nothing", amount, refund);
            input.CategoryId = Food;
            await Database.AssertFailsAndChangesNothingAsync(() => Expenses.AddAsync(input, Guid.NewGuid()), FailureKind.Validation, "Amount must be more than zero.");
        }
    }

    [Fact]
    public async Task The_database_refuses_an_expense_of_zero_but_takes_a_negative_one()
    {
        await using var db = Database.CreateDbContext();
        db.Expenses.Add(new Expense { UserId = Alice.Id, CategoryId = Food, Date = new DateOnly(2026, 3, 1), Description = "Zero", AmountCents = 0 });
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.Equal(DatabaseErrorKind.Check, DatabaseErrorClassifier.Classify(error));

        db.ChangeTracker.Clear();
        db.Expenses.Add(new Expense { UserId = Alice.Id, CategoryId = Food, Date = new DateOnly(2026, 3, 1), Description = "Refund", AmountCents = -1 });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task A_refund_cant_be_split_and_nothing_changes()
    {
        await AddAsync("Returned shoes", 40m, refund: true, Food);
        await using var db = Database.CreateDbContext();
        var refund = await db.Expenses.SingleAsync();
        var split = new SplitInput { OriginalAmount = 40m, Parts = [new() { CategoryId = Food, Amount = 20m }, new() { CategoryId = Fun, Amount = 20m }] };

        await Database.AssertFailsAndChangesNothingAsync(() => Expenses.SplitAsync(refund.Id, refund.Version, split, Guid.NewGuid()), FailureKind.Validation, ExpenseService.RefundNotSplit);
    }

    [Fact]
    public async Task Credits_imported_as_refunds_reduce_spending_and_every_check_holds()
    {
        const string file = """
            Booking date;Payee;Soll;Haben;Category
            03.03.2026;SHELL 0815;54,32;;Food
            04.03.2026;Return to SHELL;;-4,32;Food
            05.03.2026;Salary;;2.000,00;Food
            """;
        var format = new BankFileFormat(';', ',', "dd.MM.yyyy", new ColumnMapping(0, 1, null, 2, 3, 4, null), NegativeAmountsAreSpending: false, CreditsAreRefunds: true);
        var importer = As<ImportService>(Alice);
        var preview = (await importer.PreviewAsync(Encoding.UTF8.GetBytes(file), "bank.csv", new ImportOptions(Format: format))).Value!;

        Assert.Equal([5432L, -432L, -200000L], preview.Rows.Select(r => r.AmountCents));
        Assert.All(preview.Rows, r => Assert.Equal(ImportRowStatus.Ok, r.Status));
        var (result, _) = await importer.ImportAsync(preview, ImportMode.ValidRows, Guid.NewGuid());
        Assert.True(result.Succeeded, result.Message);

        Assert.Equal(5432L - 432L - 200000L, (await FoodInAsync(3)).SpentCents);
        Assert.True((await As<IntegrityCheck>(Alice).RunAsync()).AllPassed);
    }

    [Fact]
    public async Task In_a_signed_file_money_coming_in_is_a_refund_when_chosen_and_refused_otherwise()
    {
        const string file = """
            Date,Description,Amount,Category
            2026-03-01,Coffee,-3.50,Food
            2026-03-02,Refund,1.25,Food
            """;
        var format = new BankFileFormat(',', '.', "yyyy-MM-dd", new ColumnMapping(0, 1, 2, null, null, 3, null), NegativeAmountsAreSpending: true);
        var importer = As<ImportService>(Alice);

        var refused = (await importer.PreviewAsync(Encoding.UTF8.GetBytes(file), "bank.csv", new ImportOptions(Format: format))).Value!;
        Assert.Equal("row 2: amount '1.25' is money coming in, not an expense", refused.Rows[1].Reason);

        var refunds = (await importer.PreviewAsync(Encoding.UTF8.GetBytes(file), "bank.csv", new ImportOptions(Format: format with { CreditsAreRefunds = true }))).Value!;
        Assert.Equal([350L, -125L], refunds.Rows.Select(r => r.AmountCents));
        Assert.All(refunds.Rows, r => Assert.Equal(ImportRowStatus.Ok, r.Status));
    }
}

public sealed class RefundTestsOnSqlite() : RefundTests(DatabaseProvider.Sqlite);

public sealed class RefundTestsOnPostgreSql() : RefundTests(DatabaseProvider.PostgreSql);
