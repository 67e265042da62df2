using System.Text;
using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Categories;
using BudgetWeb.Features.Import;
using BudgetWeb.Features.Rules;
using BudgetWeb.Features.Undo;
using BudgetWeb.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Tests.Features;

/// <summary>Categorization rules: managed as recorded, undoable operations, and applied in the import preview.</summary>
public abstract class RuleServiceTests(DatabaseProvider provider) : ServiceTestBase(provider)
{
    // No Category column: every row's category comes from a rule, from the user's choice in the preview, or nowhere.
    private const string NoCategories = """
        Date,Description,Amount
        2026-03-01,SHELL 1234 HAMBURG,54.32
        2026-03-02,Shell Select Kiosk,3.10
        2026-03-03,Bakery Miller,4.20
        """;

    // As the mapping step confirms it: Date, Description, Amount, and Category only where the file has one.
    private static readonly ImportOptions Mapped = new(Format: new BankFileFormat(',', '.', "yyyy-MM-dd", new ColumnMapping(0, 1, 2, null, null, null, null), false));
    private static readonly ImportOptions MappedWithCategory = new(Format: Mapped.Format! with { Columns = new ColumnMapping(0, 1, 2, null, null, 3, null) });

    private RuleService Rules => As<RuleService>(Alice);

    private async Task<Result> AddAsync(RuleMatch match, string text, int categoryId, TestUser? user = null) =>
        await As<RuleService>(user ?? Alice).AddAsync(new RuleInput { Match = match, Text = text, CategoryId = categoryId }, Guid.NewGuid());

    private async Task<ImportPreview> PreviewAsync(string csv, ImportOptions? options = null)
    {
        var result = await As<ImportService>(Alice).PreviewAsync(Encoding.UTF8.GetBytes(csv), "bank.csv", options ?? Mapped);
        Assert.True(result.Succeeded, result.Message);
        return result.Value!;
    }

    private async Task<List<string>> DescribedAsync() => (await Rules.ListAsync()).Select(r => r.Describe()).ToList();

    [Fact]
    public async Task Rules_are_tried_in_order_and_the_preview_shows_which_one_matched_each_row()
    {
        Assert.True((await AddAsync(RuleMatch.StartsWith, "SHELL 1234", Fun)).Succeeded);
        Assert.True((await AddAsync(RuleMatch.Contains, "shell", Food)).Succeeded);

        var preview = await PreviewAsync(NoCategories);

        Assert.Equal(
            [("Fun", "description starts with 'SHELL 1234' → Fun"), ("Food", "description contains 'shell' → Food"), ("", null)],
            preview.Rows.Select(r => (r.Category, r.Rule)));
        Assert.Equal([ImportRowStatus.Ok, ImportRowStatus.Ok, ImportRowStatus.Invalid], preview.Rows.Select(r => r.Status));
        Assert.Equal("row 3: category is empty", preview.Rows[2].Reason);
    }

    [Fact]
    public async Task Moving_a_rule_up_changes_which_rule_wins()
    {
        await AddAsync(RuleMatch.Contains, "shell", Food);
        await AddAsync(RuleMatch.Equals, "shell 1234 hamburg", Fun);
        var second = (await Rules.ListAsync())[1];

        var moved = await Rules.MoveAsync(second.Id, up: true, Guid.NewGuid());

        Assert.Equal("Moved rule up: description equals 'shell 1234 hamburg' → Fun.", moved.Message);
        Assert.Equal(["description equals 'shell 1234 hamburg' → Fun", "description contains 'shell' → Food"], await DescribedAsync());
        Assert.Equal(["Fun", "Food"], (await PreviewAsync(NoCategories)).Rows.Take(2).Select(r => r.Category));
    }

    [Fact]
    public async Task The_files_own_category_wins_and_rules_fill_in_unknown_ones()
    {
        await AddAsync(RuleMatch.Contains, "shell", Fun);

        var preview = await PreviewAsync("""
            Date,Description,Amount,Category
            2026-03-01,SHELL 1,5.00,Food
            2026-03-02,SHELL 2,6.00,Petrol
            """, MappedWithCategory);

        Assert.Equal([("Food", null, ImportRowStatus.Ok), ("Fun", "description contains 'shell' → Fun", ImportRowStatus.Ok)], preview.Rows.Select(r => (r.Category, r.Rule, r.Status)));
    }

