using System.Text.Json;
using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Budgets;
using BudgetWeb.Features.Categories;
using BudgetWeb.Features.Expenses;
using BudgetWeb.Features.Transfers;
using BudgetWeb.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Tests.Features;

public abstract class CategoryMergeTests(DatabaseProvider provider) : ServiceTestBase(provider)
{
    private static readonly DateOnly February2026 = new(2026, 2, 1);
    private TestUser _admin = null!;
    private int _fastFood;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _admin = await Database.CreateUserAsync("admin@example.com", admin: true);
        _fastFood = await Database.CreateCategoryAsync("Fast Food");
    }

    private CategoryMerge Merge => As<CategoryMerge>(_admin);

    private async Task AddExpenseAsync(TestUser user, int categoryId, decimal amount, string description = "Burger") =>
        Assert.True((await As<ExpenseService>(user).AddAsync(new ExpenseInput { Date = new DateTime(2026, 3, 3), Description = description, Amount = amount, CategoryId = categoryId }, Guid.NewGuid())).Succeeded);

    private async Task SetBudgetAsync(TestUser user, int categoryId, DateOnly month, decimal amount) =>
        Assert.True((await As<BudgetService>(user).SetAsync(new BudgetInput { CategoryId = categoryId, Month = month, Amount = amount }, Guid.NewGuid())).Succeeded);

    private async Task TransferAsync(TestUser user, int from, int to, decimal amount) =>
        Assert.True((await As<TransferService>(user).MoveAsync(new TransferInput { FromCategoryId = from, ToCategoryId = to, Month = new DateTime(2026, 3, 1), Amount = amount }, Guid.NewGuid())).Succeeded);

    private async Task SeedHouseholdAsync()
    {
        await AddExpenseAsync(Alice, _fastFood, 12m);
        await AddExpenseAsync(Alice, _fastFood, 8m);
        await AddExpenseAsync(Bob, _fastFood, 5m);
        await AddExpenseAsync(Alice, Food, 50m, "Groceries");
        await SetBudgetAsync(Alice, _fastFood, March2026, 100m);
        await SetBudgetAsync(Alice, Food, March2026, 400m);
        await SetBudgetAsync(Alice, _fastFood, February2026, 60m);
        await SetBudgetAsync(Bob, _fastFood, March2026, 30m);
        await TransferAsync(Alice, _fastFood, Fun, 10m);   // repointed: Food -> Fun
        await TransferAsync(Alice, Food, _fastFood, 20m);  // between the two: removed
    }

    [Fact]
    public async Task The_preview_counts_per_user_what_would_move()
    {
        await SeedHouseholdAsync();

        var preview = (await Merge.PreviewAsync(_fastFood, Food)).Value!;

        Assert.Equal(("Fast Food", "Food", 1, 1), (preview.Source, preview.Target, preview.TransfersRepointed, preview.TransfersRemoved));
        Assert.Equal(
            [("alice@example.com", 2, 2_000L, 2, 17_000L), ("bob@example.com", 1, 500L, 1, 3_000L)],
            preview.Users.Select(u => (u.Email, u.Expenses, u.ExpenseCents, u.Budgets, u.BudgetCents)));
        Assert.Empty(preview.Shortfalls!);
    }

    [Fact]
    public async Task The_preview_names_the_month_the_merged_category_would_be_short_in_through_carry_over()
    {
        // Alice's unbudgeted Fast Food spending lands in Food; Bob's overspent Fast Food eats what Food carried from February.
        await AddExpenseAsync(Alice, _fastFood, 12m);
        await SetBudgetAsync(Bob, Food, February2026, 50m);
        await SetBudgetAsync(Bob, _fastFood, March2026, 10m);
        await AddExpenseAsync(Bob, _fastFood, 70m);

        var preview = (await Merge.PreviewAsync(_fastFood, Food)).Value!;

        Assert.Equal(["alice@example.com: Food would be $12.00 short in March 2026.", "bob@example.com: Food would be $10.00 short in March 2026."], preview.Shortfalls);
    }

    [Fact]
    public async Task Merging_moves_everyones_expenses_folds_budgets_repoints_transfers_and_deletes_the_source()
    {
        await SeedHouseholdAsync();
        var preview = (await Merge.PreviewAsync(_fastFood, Food)).Value!;

        var result = await Merge.MergeAsync(preview, Guid.NewGuid());

        Assert.Equal("Merged Fast Food into Food: 3 expenses, 3 budgets and 1 transfer moved; 1 transfer between the two removed.", result.Message);
        await using var db = Database.CreateDbContext();
        Assert.False(await db.Categories.AnyAsync(c => c.Id == _fastFood));
        Assert.Equal(4, await db.Expenses.CountAsync(e => e.CategoryId == Food));
        var allocations = await db.BudgetAllocations.Where(a => a.CategoryId == Food).OrderBy(a => a.Month).ThenBy(a => a.UserId == Bob.Id)
            .Select(a => new { a.UserId, a.Month, a.AmountCents }).ToListAsync();
        // Alice, March: Food 400 - 20 (transferred to Fast Food) folded with Fast Food 100 - 10 (to Fun) + 20 = 490.
        Assert.Equal(
            [(Alice.Id, February2026, 6_000L), (Alice.Id, March2026, 40_000L - 2_000L + 10_000L - 1_000L + 2_000L), (Bob.Id, March2026, 3_000L)],
            allocations.Select(a => (a.UserId, a.Month, a.AmountCents)));
        var journalMismatches = await db.BudgetAllocations
            .Where(a => a.AmountCents != db.BudgetJournal.Where(j => j.AllocationId == a.Id).Sum(j => j.DeltaCents)).CountAsync();
        Assert.Equal(0, journalMismatches);
        Assert.Equal([(Food, Fun)], (await db.Transfers.Select(t => new { t.FromCategoryId, t.ToCategoryId }).ToListAsync()).Select(t => (t.FromCategoryId, t.ToCategoryId)));
        var details = JsonDocument.Parse((await db.Operations.SingleAsync(o => o.Kind == OperationKind.CategoriesMerged)).Details).RootElement;
        Assert.Equal(3, details.GetProperty("ExpenseIds").GetArrayLength());
        Assert.Equal(3, details.GetProperty("Budgets").GetArrayLength());
        Assert.Equal(1, details.GetProperty("TransfersRemoved").GetArrayLength());
    }

    [Fact]
    public async Task A_change_after_the_preview_refuses_the_merge_and_changes_nothing()
    {
        await SeedHouseholdAsync();
        var preview = (await Merge.PreviewAsync(_fastFood, Food)).Value!;
        await AddExpenseAsync(Bob, _fastFood, 1m, "Fries");

        await Database.AssertFailsAndChangesNothingAsync(() => Merge.MergeAsync(preview, Guid.NewGuid()), FailureKind.Concurrency, "The data changed since the preview — review the new numbers.");

        var fresh = (await Merge.PreviewAsync(_fastFood, Food)).Value!;
        Assert.Equal(2, fresh.Users.Single(u => u.Email == "bob@example.com").Expenses);
        Assert.True((await Merge.MergeAsync(fresh, Guid.NewGuid())).Succeeded);
    }

    [Fact]
    public async Task The_same_category_a_vanished_one_or_a_second_merge_is_refused_and_changes_nothing()
    {
        await SeedHouseholdAsync();
        Assert.Equal("Source and Target must be different categories.", (await Merge.PreviewAsync(Food, Food)).Message);
        var preview = (await Merge.PreviewAsync(_fastFood, Food)).Value!;
        await Database.AssertFailsAndChangesNothingAsync(() => Merge.MergeAsync(preview with { TargetId = _fastFood }, Guid.NewGuid()), FailureKind.Validation, "Source and Target must be different categories.");
        var otherAdmin = await Database.CreateUserAsync("other-admin@example.com", admin: true);
        Assert.True((await As<CategoryMerge>(otherAdmin).MergeAsync(preview, Guid.NewGuid())).Succeeded);

        await Database.AssertFailsAndChangesNothingAsync(() => Merge.MergeAsync(preview, Guid.NewGuid()), FailureKind.MissingReference, "That category no longer exists.");
    }

    [Fact]
    public async Task A_member_cannot_preview_or_merge()
    {
        await SeedHouseholdAsync();
        var preview = (await Merge.PreviewAsync(_fastFood, Food)).Value!;

        Assert.Equal(CategoryAdmin.AdminsOnly, (await As<CategoryMerge>(Alice).PreviewAsync(_fastFood, Food)).Message);
        await Database.AssertFailsAndChangesNothingAsync(() => As<CategoryMerge>(Alice).MergeAsync(preview, Guid.NewGuid()), FailureKind.Forbidden, CategoryAdmin.AdminsOnly);
    }

    [Fact]
    public async Task Merging_is_all_or_nothing_at_every_command_and_at_commit()
    {
        await SeedHouseholdAsync();
        var preview = (await Merge.PreviewAsync(_fastFood, Food)).Value!;
        var key = Guid.NewGuid();

        var commands = await FaultSweep.AssertEveryFailureChangesNothingAsync(Database, () => Merge.MergeAsync(preview, key), UserMessages.Unexpected);

        Assert.True(commands >= 15, $"saw {commands} commands");
        await using var db = Database.CreateDbContext();
        Assert.False(await db.Categories.AnyAsync(c => c.Id == _fastFood));
    }

    [Fact]
    public async Task An_expense_added_to_the_source_during_a_merge_ends_up_in_the_target_or_the_merge_refuses()
    {
        for (var round = 0; round < 15; round++)
        {
            var source = await Database.CreateCategoryAsync($"Snacks {round}");
            await AddExpenseAsync(Alice, source, 3m, "Chips");
            var preview = (await Merge.PreviewAsync(source, Food)).Value!;
            var inserts = Enumerable.Range(0, 4).Select(i => Task.Run(() => As<ExpenseService>(Bob).AddAsync(
                new ExpenseInput { Date = new DateTime(2026, 3, 3), Description = $"Nuts {round}.{i}", Amount = 1m, CategoryId = source }, Guid.NewGuid()))).ToList();
            var merge = Task.Run(() => Merge.MergeAsync(preview, Guid.NewGuid()));
            var results = await Task.WhenAll(inserts);
            var merged = await merge;

            await using var db = Database.CreateDbContext();
            var sourceExists = await db.Categories.AnyAsync(c => c.Id == source);
            Assert.Equal(!merged.Succeeded, sourceExists);
            Assert.True(merged.Succeeded || merged.Message == CategoryMerge.Stale, merged.Message);
            Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(UserMessages.CategoryMissing, r.Message));
            var added = await db.Expenses.CountAsync(e => e.Description.StartsWith($"Nuts {round}."));
            Assert.Equal(results.Count(r => r.Succeeded), added); // never lost
            Assert.Equal(0, await db.Expenses.CountAsync(e => !db.Categories.Any(c => c.Id == e.CategoryId))); // never dangling
        }
    }

    [Fact]
    public async Task Moving_my_expenses_never_touches_anyone_elses_and_keeps_the_category()
    {
        await AddExpenseAsync(Alice, _fastFood, 12m);
        await AddExpenseAsync(Alice, _fastFood, 8m);
        await AddExpenseAsync(Bob, _fastFood, 5m);

        var result = await As<ExpenseService>(Alice).MoveToCategoryAsync(new MoveExpensesInput { FromCategoryId = _fastFood, ToCategoryId = Food }, Guid.NewGuid());

        Assert.Equal("Moved 2 expenses from Fast Food to Food.", result.Message);
        await using var db = Database.CreateDbContext();
        Assert.True(await db.Categories.AnyAsync(c => c.Id == _fastFood));
        Assert.Equal(2, await db.Expenses.CountAsync(e => e.UserId == Alice.Id && e.CategoryId == Food));
        Assert.Equal(1, await db.Expenses.CountAsync(e => e.UserId == Bob.Id && e.CategoryId == _fastFood));
        await Database.AssertFailsAndChangesNothingAsync(
            () => As<ExpenseService>(Alice).MoveToCategoryAsync(new MoveExpensesInput { FromCategoryId = _fastFood, ToCategoryId = Food }, Guid.NewGuid()),
            FailureKind.NotFound, "You have no expenses in Fast Food to move.");
        await Database.AssertFailsAndChangesNothingAsync(
            () => As<ExpenseService>(Alice).MoveToCategoryAsync(new MoveExpensesInput { FromCategoryId = Food, ToCategoryId = Food }, Guid.NewGuid()),
            FailureKind.Validation, "From and To must be different categories.");
    }

    [Fact]
    public async Task The_admin_list_counts_usage_renames_and_deletes_only_unused_categories()
    {
        await SeedHouseholdAsync();
        var admin = As<CategoryAdmin>(_admin);
        var unused = await Database.CreateCategoryAsync("Unused");

        var rows = (await admin.ListAsync()).Value!;
        var fastFood = rows.Single(r => r.Name == "Fast Food");
        Assert.Equal((3, 3, 2, 2, true), (fastFood.Expenses, fastFood.Budgets, fastFood.Transfers, fastFood.Users, fastFood.InUse));
        Assert.False(rows.Single(r => r.Name == "Unused").InUse);

        await Database.AssertFailsAndChangesNothingAsync(
            () => admin.DeleteAsync(_fastFood, fastFood.Version, Guid.NewGuid()), FailureKind.Conflict, "Fast Food is still in use: merge it into another category instead.");
        await Database.AssertFailsAndChangesNothingAsync(
            () => admin.RenameAsync(_fastFood, fastFood.Version, new CategoryInput { Name = "food" }, Guid.NewGuid()), FailureKind.Duplicate, "A category named 'food' already exists.");
        Assert.Equal("Renamed Fast Food to Takeaway.", (await admin.RenameAsync(_fastFood, fastFood.Version, new CategoryInput { Name = "Takeaway" }, Guid.NewGuid())).Message);
        await Database.AssertFailsAndChangesNothingAsync(
            () => admin.RenameAsync(_fastFood, fastFood.Version, new CategoryInput { Name = "Again" }, Guid.NewGuid()), FailureKind.Concurrency, UserMessages.Concurrency);
        var unusedRow = (await admin.ListAsync()).Value!.Single(r => r.Id == unused);
        Assert.Equal("Deleted category Unused.", (await admin.DeleteAsync(unused, unusedRow.Version, Guid.NewGuid())).Message);
        Assert.Equal(CategoryAdmin.AdminsOnly, (await As<CategoryAdmin>(Alice).ListAsync()).Message);
    }

    [Fact]
    public async Task An_admins_rename_of_a_shared_category_shows_read_only_in_everyones_Activity()
    {
        var admin = As<CategoryAdmin>(_admin);
        var fastFood = (await admin.ListAsync()).Value!.Single(r => r.Id == _fastFood);
        var renamed = await admin.RenameAsync(_fastFood, fastFood.Version, new CategoryInput { Name = "Takeaway" }, Guid.NewGuid());
        Assert.True(renamed.Succeeded, renamed.Message);

        var seen = (await As<BudgetWeb.Features.Activity.ActivityLog>(Alice).PageAsync(0, 50)).Entries.Single();
        var own = (await As<BudgetWeb.Features.Activity.ActivityLog>(_admin).PageAsync(0, 50)).Entries.Single();

        Assert.Equal(("Renamed Fast Food to Takeaway.", false, true), (seen.Summary, seen.CanUndo, seen.ByAdministrator));
        Assert.Equal((true, false), (own.CanUndo, own.ByAdministrator));
    }
}

public sealed class CategoryMergeTestsOnSqlite() : CategoryMergeTests(DatabaseProvider.Sqlite);

public sealed class CategoryMergeTestsOnPostgreSql() : CategoryMergeTests(DatabaseProvider.PostgreSql);
