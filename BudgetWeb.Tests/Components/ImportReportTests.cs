using BudgetWeb.Components.Pages.Import;
using BudgetWeb.Features.Import;
using BudgetWeb.Tests.Components.Probes;
using BudgetWeb.Tests.Infrastructure;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;

namespace BudgetWeb.Tests.Components;

/// <summary>The import report says what happened, and repeats each row's own values.</summary>
public sealed class ImportReportTests : ComponentTestBase
{
    private const string File = """
        Date,Description,Amount,Category
        2026-03-01,Coffee,3.50,Food
        not a date,Lunch,1,Food
        2026-03-03,Cinema,12,Food
        """;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SeedHouseholdAsync();
    }

    [Fact]
    public async Task A_refused_all_or_nothing_import_reports_nothing_imported_and_marks_the_rows_that_would_have_been()
    {
        var page = Context.Render<DialogHost>(p => p.AddChildContent<ImportPage>());
        page.WaitForAssertion(() => Assert.Contains("No imports yet.", page.Markup));
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(File, "bank.csv"));
        page.WaitForAssertion(() => page.Find("[data-testid=import-preview]"));
        var before = await Database.SnapshotAsync();

        await page.ClickAsync("All or nothing");

        page.WaitForAssertion(() =>
        {
            var report = page.Find("[data-testid=import-report]").TextContent;
            Assert.Contains("Imported: 0", report);
            Assert.Contains("Invalid: 1", report);
            Assert.Contains("Not imported (all or nothing): 2", report);
            Assert.Contains("row 1: not imported, because the import was all or nothing", report);
        }, TimeSpan.FromSeconds(15)); // the import runs off the circuit's thread: wait for its report, however loaded the machine
        Assert.Equal(before, await Database.SnapshotAsync());
    }

    [Fact]
    public void The_downloaded_report_repeats_the_amount_of_a_row_refused_for_another_reason()
    {
        var file = CsvExpenseReader.Read(System.Text.Encoding.UTF8.GetBytes(File), BudgetWeb.Common.Formatting.Culture, negativeAmountsAreExpenses: false).Value!;
        var lunch = file.Rows[1];
        var report = new ImportReport(null, "bank.csv", [new ReportRow(lunch.Number, lunch.Description, lunch.AmountCents, ImportOutcome.Invalid, lunch.Problem)]);

        var csv = ImportReportCsv.Write(report);

        Assert.Contains("2,Lunch,1.00,Invalid,row 2: date 'not a date' is not a date", csv);
    }
}
