using System.Text;
using BudgetWeb.Components.Pages.Import;
using BudgetWeb.Tests.Components.Probes;
using BudgetWeb.Tests.Infrastructure;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;

namespace BudgetWeb.Tests.Components;

/// <summary>The Import page's mapping step: the file's rows as written, the detected format, and a question when dates are ambiguous.</summary>
public sealed class ImportMappingTests : ComponentTestBase
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SeedHouseholdAsync();
    }

    private IRenderedComponent<DialogHost> Upload(string text)
    {
        var page = Context.Render<DialogHost>(p => p.AddChildContent<ImportPage>());
        page.WaitForAssertion(() => Assert.Contains("No imports yet.", page.Markup));
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(Encoding.UTF8.GetBytes(text), "bank.csv"));
        page.WaitForAssertion(() => page.Find("[data-testid=import-mapping]"), TimeSpan.FromSeconds(20));
        return page;
    }

    [Fact]
    public void A_semicolon_comma_decimal_file_is_mapped_and_previewed_with_the_files_text_beside_what_it_was_read_as()
    {
        var page = Upload("Booking date;Payee;Debit;Credit;Category\n03.11.2026;SHELL;54,32;;Food\n04.11.2026;Salary;;2.000,00;Food\n");

        page.WaitForAssertion(() => page.Find("[data-testid=import-preview]"), TimeSpan.FromSeconds(20));
        var mapping = page.Find("[data-testid=import-mapping]").TextContent;
        foreach (var label in new[] { "Date", "Description", "Amount", "Debit", "Credit", "Category (optional)", "Note (optional)", "Delimiter", "Decimal separator", "Date format", "Negative amounts are spending" })
        {
            Assert.Contains(label, mapping);
        }

        Assert.Equal(["03.11.2026", "SHELL", "54,32", "", "Food"], page.FindAll("[data-testid=raw-rows] tbody tr").First().QuerySelectorAll("td").Select(td => td.TextContent));
        var first = page.FindAll("[data-testid=preview-table] tbody tr").First();
        Assert.Equal("03.11.2026 · 54,32", first.QuerySelector("td[data-label='In the file']")!.TextContent.Trim());
        Assert.Equal("$54.32", first.QuerySelector("td[data-label=Amount]")!.TextContent.Trim());
        Assert.Contains("Skipped: 1", page.Find("[data-testid=import-preview]").TextContent);
    }

    [Fact]
    public void When_every_date_could_be_read_two_ways_the_page_asks_and_shows_no_preview()
    {
        var page = Upload("Date,Description,Amount,Category\n03/11/2026,Coffee,3.50,Food\n05/06/2026,Tea,2.00,Food\n");

        page.WaitForAssertion(() => Assert.Equal(
            "Every date in this file could be read as dd/MM/yyyy or MM/dd/yyyy: choose the date format.",
            page.Find("[data-testid=date-question]").TextContent.Trim()));
        Assert.Empty(page.FindAll("[data-testid=import-preview]"));
        Assert.True(page.FindAll("button").Single(b => b.TextContent.Contains("Preview with this mapping")).HasAttribute("disabled"));
    }
}
