using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Expenses;
using BudgetWeb.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace BudgetWeb.Tests.Features;

public abstract class ExpenseServiceTests(DatabaseProvider provider) : ServiceTestBase(provider)
{
    private ExpenseService Expenses => As<ExpenseService>(Alice);

    private static ExpenseInput Input(string description, decimal? amount, int? categoryId, DateTime? date = null, string? note = null) =>
        new() { Date = date ?? new DateTime(2026, 3, 5), Description = description, Amount = amount, CategoryId = categoryId, Note = note };

    private async Task<ExpenseRow> AddAsync(string description, decimal amount, int categoryId, DateTime? date = null, TestUser? user = null)
    {
        var service = As<ExpenseService>(user ?? Alice);
        var result = await service.AddAsync(Input(description, amount, categoryId, date), Guid.NewGuid());
        Assert.True(result.Succeeded, result.Message);
        var page = await service.PageAsync(new ExpenseQuery(new ExpenseFilter(Text: description), PageSize: 100));
        return page.Rows.First(r => r.Description == description);
    }

    [Fact]
    public async Task An_added_expense_appears_in_the_list_with_its_category()
    {
        var result = await Expenses.AddAsync(Input("  Groceries ", 12.5m, Food, note: "weekly"), Guid.NewGuid());

        Assert.Equal("Added Groceries ($12.50).", result.Message);
        var page = await Expenses.PageAsync(new ExpenseQuery(new ExpenseFilter()));
        var row = Assert.Single(page.Rows);
        Assert.Equal((new DateOnly(2026, 3, 5), "Groceries", 1_250L, "Food", "weekly", false), (row.Date, row.Description, row.AmountCents, row.Category, row.Note, row.IsSplit));
        Assert.Equal(1, page.TotalCount);
    }

    [Theory]
    [InlineData(null, "Groceries", 10.0, "Date is required.")]
    [InlineData("2026-03-05", "", 10.0, "Description is required.")]
    [InlineData("2026-03-05", "Groceries", 0.0, "Amount must be more than zero.")]
    [InlineData("2026-03-05", "Groceries", -5.0, "Amount must be more than zero.")]
    [InlineData("2026-03-05", "Groceries", 1.005, "Amount can have at most 2 decimals.")]
    [InlineData("2026-03-05", "Groceries", 1_000_000_000.01, "Amount can be at most $1,000,000,000.00.")]
    public async Task Bad_input_gets_its_message_and_changes_nothing(string? date, string description, double amount, string message)
    {
        var input = Input(description, (decimal)amount, Food, date is null ? null : DateTime.Parse(date));
        input.Date = date is null ? null : input.Date;

        await Database.AssertFailsAndChangesNothingAsync(() => Expenses.AddAsync(input, Guid.NewGuid()), FailureKind.Validation, message);
    }

    [Fact]
    public async Task A_description_over_200_characters_or_a_missing_category_is_refused()
    {
        await Database.AssertFailsAndChangesNothingAsync(
            () => Expenses.AddAsync(Input(new string('x', 201), 1m, Food), Guid.NewGuid()), FailureKind.Validation, "Description can be at most 200 characters.");
        await Database.AssertFailsAndChangesNothingAsync(
            () => Expenses.AddAsync(Input("Lunch", 1m, 9_999), Guid.NewGuid()), FailureKind.Validation, "That category no longer exists.");
        await Database.AssertFailsAndChangesNothingAsync(
            () => Expenses.AddAsync(Input("Lunch", 1m, null), Guid.NewGuid()), FailureKind.Validation, "Category is required.");
    }

