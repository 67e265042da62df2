using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BudgetWeb.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class RuleImportTests(BrowserFixture browser)
{
    // Semicolons, comma decimals, Debit ("Soll") and Credit ("Haben") columns; the SHELL rows have no category in the file.
    private const string BankFile = """
        Booking date;Payee;Soll;Haben;Category
        03.11.2026;SHELL 0815;54,32;;
        04.11.2026;SHELL 0815 return;;4,32;
        05.11.2026;Landlord;1.234,50;;Food
        """;

    [Fact]
    public async Task A_rule_made_on_the_Rules_page_categorizes_a_mapped_debit_credit_import_and_the_expenses_keep_the_files_amounts()
    {
        await using var server = AppServer.Start();
        var app = await BudgetWebPage.OpenAsync(browser.Browser, server);
        await app.RegisterAsync("alice@example.com");
        await app.OpenSectionAsync("Categories");
        await app.CreateCategoryAsync("Food");
        await app.CreateCategoryAsync("Transport");

        await app.OpenSectionAsync("Rules");
        var form = app.ByTestId("rule-form");
        await form.GetByLabel("Text", new() { Exact = true }).FillAsync("SHELL");
        await app.ChooseAsync(form, "Category", "Transport");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
        await Expect(app.Toast("Added rule: description contains 'SHELL' → Transport.")).ToBeVisibleAsync();

        await app.OpenSectionAsync("Import");
        await app.Page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "bank.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(BankFile) });
        var mapping = app.ByTestId("import-mapping");
        await Expect(mapping).ToContainTextAsync("Choose the file's column for: Amount (or Debit).");
        await app.ChooseAsync(mapping, "Debit", "Soll"); // the decimal separator is detected again from the column chosen
        await app.ChooseAsync(mapping, "Credit", "Haben");
        await mapping.GetByLabel("Import credits as refunds").CheckAsync();
        await mapping.GetByRole(AriaRole.Button, new() { Name = "Preview with this mapping" }).ClickAsync();

        var preview = app.ByTestId("import-preview");
        await Expect(preview).ToContainTextAsync("OK: 3");
        await Expect(app.Page.Locator("[data-testid=preview-table] tr", new() { HasText = "SHELL 0815 return" })).ToContainTextAsync("description contains 'SHELL' → Transport");
        await app.Page.GetByRole(AriaRole.Button, new() { Name = "Import valid rows" }).ClickAsync();
        await Expect(app.Toast("Imported 3 of 3 rows from bank.csv (0 duplicates, 0 invalid, 0 refused by the database).")).ToBeVisibleAsync();

        await app.OpenSectionAsync("Expenses");
        var shell = app.Page.Locator("tr", new() { HasText = "SHELL 0815" }).Filter(new() { HasNotText = "return" });
        await Expect(shell).ToContainTextAsync("$54.32");
        await Expect(shell).ToContainTextAsync("Transport");
        var refund = app.Page.Locator("tr", new() { HasText = "SHELL 0815 return" });
        await Expect(refund).ToContainTextAsync("-$4.32");
        await Expect(refund).ToContainTextAsync("Transport");
        await Expect(app.Page.Locator("tr", new() { HasText = "Landlord" })).ToContainTextAsync("$1,234.50");
    }
}
