using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BudgetWeb.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class ImportTests(BrowserFixture browser)
{
    private const string BankFile = """
        Date,Description,Amount,Category
        2026-03-01,Corner bakery,4.20,Food
        2026-03-02,Broken row,abc,Food
        2026-03-03,Weekly groceries,61.35,Food
        2026-03-04,"=cmd|' /C calc'!A0",1.00,Food
        """;

    [Fact]
    public async Task Upload_a_file_read_the_report_see_the_expenses_revert_and_see_them_gone()
    {
        await using var server = AppServer.Start();
        var app = await BudgetWebPage.OpenAsync(browser.Browser, server);
        await app.RegisterAsync("alice@example.com");
        await app.OpenSectionAsync("Categories");
        await app.CreateCategoryAsync("Food");

        await app.OpenSectionAsync("Import");
        await app.Page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "bank.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(BankFile) });
        var preview = app.ByTestId("import-preview");
        await Expect(preview).ToContainTextAsync("OK: 3");
        await Expect(preview).ToContainTextAsync("Invalid: 1");
        await Expect(preview).ToContainTextAsync("row 2: 'abc' is not an amount; use a number like 12.50");

        await app.Page.GetByRole(AriaRole.Button, new() { Name = "Import valid rows" }).ClickAsync();
        await Expect(app.Toast("Imported 3 of 4 rows from bank.csv (0 duplicates, 1 invalid, 0 refused by the database).")).ToBeVisibleAsync();
        var report = app.ByTestId("import-report");
        await Expect(report).ToContainTextAsync("Imported: 3");
        await Expect(report).ToContainTextAsync("Invalid: 1");
        var download = await app.Page.RunAndWaitForDownloadAsync(() => report.GetByRole(AriaRole.Link, new() { Name = "Download report" }).ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Contains("2,Broken row,abc,Invalid,row 2: 'abc' is not an amount; use a number like 12.50", csv);
        Assert.Contains("4,\"'=cmd|' /C calc'!A0\",1.00,Imported", csv); // formula-like cells are escaped in exports

        await app.OpenSectionAsync("Expenses");
        await Expect(app.Page.GetByRole(AriaRole.Cell, new() { Name = "Weekly groceries", Exact = true })).ToBeVisibleAsync();
        await Expect(app.Page.GetByRole(AriaRole.Cell, new() { Name = "=cmd|' /C calc'!A0", Exact = true })).ToBeVisibleAsync(); // stored as plain text

        await app.OpenSectionAsync("Import");
        await app.ByTestId("past-imports").GetByRole(AriaRole.Button, new() { Name = "Revert this import" }).ClickAsync();
        await Expect(app.Page.GetByText("Revert the import of bank.csv? This removes its 3 expenses.")).ToBeVisibleAsync();
        await app.Page.GetByRole(AriaRole.Button, new() { Name = "Revert", Exact = true }).ClickAsync();
        await Expect(app.Toast("Undid: Imported 3 of 4 rows from bank.csv (0 duplicates, 1 invalid, 0 refused by the database).")).ToBeVisibleAsync();
        await app.OpenSectionAsync("Expenses");
        await Expect(app.Page.GetByText("No expenses here yet.")).ToBeVisibleAsync();
    }
}