    [Fact]
    public async Task The_list_filters_sorts_and_pages_in_the_database()
    {
        await AddAsync("Groceries 100%", 30m, Food, new DateTime(2026, 3, 2));
        await AddAsync("Rent March", 900m, Rent, new DateTime(2026, 3, 1));
        await AddAsync("Cinema", 12m, Fun, new DateTime(2026, 3, 20));
        await AddAsync("groceries again", 45m, Food, new DateTime(2026, 2, 27));

        var march = await Expenses.PageAsync(new ExpenseQuery(new ExpenseFilter(Month: new DateOnly(2026, 3, 15))));
        var food = await Expenses.PageAsync(new ExpenseQuery(new ExpenseFilter(CategoryId: Food), SortBy: ExpenseSort.Amount, Descending: false));
        var text = await Expenses.PageAsync(new ExpenseQuery(new ExpenseFilter(Text: "GROCERIES")));
        var literalPercent = await Expenses.PageAsync(new ExpenseQuery(new ExpenseFilter(Text: "100%")));
        var secondPage = await Expenses.PageAsync(new ExpenseQuery(new ExpenseFilter(), Page: 1, PageSize: 3));
        var byCategory = await Expenses.PageAsync(new ExpenseQuery(new ExpenseFilter(), SortBy: ExpenseSort.Category, Descending: false));

        Assert.Equal(["Cinema", "Groceries 100%", "Rent March"], march.Rows.Select(r => r.Description));
        Assert.Equal(["Groceries 100%", "groceries again"], food.Rows.Select(r => r.Description));
        Assert.Equal(2, text.TotalCount);
        Assert.Equal(["Groceries 100%"], literalPercent.Rows.Select(r => r.Description));
        Assert.Equal(4, secondPage.TotalCount);
        Assert.Equal(["groceries again"], secondPage.Rows.Select(r => r.Description));
        Assert.Equal(["Food", "Food", "Fun", "Rent"], byCategory.Rows.Select(r => r.Category));
    }

    [Fact]
    public async Task Editing_saves_the_new_values()
    {
        var row = await AddAsync("Groceries", 30m, Food);
        var editable = (await Expenses.GetAsync(row.Id))!;
        editable.Input.Amount = 31.99m;
        editable.Input.CategoryId = Fun;

        var result = await Expenses.UpdateAsync(row.Id, editable.Version, editable.Input, Guid.NewGuid());

        Assert.Equal("Saved Groceries.", result.Message);
        var saved = (await Expenses.PageAsync(new ExpenseQuery(new ExpenseFilter()))).Rows.Single();
        Assert.Equal((3_199L, "Fun"), (saved.AmountCents, saved.Category));
    }

    [Fact]
    public async Task Editing_an_expense_changed_elsewhere_gets_the_concurrency_message_and_changes_nothing()
    {
        var row = await AddAsync("Groceries", 30m, Food);
        var myTab = (await Expenses.GetAsync(row.Id))!;
        var otherTab = (await Expenses.GetAsync(row.Id))!;
        otherTab.Input.Amount = 35m;
        Assert.True((await Expenses.UpdateAsync(row.Id, otherTab.Version, otherTab.Input, Guid.NewGuid())).Succeeded);
        myTab.Input.Description = "Groceries (edited)";

        await Database.AssertFailsAndChangesNothingAsync(
            () => Expenses.UpdateAsync(row.Id, myTab.Version, myTab.Input, Guid.NewGuid()),
            FailureKind.Concurrency,
            "This was changed elsewhere. Reload and try again.");
        await Database.AssertFailsAndChangesNothingAsync(
            () => Expenses.DeleteAsync(row.Id, myTab.Version, Guid.NewGuid()),
            FailureKind.Concurrency,
            "This was changed elsewhere. Reload and try again.");
    }

    [Fact]
    public async Task Deleting_removes_the_expense_and_records_it_for_undo()
    {
        var row = await AddAsync("Groceries", 30m, Food);

        var result = await Expenses.DeleteAsync(row.Id, row.Version, Guid.NewGuid());

        Assert.Equal("Deleted Groceries ($30.00).", result.Message);
        await using var db = Database.CreateDbContext();
        Assert.Empty(await db.Expenses.ToListAsync());
        Assert.Contains("\"Description\":\"Groceries\"", (await db.Operations.SingleAsync(o => o.Kind == OperationKind.ExpenseDeleted)).Details);
        await Database.AssertFailsAndChangesNothingAsync(
            () => Expenses.DeleteAsync(row.Id, row.Version, Guid.NewGuid()), FailureKind.NotFound, "That expense no longer exists.");
    }