    [Fact]
    public async Task A_category_chosen_in_the_preview_is_imported_and_survives_a_new_preview()
    {
        var preview = (await PreviewAsync(NoCategories)).WithCategory(3, Food, "Food");
        Assert.Equal((ImportRowStatus.Ok, "Food", (string?)null), (preview.Rows[2].Status, preview.Rows[2].Category, preview.Rows[2].Reason));

        var again = await PreviewAsync(NoCategories, preview.Options);
        Assert.Equal((ImportRowStatus.Ok, Food), (again.Rows[2].Status, again.Rows[2].CategoryId!.Value));

        var (result, _) = await As<ImportService>(Alice).ImportAsync(again, ImportMode.ValidRows, Guid.NewGuid());
        Assert.Equal("Imported 1 of 3 rows from bank.csv (0 duplicates, 2 invalid, 0 refused by the database).", result.Message);
        await using var db = Database.CreateDbContext();
        Assert.Equal(Food, (await db.Expenses.SingleAsync()).CategoryId);
    }

    [Fact]
    public async Task A_rule_made_from_a_preview_row_in_one_click_categorizes_the_rows_like_it()
    {
        var preview = (await PreviewAsync(NoCategories)).WithCategory(1, Fun, "Fun");
        var row = preview.Rows[0];
        Assert.Equal("SHELL", RuleText.Suggest(row.Description));

        var made = await Rules.AddAsync(new RuleInput { Text = RuleText.Suggest(row.Description), CategoryId = row.CategoryId }, Guid.NewGuid());

        Assert.Equal("Added rule: description contains 'SHELL' → Fun.", made.Message);
        var again = await PreviewAsync(NoCategories, preview.Options);
        Assert.Equal(["description contains 'SHELL' → Fun", "description contains 'SHELL' → Fun", null], again.Rows.Select(r => r.Rule));
        Assert.Equal([ImportRowStatus.Ok, ImportRowStatus.Ok, ImportRowStatus.Invalid], again.Rows.Select(r => r.Status));
    }

    [Theory]
    [InlineData("SHELL 1234 HAMBURG", "SHELL")]
    [InlineData("Café €Rémy 03/11", "Café €Rémy")]
    [InlineData("2026-03 Rent", "2026-03 Rent")]
    [InlineData("  Netflix.com  ", "Netflix.com")]
    public void A_one_click_rule_matches_the_description_up_to_its_first_word_with_a_digit(string description, string text) =>
        Assert.Equal(text, RuleText.Suggest(description));

    [Fact]
    public async Task Every_rule_change_is_recorded_and_can_be_undone_and_redone()
    {
        var key = Guid.NewGuid();
        await Rules.AddAsync(new RuleInput { Text = "SHELL", CategoryId = Food }, key);
        var rule = (await Rules.ListAsync()).Single();
        var changeKey = Guid.NewGuid();
        var changed = await Rules.ChangeAsync(rule.Id, new RuleInput { Match = RuleMatch.StartsWith, Text = "SHELL", CategoryId = Fun }, changeKey);
        Assert.Equal("Changed rule: description contains 'SHELL' → Food is now description starts with 'SHELL' → Fun.", changed.Message);

        var undo = As<UndoService>(Alice);
        var undone = await undo.UndoByKeyAsync(changeKey, Guid.NewGuid());
        Assert.True(undone.Succeeded, undone.Message);
        Assert.Equal(["description contains 'SHELL' → Food"], await DescribedAsync());
        Assert.True((await undo.UndoByKeyAsync(key, Guid.NewGuid())).Succeeded);
        Assert.Empty(await Rules.ListAsync());

        await using var db = Database.CreateDbContext();
        var addUndo = await db.Operations.Where(o => o.UserId == Alice.Id && o.Kind == OperationKind.Undo).OrderBy(o => o.Id).Select(o => o.Id).LastAsync();
        var redone = await undo.UndoAsync(addUndo, Guid.NewGuid());
        Assert.Equal("Redid: Added rule: description contains 'SHELL' → Food.", redone.Message);
        Assert.Equal(rule.Id, (await Rules.ListAsync()).Single().Id); // the same rule, id included
        Assert.Equal(
            [OperationKind.RuleAdded, OperationKind.RuleChanged, OperationKind.Undo, OperationKind.Undo, OperationKind.Undo],
            await db.Operations.Where(o => o.UserId == Alice.Id).OrderBy(o => o.Id).Select(o => o.Kind).ToListAsync());
    }

    [Fact]
    public async Task Deleting_and_undoing_puts_the_rule_back_in_its_place()
    {
        await AddAsync(RuleMatch.Contains, "A", Food);
        await AddAsync(RuleMatch.Contains, "B", Fun);
        await AddAsync(RuleMatch.Contains, "C", Rent);
        var key = Guid.NewGuid();
        var deleted = await Rules.DeleteAsync((await Rules.ListAsync())[1].Id, key);
        Assert.Equal("Deleted rule: description contains 'B' → Fun.", deleted.Message);

        Assert.True((await As<UndoService>(Alice).UndoByKeyAsync(key, Guid.NewGuid())).Succeeded);

        Assert.Equal(["description contains 'A' → Food", "description contains 'B' → Fun", "description contains 'C' → Rent"], await DescribedAsync());
    }

