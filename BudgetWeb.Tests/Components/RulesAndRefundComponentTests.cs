using System.Text;
using BudgetWeb.Components.Pages.Expenses;
using BudgetWeb.Components.Pages.Import;
using BudgetWeb.Components.Pages.Rules;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Categories;
using BudgetWeb.Features.Rules;
using BudgetWeb.Tests.Components.Probes;
using BudgetWeb.Tests.Infrastructure;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace BudgetWeb.Tests.Components;

/// <summary>The Rules page, rules and categories in the import preview, and the expense dialog's Refund switch.</summary>
public sealed class RulesAndRefundComponentTests : ComponentTestBase
{
    private TestUser _alice = null!;
    private int _food;
    private int _transport;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _alice = await Database.CreateUserAsync("alice@example.com");
        _food = await Database.CreateCategoryAsync("Food");
        _transport = await Database.CreateCategoryAsync("Transport");
        SignIn(_alice);
    }

    private async Task<List<string>> StoredRulesAsync() => (await Database.ServiceFor<RuleService>(_alice).ListAsync()).Select(r => r.Describe()).ToList();

    [Fact]
    public async Task A_rule_is_added_on_the_Rules_page_with_its_labelled_fields_and_listed()
    {
        var page = RenderHost<RulesPage>();
        page.WaitForAssertion(() => Assert.Equal("Rules", page.Find("h1").TextContent.Trim()));
        page.WaitForAssertion(() => Assert.Contains("No rules yet", page.Markup));

        await page.InvokeAsync(() => page.FindComponents<MudSelect<RuleMatch>>()[0].Instance.SelectOption(RuleMatch.StartsWith));
        page.Field("Text").Input("SHELL");
        await page.InvokeAsync(() => page.FindComponents<MudSelect<int?>>()[0].Instance.SelectOption((int?)_transport));
        Assert.NotNull(page.Field("Description"));
        Assert.NotNull(page.Field("Category"));
        await page.ClickAsync("Add rule");

        page.WaitForAssertion(() => page.AssertToast("Added rule: description starts with 'SHELL' → Transport.", failure: false));
        page.WaitForAssertion(() => Assert.Contains("description starts with 'SHELL' → Transport", page.Find("[data-testid=rules-table]").TextContent));
        Assert.Equal(["description starts with 'SHELL' → Transport"], await StoredRulesAsync());
    }

    [Fact]
    public async Task A_rule_without_text_shows_the_message_beside_the_field_and_saves_nothing()
    {
        var page = RenderHost<RulesPage>();
        page.WaitForAssertion(() => page.Button("Add rule"));
        var before = await Database.SnapshotAsync();

        await page.ClickAsync("Add rule");

        page.WaitForAssertion(() =>
        {
            Assert.Contains("Text is required.", page.Markup);
            Assert.Contains("Category is required.", page.Markup);
        });
        Assert.Equal(before, await Database.SnapshotAsync());
    }

    [Fact]
    public async Task Rules_are_moved_and_deleted_from_their_rows()
    {
        var rules = Database.ServiceFor<RuleService>(_alice);
        await rules.AddAsync(new RuleInput { Text = "Bakery", CategoryId = _food }, Guid.NewGuid());
        await rules.AddAsync(new RuleInput { Text = "SHELL", CategoryId = _transport }, Guid.NewGuid());
        var page = RenderHost<RulesPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=rules-table] tbody tr").Count));
        Assert.True(page.FindAll("[data-testid=rules-table] tbody tr")[0].QuerySelectorAll("button").First(b => b.TextContent.Trim() == "Move up").HasAttribute("disabled"));

        await page.InvokeAsync(() => page.FindAll("[data-testid=rules-table] tbody tr")[1].QuerySelectorAll("button").First(b => b.TextContent.Trim() == "Move up").Click());
        page.WaitForAssertion(() => Assert.Contains("SHELL", page.FindAll("[data-testid=rules-table] tbody tr")[0].TextContent));

        await page.InvokeAsync(() => page.FindAll("[data-testid=rules-table] tbody tr")[0].QuerySelectorAll("button").First(b => b.TextContent.Trim() == "Delete").Click());
        page.WaitForAssertion(() => page.AssertToast("Deleted rule: description contains 'SHELL' → Transport.", failure: false));
        Assert.Equal(["description contains 'Bakery' → Food"], await StoredRulesAsync());
    }

    [Fact]
    public async Task In_the_preview_a_row_gets_a_category_chosen_by_hand_and_a_rule_from_it_in_one_click()
    {
        var page = Context.Render<DialogHost>(p => p.AddChildContent<ImportPage>());
        page.WaitForAssertion(() => Assert.Contains("No imports yet.", page.Markup));
        var file = "Date,Description,Amount\n2026-03-01,SHELL 0815 HAMBURG,54.32\n2026-03-02,SHELL 0816 BERLIN,40.00\n";
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(Encoding.UTF8.GetBytes(file), "bank.csv"));
        page.WaitForAssertion(() => page.Find("[data-testid=import-preview]"), TimeSpan.FromSeconds(20));
        page.WaitForAssertion(() => Assert.Contains("Invalid: 2", page.Find("[data-testid=import-preview]").TextContent));
        Assert.Contains("row 1: category is empty", page.Find("[data-testid=preview-table]").TextContent);

        var select = page.FindComponents<MudSelect<int?>>().Single(s => s.Instance.Label == "Category" && s.Markup.Contains("row-category-1"));
        await page.InvokeAsync(() => select.Instance.SelectOption((int?)_transport));
        page.WaitForAssertion(() => Assert.Contains("OK: 1", page.Find("[data-testid=import-preview]").TextContent));

        await page.ClickAsync("Always put 'SHELL' in Transport");

        page.WaitForAssertion(() => page.AssertToast("Added rule: description contains 'SHELL' → Transport.", failure: false), TimeSpan.FromSeconds(20));
        page.WaitForAssertion(() => Assert.Contains("OK: 2", page.Find("[data-testid=import-preview]").TextContent), TimeSpan.FromSeconds(20));
        var rules = page.FindAll("[data-testid=preview-table] tbody tr td[data-label=Rule]").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["description contains 'SHELL' → Transport", "description contains 'SHELL' → Transport"], rules);
        Assert.Equal(["description contains 'SHELL' → Transport"], await StoredRulesAsync());
    }

    [Fact]
    public async Task The_expense_dialogs_Refund_switch_saves_the_amount_as_money_back()
    {
        var categories = await Database.ServiceFor<CategoryService>(_alice).ListAsync();
        var host = Context.Render<DialogHost>();
        await host.InvokeAsync(() => Context.Services.GetRequiredService<IDialogService>().ShowAsync<ExpenseDialog>("", new DialogParameters<ExpenseDialog> { { d => d.Categories, categories } }));
        host.WaitForAssertion(() => host.Button("Save"));

        host.Field("Description").Input("Returned shoes");
        host.Field("Amount").Input("45.50");
        await host.InvokeAsync(() => host.FindComponents<MudSelect<int?>>()[0].Instance.SelectOption((int?)_food));
        var refund = host.FindAll(".mud-switch").Single(s => s.TextContent.Contains("Refund")).QuerySelector("input")!;
        refund.Change(true);
        await host.ClickAsync("Save");

        host.WaitForAssertion(() => host.AssertToast("Added Returned shoes (-$45.50).", failure: false));
        await using var db = Database.CreateDbContext();
        Assert.Equal(-4550L, (await db.Expenses.SingleAsync()).AmountCents);
    }

    [Fact]
    public async Task The_expenses_list_marks_a_refund_and_offers_no_split_for_it()
    {
        var expenses = Database.ServiceFor<BudgetWeb.Features.Expenses.ExpenseService>(_alice);
        await expenses.AddAsync(new BudgetWeb.Features.Expenses.ExpenseInput { Date = new DateTime(2026, 3, 5), Description = "Returned shoes", Amount = 45.5m, Refund = true, CategoryId = _food }, Guid.NewGuid());
        await expenses.AddAsync(new BudgetWeb.Features.Expenses.ExpenseInput { Date = new DateTime(2026, 3, 6), Description = "New shoes", Amount = 60m, CategoryId = _food }, Guid.NewGuid());

        var page = RenderHost<ExpensesPage>();

        page.WaitForAssertion(() => Assert.Contains("Returned shoes", page.Markup));
        var amounts = page.FindAll("[data-testid=expenses-grid] tbody tr td[data-label=Amount]").Select(td => td.TextContent.Trim()).ToList();
        Assert.Contains("refund-$45.50", amounts);
        Assert.Contains("$60.00", amounts);
        // Money back, not a deficit: green, where a negative amount elsewhere (overspent) is red.
        Assert.Contains("mud-success-text", page.Find("[data-testid=expenses-grid] [data-cents='-4550']").ClassName);
        Assert.Empty(page.FindAll("button[aria-label='Split Returned shoes']"));
        Assert.Single(page.FindAll("button[aria-label='Split New shoes']"));
    }
}