    [Fact]
    public async Task Delete_all_in_category_removes_exactly_the_confirmed_expenses()
    {
        await AddAsync("Groceries", 30m, Food, new DateTime(2026, 3, 2));
        await AddAsync("Bakery", 5m, Food, new DateTime(2026, 3, 3));
        await AddAsync("Old groceries", 40m, Food, new DateTime(2026, 2, 3));
        await AddAsync("Rent", 900m, Rent, new DateTime(2026, 3, 1));
        await AddAsync("Bob's groceries", 20m, Food, new DateTime(2026, 3, 4), Bob);

        var preview = (await Expenses.PreviewDeleteAllAsync(Food, March2026)).Value!;
        var result = await Expenses.DeleteAllInCategoryAsync(preview, Guid.NewGuid());

        Assert.Equal((2, 3_500L), (preview.Count, preview.TotalCents));
        Assert.Equal("Deleted 2 expenses from Food (March 2026).", result.Message);
        await using var db = Database.CreateDbContext();
        Assert.Equal(["Bob's groceries", "Old groceries", "Rent"], await db.Expenses.OrderBy(e => e.Description).Select(e => e.Description).ToListAsync());
    }

    [Fact]
    public async Task Delete_all_refuses_when_the_expenses_changed_after_the_confirmation()
    {
        await AddAsync("Groceries", 30m, Food);
        var preview = (await Expenses.PreviewDeleteAllAsync(Food, null)).Value!;
        await AddAsync("Bakery", 5m, Food);

        await Database.AssertFailsAndChangesNothingAsync(
            () => Expenses.DeleteAllInCategoryAsync(preview, Guid.NewGuid()), FailureKind.Concurrency, "This was changed elsewhere. Reload and try again.");
    }

    [Fact]
    public async Task Delete_all_is_all_or_nothing_at_every_command_and_at_commit()
    {
        await AddAsync("Groceries", 30m, Food);
        await AddAsync("Bakery", 5m, Food);
        var preview = (await Expenses.PreviewDeleteAllAsync(Food, null)).Value!;
        var key = Guid.NewGuid();

        await FaultSweep.AssertEveryFailureChangesNothingAsync(Database, () => Expenses.DeleteAllInCategoryAsync(preview, key), UserMessages.Unexpected);

        await using var db = Database.CreateDbContext();
        Assert.Equal(0, await db.Expenses.CountAsync());
    }

    private static SplitInput Split(decimal original, params (int Category, decimal? Amount)[] parts) => new()
    {
        OriginalAmount = original,
        Parts = parts.Select(p => new SplitPartInput { CategoryId = p.Category, Amount = p.Amount }).ToList(),
    };

    [Fact]
    public async Task Splitting_replaces_the_expense_by_parts_that_belong_together()
    {
        var row = await AddAsync("Supermarket", 100m, Food);

        var result = await Expenses.SplitAsync(row.Id, row.Version, Split(100m, (Food, 60m), (Fun, 25.5m), (Rent, 14.5m)), Guid.NewGuid());

        Assert.Equal("Split Supermarket into 3 parts.", result.Message);
        await using var db = Database.CreateDbContext();
        var parts = await db.Expenses.OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([6_000L, 2_550L, 1_450L], parts.Select(p => p.AmountCents));
        Assert.Equal([Food, Fun, Rent], parts.Select(p => p.CategoryId));
        Assert.All(parts, p => Assert.Equal(("Supermarket", new DateOnly(2026, 3, 5)), (p.Description, p.Date)));
        Assert.Single(parts.Select(p => p.SplitGroupId).Distinct());
        Assert.NotNull(parts[0].SplitGroupId);
        Assert.DoesNotContain(parts, p => p.Id == row.Id);
    }

    [Theory]
    [InlineData(60, 30, "The parts must add up to $100.00: $10.00 is left.")]
    [InlineData(60, 50, "The parts must add up to $100.00: they are $10.00 over.")]
    [InlineData(100, 0, "Amount must be more than zero.")]
    public async Task A_split_that_does_not_add_up_is_refused_and_changes_nothing(double first, double second, string message)
    {
        var row = await AddAsync("Supermarket", 100m, Food);

        await Database.AssertFailsAndChangesNothingAsync(
            () => Expenses.SplitAsync(row.Id, row.Version, Split(100m, (Food, (decimal)first), (Fun, (decimal)second)), Guid.NewGuid()),
            FailureKind.Validation,
            message);
    }