    [Fact]
    public async Task An_undo_is_refused_and_changes_nothing_when_the_rules_changed_since()
    {
        var key = Guid.NewGuid();
        await Rules.AddAsync(new RuleInput { Text = "SHELL", CategoryId = Food }, key);
        await AddAsync(RuleMatch.Contains, "Bakery", Food);

        await Database.AssertFailsAndChangesNothingAsync(() => As<UndoService>(Alice).UndoByKeyAsync(key, Guid.NewGuid()), FailureKind.Conflict, RuleUndoer.RulesChangedSince);
    }

    [Theory]
    [InlineData("", "Text is required.")]
    [InlineData("   ", "Text is required.")]
    public async Task A_rule_without_text_is_refused_and_changes_nothing(string text, string message) =>
        await Database.AssertFailsAndChangesNothingAsync(() => Rules.AddAsync(new RuleInput { Text = text, CategoryId = Food }, Guid.NewGuid()), FailureKind.Validation, message);

    [Fact]
    public async Task A_rule_without_a_category_a_missing_category_or_a_duplicate_is_refused_and_changes_nothing()
    {
        await AddAsync(RuleMatch.Contains, "SHELL", Food);

        await Database.AssertFailsAndChangesNothingAsync(() => Rules.AddAsync(new RuleInput { Text = "Tea" }, Guid.NewGuid()), FailureKind.Validation, "Category is required.");
        await Database.AssertFailsAndChangesNothingAsync(() => Rules.AddAsync(new RuleInput { Text = "Tea", CategoryId = 9999 }, Guid.NewGuid()), FailureKind.Validation, UserMessages.CategoryMissing);
        await Database.AssertFailsAndChangesNothingAsync(() => AddAsync(RuleMatch.Contains, " shell ", Fun), FailureKind.Duplicate, "You already have a rule for description contains 'shell'.");
        await Database.AssertFailsAndChangesNothingAsync(() => Rules.AddAsync(new RuleInput { Text = new string('x', 201), CategoryId = Food }, Guid.NewGuid()), FailureKind.Validation, "Text can be at most 200 characters.");
    }

    [Fact]
    public async Task Rules_are_per_user_another_users_rule_is_not_found_and_stays()
    {
        await AddAsync(RuleMatch.Contains, "SHELL", Food);
        var alices = (await Rules.ListAsync()).Single();

        Assert.Empty(await As<RuleService>(Bob).ListAsync());
        await Database.AssertFailsAndChangesNothingAsync(() => As<RuleService>(Bob).DeleteAsync(alices.Id, Guid.NewGuid()), FailureKind.NotFound, RuleService.RuleGone);
        var bobsPreview = await As<ImportService>(Bob).PreviewAsync(Encoding.UTF8.GetBytes(NoCategories), "bank.csv", Mapped);
        Assert.All(bobsPreview.Value!.Rows, r => Assert.Null(r.Rule));
    }

    [Fact]
    public async Task A_category_a_rule_points_at_is_in_use_and_a_merge_takes_the_rule_along()
    {
        var admin = await Database.CreateUserAsync("admin@example.com", admin: true);
        var petrol = await Database.CreateCategoryAsync("Petrol");
        await AddAsync(RuleMatch.Contains, "SHELL", petrol);
        var version = await Database.CreateDbContext().Categories.Where(c => c.Id == petrol).Select(c => c.Version).SingleAsync();

        var usage = (await As<CategoryAdmin>(admin).ListAsync()).Value!.Single(c => c.Id == petrol);
        Assert.Equal((0, 1, 1, true), (usage.Expenses, usage.Rules, usage.Users, usage.InUse));
        await Database.AssertFailsAndChangesNothingAsync(() => As<CategoryAdmin>(admin).DeleteAsync(petrol, version, Guid.NewGuid()), FailureKind.Conflict, "Petrol is still in use: merge it into another category instead.");

        var merge = As<CategoryMerge>(admin);
        var merged = await merge.MergeAsync((await merge.PreviewAsync(petrol, Fun)).Value!, Guid.NewGuid());
        Assert.True(merged.Succeeded, merged.Message);
        Assert.Equal(["description contains 'SHELL' → Fun"], await DescribedAsync());
    }
}

public sealed class RuleServiceTestsOnSqlite() : RuleServiceTests(DatabaseProvider.Sqlite);

public sealed class RuleServiceTestsOnPostgreSql() : RuleServiceTests(DatabaseProvider.PostgreSql);
