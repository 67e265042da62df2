using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BudgetWeb.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class BankImportTests(BrowserFixture browser)
{
    // A German-style export: semicolons, comma decimals, dd.MM.yyyy, spending in "Soll" (debit) and income in "Haben" (credit).
    private const string BankFile = """
        Booking date;Payee;Soll;Haben;Category
        03.11.2026;SHELL 0815;54,32;;Food
        04.11.2026;Salary;;2.000,00;Food
        05.11.2026;Landlord;1.234,50;;Food
        """;

    [Fact]
    public async Task A_semicolon_comma_decimal_debit_credit_file_is_mapped_and_imported_with_the_files_amounts()
    {
        await using var server = AppServer.Start();
        var app = await BudgetWebPage.OpenAsync(browser.Browser, server);
        await app.RegisterAsync("alice@example.com");
        await app.OpenSectionAsync("Categories");
        await app.CreateCategoryAsync("Food");

        await app.OpenSectionAsync("Import");
        await app.Page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "bank.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(BankFile) });
        var mapping = app.ByTestId("import-mapping");
        await Expect(mapping).ToContainTextAsync("Choose the file's column for: Amount (or Debit).");
        await app.ChooseAsync(mapping, "Debit", "Soll");
        await app.ChooseAsync(mapping, "Credit", "Haben");
        await app.ChooseAsync(mapping, "Decimal separator", ",");
        await mapping.GetByRole(AriaRole.Button, new() { Name = "Preview with this mapping" }).ClickAsync();

        var preview = app.ByTestId("import-preview");
        await Expect(preview).ToContainTextAsync("OK: 2");
        await Expect(preview).ToContainTextAsync("Skipped: 1");
        await Expect(preview).ToContainTextAsync("03.11.2026 · 54,32");
        await app.Page.GetByRole(AriaRole.Button, new() { Name = "Import valid rows" }).ClickAsync();
        await Expect(app.Toast("Imported 2 of 3 rows from bank.csv (0 duplicates, 0 invalid, 0 refused by the database, 1 skipped).")).ToBeVisibleAsync();

        await app.OpenSectionAsync("Expenses");
        await Expect(app.Page.Locator("tr", new() { HasText = "SHELL 0815" })).ToContainTextAsync("$54.32");
        await Expect(app.Page.Locator("tr", new() { HasText = "Landlord" })).ToContainTextAsync("$1,234.50");
        await Expect(app.Page.Locator("tr", new() { HasText = "Salary" })).ToHaveCountAsync(0);
    }
}