    [Fact]
    public async Task A_split_needs_two_parts_and_an_up_to_date_expense()
    {
        var row = await AddAsync("Supermarket", 100m, Food);
        await Database.AssertFailsAndChangesNothingAsync(
            () => Expenses.SplitAsync(row.Id, row.Version, Split(100m, (Food, 100m)), Guid.NewGuid()), FailureKind.Validation, "A split needs at least two parts.");

        var editable = (await Expenses.GetAsync(row.Id))!;
        editable.Input.Amount = 120m;
        await Expenses.UpdateAsync(row.Id, editable.Version, editable.Input, Guid.NewGuid());

        await Database.AssertFailsAndChangesNothingAsync(
            () => Expenses.SplitAsync(row.Id, row.Version, Split(100m, (Food, 50m), (Fun, 50m)), Guid.NewGuid()),
            FailureKind.Concurrency,
            "This was changed elsewhere. Reload and try again.");
    }

    [Fact]
    public async Task Splitting_is_all_or_nothing_at_every_command_and_at_commit()
    {
        var row = await AddAsync("Supermarket", 100m, Food);
        var key = Guid.NewGuid();

        await FaultSweep.AssertEveryFailureChangesNothingAsync(
            Database, () => Expenses.SplitAsync(row.Id, row.Version, Split(100m, (Food, 60m), (Fun, 40m)), key), UserMessages.Unexpected);

        await using var db = Database.CreateDbContext();
        Assert.Equal(2, await db.Expenses.CountAsync());
    }

    [Fact]
    public async Task Search_finds_text_anywhere_ignoring_case_and_its_index_follows_every_change()
    {
        var coffee = await AddAsync("Morning Coffee", 3m, Food);
        var cinema = await AddAsync("Cinema", 12m, Fun);
        await AddAsync("Decaf coffee beans", 9m, Food);
        await AddAsync("Bob's coffee", 2m, Food, user: Bob);
        var editable = (await Expenses.GetAsync(cinema.Id))!;
        editable.Input.Description = "Cinema and coffee";
        await Expenses.UpdateAsync(cinema.Id, editable.Version, editable.Input, Guid.NewGuid());
        await Expenses.SplitAsync(coffee.Id, coffee.Version, Split(3m, (Food, 2m), (Fun, 1m)), Guid.NewGuid());
        Database.FailingCommit.FailNextCommit();
        Assert.False((await Expenses.AddAsync(Input("Rolled-back coffee", 1m, Food), Guid.NewGuid())).Succeeded);

        async Task<string[]> SearchAsync(string text) =>
            (await Expenses.PageAsync(new ExpenseQuery(new ExpenseFilter(Text: text), SortBy: ExpenseSort.Description, Descending: false))).Rows.Select(r => r.Description).ToArray();

        Assert.Equal(["Cinema and coffee", "Decaf coffee beans", "Morning Coffee", "Morning Coffee"], await SearchAsync("COFFEE"));
        Assert.Equal(["Decaf coffee beans"], await SearchAsync("af co"));
        Assert.Equal(["Decaf coffee beans"], await SearchAsync("CA")); // two letters: searched without the index
        Assert.Empty(await SearchAsync("\"quoted\""));
        await using var db = Database.CreateDbContext();
        if (Database.Provider == DatabaseProvider.Sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("INSERT INTO \"ExpenseSearch\" (\"ExpenseSearch\", rank) VALUES ('integrity-check', 1)");
        }
        else
        {
            // With this few rows the planner would rightly scan the table, or read the whole (UserId, Description) sort
            // index; forbidding the one and hiding the other (in a transaction rolled back) shows the index can answer the search.
            await db.Database.OpenConnectionAsync();
            await using var hide = await db.Database.BeginTransactionAsync();
            await db.Database.ExecuteSqlRawAsync("DROP INDEX \"IX_Expenses_UserId_Description\"");
            await using var explain = db.Database.GetDbConnection().CreateCommand();
            explain.Transaction = hide.GetDbTransaction();
            explain.CommandText = "SET LOCAL enable_seqscan = off; EXPLAIN SELECT \"Id\" FROM \"Expenses\" WHERE \"Description\" ILIKE '%coffee%'";
            var plan = new List<string>();
            await using var reader = await explain.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }

            Assert.Contains(plan, line => line.Contains("IX_Expenses_Description_Trigram"));
        }
    }
}

public sealed class ExpenseServiceTestsOnSqlite() : ExpenseServiceTests(DatabaseProvider.Sqlite);

public sealed class ExpenseServiceTestsOnPostgreSql() : ExpenseServiceTests(DatabaseProvider.PostgreSql);
