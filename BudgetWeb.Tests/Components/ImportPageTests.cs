using BudgetWeb.Components.Pages.Import;
using BudgetWeb.Tests.Components.Probes;
using BudgetWeb.Tests.Infrastructure;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Data.Sqlite;

namespace BudgetWeb.Tests.Components;

public sealed class ImportPageTests : ComponentTestBase
{
    private const string File = """
        Date,Description,Amount,Category
        2026-03-01,Coffee,3.50,Food
        2026-03-02,Broken,abc,Food
        2026-03-03,Cinema,12,Food
        2026-03-04,Bakery,4.20,Bakery
        """;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SeedHouseholdAsync();
    }

    private IRenderedComponent<DialogHost> UploadFile()
    {
        var page = Context.Render<DialogHost>(p => p.AddChildContent<ImportPage>());
        page.WaitForAssertion(() => Assert.Contains("No imports yet.", page.Markup));
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(File, "bank.csv"));
        page.WaitForAssertion(() => page.Find("[data-testid=import-preview]"));
        return page;
    }

    [Fact]
    public void The_preview_shows_every_rows_status_and_why()
    {
        var page = UploadFile();

        var preview = page.Find("[data-testid=import-preview]").TextContent;
        Assert.Contains("OK: 2", preview);
        Assert.Contains("Invalid: 1", preview);
        Assert.Contains("Unknown category: 1", preview);
        var statuses = page.FindAll("[data-testid=preview-table] tbody tr td[data-label=Status]").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["OK", "Invalid (row 2: 'abc' is not an amount; use a number like 12.50)", "OK", "Unknown category (row 4: unknown category 'Bakery')"], statuses);
    }

    [Fact]
    public async Task Ticking_create_missing_categories_after_the_preview_still_counts()
    {
        var page = UploadFile();

        page.FindAll("input[type=checkbox]").Single(c => c.ParentElement!.ParentElement!.TextContent.Contains("Create missing categories")).Change(true);
        await page.ClickAsync("Import valid rows");

        page.WaitForAssertion(() => page.AssertToast("Imported 3 of 4 rows from bank.csv (0 duplicates, 1 invalid, 0 refused by the database).", failure: false), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task While_importing_a_progress_bar_and_Cancel_show_then_the_report()
    {
        var page = UploadFile();
        await using (var writer = new SqliteConnection($"Data Source={Database.FilePath}"))
        {
            await writer.OpenAsync();
            await using (var hold = writer.CreateCommand())
            {
                hold.CommandText = "BEGIN IMMEDIATE"; // another writer holds the database: the import waits for it
                await hold.ExecuteNonQueryAsync();
            }

            await page.ClickAsync("Import valid rows");

            page.WaitForAssertion(() =>
            {
                Assert.NotNull(page.Find("[data-testid=import-progress]"));
                Assert.Contains("Importing", page.Markup);
                Assert.NotNull(page.Button("Cancel"));
            });
            await using var release = writer.CreateCommand();
            release.CommandText = "COMMIT";
            await release.ExecuteNonQueryAsync();
        }

        page.WaitForAssertion(() =>
        {
            var report = page.Find("[data-testid=import-report]").TextContent;
            Assert.Contains("Imported: 2", report);
            Assert.Contains("Invalid: 2", report);
            Assert.Contains("row 4: unknown category 'Bakery'", report);
            page.AssertToast("Imported 2 of 4 rows from bank.csv (0 duplicates, 2 invalid, 0 refused by the database).", failure: false);
        }, TimeSpan.FromSeconds(20));
        Assert.Empty(page.FindAll("[data-testid=import-progress]"));
        Assert.Contains("Revert this import", page.Find("[data-testid=past-imports]").TextContent);
    }
}
