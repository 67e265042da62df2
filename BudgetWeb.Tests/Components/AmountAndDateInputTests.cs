using BudgetWeb.Common;
using BudgetWeb.Components.Pages.Categories;
using BudgetWeb.Components.Pages.Expenses;
using BudgetWeb.Components.Pages.Import;
using BudgetWeb.Features.Categories;
using BudgetWeb.Features.Expenses;
using BudgetWeb.Tests.Components.Probes;
using BudgetWeb.Tests.Infrastructure;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace BudgetWeb.Tests.Components;

/// <summary>Amounts and dates are never silently misread: what can't be read one way only is refused with how to write it.</summary>
public sealed class AmountAndDateInputTests : ComponentTestBase
{

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SeedHouseholdAsync();
    }

    private async Task<IRenderedComponent<DialogHost>> OpenAsync<TDialog>(DialogParameters<TDialog> parameters) where TDialog : ComponentBase
    {
        var host = Context.Render<DialogHost>();
        var dialogs = Context.Services.GetRequiredService<IDialogService>();
        await host.InvokeAsync(() => dialogs.ShowAsync<TDialog>("", parameters));
        return host;
    }

    private async Task<IReadOnlyList<CategoryOption>> CategoriesAsync() => await Database.ServiceFor<CategoryService>(Alice).ListAsync();

    [Fact]
    public async Task Typing_12_comma_5_as_an_expense_amount_is_refused_and_saves_nothing()
    {
        var host = await OpenAsync(new DialogParameters<ExpenseDialog> { { d => d.Categories, await CategoriesAsync() } });
        host.WaitForAssertion(() => host.Button("Save"));
        host.Field("Description").Input("Lunch");
        var before = await Database.SnapshotAsync();

        host.Field("Amount").Input("12,5");
        await host.ClickAsync("Save");

        host.WaitForAssertion(() => Assert.Contains("'12,5' is not an amount; use 12.50", host.Markup));
        Assert.Equal(before, await Database.SnapshotAsync());
        Assert.Contains("Add expense", host.Markup);
    }

    [Theory]
    [InlineData("expense")]
    [InlineData("budget")]
    [InlineData("transfer")]
    [InlineData("split")]
    public async Task Every_amount_field_reads_amounts_the_same_way(string dialog)
    {
        var categories = await CategoriesAsync();
        var march = new DateOnly(2026, 3, 1);
        var (host, label) = dialog switch
        {
            "expense" => (await OpenAsync(new DialogParameters<ExpenseDialog> { { d => d.Categories, categories } }), "Amount"),
            "budget" => (await OpenAsync(new DialogParameters<BudgetDialog> { { d => d.CategoryId, Food }, { d => d.Category, "Food" }, { d => d.Month, march } }), "Amount"),
            "transfer" => (await OpenAsync(new DialogParameters<TransferDialog> { { d => d.Categories, categories }, { d => d.Month, march } }), "Amount"),
            _ => (await OpenAsync(new DialogParameters<SplitDialog>
            {
                { d => d.Expense, new ExpenseRow(1, new DateOnly(2026, 3, 5), "Supermarket", 10_000, Food, "Food", null, false, Guid.NewGuid()) },
                { d => d.Categories, categories },
            }), "Part 1 amount"),
        };
        host.WaitForAssertion(() => host.Field(label));

        host.Field(label).Input("54,32");
        host.WaitForAssertion(() => Assert.Contains("'54,32' is not an amount; use 54.32", host.Markup));
        host.Field(label).Input("1,234.5");
        host.WaitForAssertion(() => Assert.DoesNotContain("is not an amount", host.Markup));

        if (dialog == "split")
        {
            host.WaitForAssertion(() => Assert.Contains("Remaining: -$1,134.50", host.Find("[data-testid=split-remainder]").TextContent));
        }
    }

    [Fact]
    public async Task A_date_outside_1970_to_a_year_ahead_is_refused_with_the_range()
    {
        var host = await OpenAsync(new DialogParameters<ExpenseDialog> { { d => d.Categories, await CategoriesAsync() } });
        host.WaitForAssertion(() => host.Button("Save"));
        var latest = DateOnly.FromDateTime(DateTime.Now).AddYears(1).ToString("d", Formatting.Culture);
        var before = await Database.SnapshotAsync();

        host.Field("Date").Change("1/1/1900");
        await host.ClickAsync("Save");

        host.WaitForAssertion(() => Assert.Contains($"Dates must be between 1/1/1970 and {latest}.", host.Markup));
        Assert.Equal(before, await Database.SnapshotAsync());
    }

    [Fact]
    public async Task Text_that_is_not_a_date_says_so_in_plain_words()
    {
        var host = await OpenAsync(new DialogParameters<ExpenseDialog> { { d => d.Categories, await CategoriesAsync() } });
        host.WaitForAssertion(() => host.Button("Save"));

        host.Field("Date").Change("next tuesday");

        host.WaitForAssertion(() => Assert.Contains("Not a valid date.", host.Markup));
        Assert.DoesNotContain("Not a valid date time", host.Markup);
    }

    [Fact]
    public void An_imported_amount_with_a_misplaced_separator_or_a_far_off_date_is_invalid_not_misread()
    {
        const string file = """
            Date,Description,Amount,Category
            2026-03-01,Coffee,"54,32",Food
            1900-03-02,Typo year,1,Food
            2026-03-03,Rent,"1,234.50",Food
            """;
        var page = Context.Render<DialogHost>(p => p.AddChildContent<ImportPage>());
        page.WaitForAssertion(() => Assert.Contains("No imports yet.", page.Markup));

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(file, "bank.csv"));

        page.WaitForAssertion(() => page.Find("[data-testid=preview-table]"));
        var statuses = page.FindAll("[data-testid=preview-table] tbody tr td[data-label=Status]").Select(td => td.TextContent.Trim()).ToList();
        var latest = DateOnly.FromDateTime(DateTime.Now).AddYears(1).ToString("d", Formatting.Culture);
        Assert.Equal(
            ["Invalid (row 1: '54,32' is not an amount; use 54.32)", $"Invalid (row 2: dates must be between 1/1/1970 and {latest})", "OK"],
            statuses);
    }
}
