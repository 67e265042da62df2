using System.Text;
using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Expenses;
using BudgetWeb.Features.Import;
using BudgetWeb.Features.Integrity;
using BudgetWeb.Features.Undo;
using BudgetWeb.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Tests.Features;

public abstract class ImportServiceTests(DatabaseProvider provider) : ServiceTestBase(provider)
{
    private const string Good = """
        Date,Description,Amount,Category,Note
        2026-03-01,Coffee,3.50,Food,
        2026-03-01,Coffee,3.50,Food,second cup
        2026-03-02,Rent March,900.00,Rent,
        2026-03-03,Cinema,12,Fun,
        """;

    private const string Mixed = """
        Date,Description,Amount,Category
        2026-03-01,Coffee,3.50,Food
        2026-03-02,Broken,abc,Food
        2026-03-03,Cinema,12,Fun
        not a date,Lunch,8,Food
        2026-03-04,Bakery,4.2,Bakery
        """;

    private ImportService Importer => As<ImportService>(Alice);

    private static byte[] Csv(string text) => Encoding.UTF8.GetBytes(text);

    private async Task<ImportPreview> PreviewAsync(string csv, ImportOptions? options = null, TestUser? user = null)
    {
        var result = await As<ImportService>(user ?? Alice).PreviewAsync(Csv(csv), "bank.csv", options ?? new ImportOptions());
        Assert.True(result.Succeeded, result.Message);
        return result.Value!;
    }

    private async Task<List<string>> ExpensesAsync(TestUser user)
    {
        await using var db = Database.CreateDbContext();
        return await db.Expenses.Where(e => e.UserId == user.Id).OrderBy(e => e.Id).Select(e => e.Description).ToListAsync();
    }

    [Fact]
    public async Task The_preview_gives_every_row_a_status_and_a_reason()
    {
        var preview = await PreviewAsync(Mixed);

        Assert.Equal(
            [ImportRowStatus.Ok, ImportRowStatus.Invalid, ImportRowStatus.Ok, ImportRowStatus.Invalid, ImportRowStatus.UnknownCategory],
            preview.Rows.Select(r => r.Status));
        Assert.Equal("row 2: 'abc' is not an amount; use a number like 12.50", preview.Rows[1].Reason);
        Assert.Equal("row 4: date 'not a date' is not a date", preview.Rows[3].Reason);
        Assert.Equal("row 5: unknown category 'Bakery'", preview.Rows[4].Reason);
    }

    [Fact]
    public async Task Import_valid_rows_imports_the_good_ones_and_reports_the_rest()
    {
        var preview = await PreviewAsync(Mixed);

        var (result, report) = await Importer.ImportAsync(preview, ImportMode.ValidRows, Guid.NewGuid());

        Assert.Equal("Imported 2 of 5 rows from bank.csv (0 duplicates, 3 invalid, 0 refused by the database).", result.Message);
        Assert.Equal(["Coffee", "Cinema"], await ExpensesAsync(Alice));
        Assert.Equal((2, 3), (report!.Count(ImportOutcome.Imported), report.Count(ImportOutcome.Invalid)));
        await using var db = Database.CreateDbContext();
        var batch = await db.ImportBatches.SingleAsync();
        Assert.Equal((5, 2, ImportBatchStatus.Imported, "bank.csv"), (batch.TotalRows, batch.ImportedRows, batch.Status, batch.FileName));
        Assert.Equal(result.Message, (await db.Operations.SingleAsync(o => o.Id == batch.OperationId)).Summary);
    }

    [Fact]
    public async Task The_downloaded_report_repeats_each_refused_rows_own_amount_even_one_that_is_not_a_number()
    {
        var (_, report) = await Importer.ImportAsync(await PreviewAsync(Mixed), ImportMode.ValidRows, Guid.NewGuid());

        var lines = ImportReportCsv.Write(report!).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();

        Assert.Equal("2,Broken,abc,Invalid,row 2: 'abc' is not an amount; use a number like 12.50", lines[2]);
        Assert.StartsWith("4,Lunch,8.00,Invalid,", lines[4]);
    }

    [Fact]
    public async Task All_or_nothing_imports_nothing_when_any_row_is_unusable()
    {
        var preview = await PreviewAsync(Mixed);

        var (result, report) = await Database.AssertImportChangesNothingAsync(() => Importer.ImportAsync(preview, ImportMode.AllOrNothing, Guid.NewGuid()));

        Assert.Equal("3 rows can't be imported (row 2: 'abc' is not an amount; use a number like 12.50), so nothing was imported.", result.Message);
        Assert.Equal(3, report!.Count(ImportOutcome.Invalid));
    }

    [Fact]
    public async Task Unknown_categories_are_created_in_the_same_transaction_when_asked()
    {
        var preview = await PreviewAsync(Mixed, new ImportOptions(CreateMissingCategories: true));

        var (result, _) = await Importer.ImportAsync(preview, ImportMode.ValidRows, Guid.NewGuid());

        Assert.True(result.Succeeded, result.Message);
        Assert.EndsWith("refused by the database). New category: Bakery.", result.Message); // and so in the Activity
        Assert.Equal(["Coffee", "Cinema", "Bakery"], await ExpensesAsync(Alice));
        await using var db = Database.CreateDbContext();
        Assert.True(await db.Categories.AnyAsync(c => c.Name == "Bakery"));
    }

    [Fact]
    public async Task Identical_rows_in_one_file_are_kept_and_a_second_import_of_the_file_is_all_duplicates()
    {
        var first = await Importer.ImportAsync(await PreviewAsync(Good), ImportMode.ValidRows, Guid.NewGuid());
        Assert.Equal(["Coffee", "Coffee", "Rent March", "Cinema"], await ExpensesAsync(Alice));

        var again = await PreviewAsync(Good);
        var (result, report) = await Database.AssertImportChangesNothingAsync(() => Importer.ImportAsync(again, ImportMode.ValidRows, Guid.NewGuid()));

        Assert.True(first.Result.Succeeded);
        Assert.True(again.FileImportedBefore);
        Assert.All(again.Rows, r => Assert.Equal(ImportRowStatus.Duplicate, r.Status));
        Assert.Equal("Nothing to import from bank.csv: every row is a duplicate or can't be imported.", result.Message);
        Assert.Equal(4, report!.Count(ImportOutcome.Duplicate));
    }

    [Fact]
    public async Task An_imported_row_is_stored_exactly_as_a_typed_one()
    {
        await As<BudgetWeb.Features.Expenses.ExpenseService>(Alice).AddAsync(
            new() { Date = new DateTime(2026, 3, 1), Description = "Typed", Amount = 3.5m, CategoryId = Food, Note = "n" }, Guid.NewGuid());
        await Importer.ImportAsync(await PreviewAsync("Date,Description,Amount,Category,Note\n2026-03-01,Imported,3.50,Food,n\n"), ImportMode.ValidRows, Guid.NewGuid());

        await using var db = Database.CreateDbContext();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = Database.Provider == DatabaseProvider.Sqlite
            ? "SELECT typeof(Date), Date, typeof(AmountCents), typeof(CreatedAt), length(CreatedAt) > 18, typeof(Version), Version = upper(Version), length(Version), typeof(UserId) FROM Expenses ORDER BY Id"
            : "SELECT pg_typeof(\"Date\")::text, \"Date\", pg_typeof(\"AmountCents\")::text, pg_typeof(\"CreatedAt\")::text, pg_typeof(\"Version\")::text, pg_typeof(\"UserId\")::text FROM \"Expenses\" ORDER BY \"Id\"";
        var rows = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i)))));
            }
        }

        Assert.Equal(rows[0], rows[1]);
        var imported = (await As<BudgetWeb.Features.Expenses.ExpenseService>(Alice).PageAsync(new(new(Month: new DateOnly(2026, 3, 1), Text: "Imported")))).Rows.Single();
        var editable = (await As<BudgetWeb.Features.Expenses.ExpenseService>(Alice).GetAsync(imported.Id))!;
        editable.Input.Amount = 4m;
        Assert.True((await As<BudgetWeb.Features.Expenses.ExpenseService>(Alice).UpdateAsync(imported.Id, imported.Version, editable.Input, Guid.NewGuid())).Succeeded);
    }

    [Fact]
    public async Task Import_keys_are_the_ones_stored_by_earlier_imports_so_their_files_stay_duplicates()
    {
        // SHA-256 of "date|cents|DESCRIPTION|occurrence", as every import so far has stored them: case and spacing don't count.
        var preview = await PreviewAsync("Date,Description,Amount,Category\n2026-03-01,Coffee shop,3.50,Food\n2026-03-01,\"  coffee\tSHOP \",3.50,Food\n2026-03-02,Rent March,900,Rent\n");

        Assert.Equal(
            [
                "B58FB3351B8A0251D69BA597F8FA635E5283F431F56B41EDE1A597C4AEAAD8BC",
                "17A62432CCA88F9C9AF9CFB95F9D57CC8251D55E08BFE4C2CF4C4E3A0691B421",
                "BE997925BE855253F0DB49749B3135C35F0DF5E0BFD7692A04F48E61797784C1",
            ],
            preview.Rows.Select(r => r.ImportKey));
    }

    [Fact]
    public async Task A_later_file_with_one_more_identical_row_imports_only_that_row()
    {
        await Importer.ImportAsync(await PreviewAsync(Good), ImportMode.ValidRows, Guid.NewGuid());
        var longer = await PreviewAsync(Good + "\n2026-03-01,Coffee,3.50,Food,third cup");

        var (result, _) = await Importer.ImportAsync(longer, ImportMode.ValidRows, Guid.NewGuid());

        Assert.False(longer.FileImportedBefore);
        Assert.Equal("Imported 1 of 5 rows from bank.csv (4 duplicates, 0 invalid, 0 refused by the database).", result.Message);
    }

    [Fact]
    public async Task A_row_the_database_refuses_is_isolated_and_reported_while_the_rest_commit()
    {
        var temporary = await Database.CreateCategoryAsync("Temporary");
        var preview = await PreviewAsync(Good + "\n2026-03-05,Gadget,20,Temporary,");
        await using (var db = Database.CreateDbContext())
        {
            await db.Categories.Where(c => c.Id == temporary).ExecuteDeleteAsync(); // gone after the preview promised it
        }

        var (result, report) = await Importer.ImportAsync(preview, ImportMode.ValidRows, Guid.NewGuid());

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(["Coffee", "Coffee", "Rent March", "Cinema"], await ExpensesAsync(Alice));
        var refused = Assert.Single(report!.Rows, r => r.Outcome == ImportOutcome.Failed);
        Assert.Equal("row 5: That category no longer exists.", refused.Reason);
    }

    [Fact]
    public async Task Refused_rows_spread_over_several_chunks_are_each_isolated_and_everything_else_commits()
    {
        var temporary = await Database.CreateCategoryAsync("Temporary");
        var rows = Enumerable.Range(1, 1_300).Select(i => $"2026-03-01,Item {i},1.00,{(i is 7 or 640 or 1299 ? "Temporary" : "Food")}");
        var preview = await PreviewAsync("Date,Description,Amount,Category\n" + string.Join("\n", rows));
        await using (var db = Database.CreateDbContext())
        {
            await db.Categories.Where(c => c.Id == temporary).ExecuteDeleteAsync();
        }

        var (result, report) = await Importer.ImportAsync(preview, ImportMode.ValidRows, Guid.NewGuid());

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal([7, 640, 1299], report!.Rows.Where(r => r.Outcome == ImportOutcome.Failed).Select(r => r.Number));
        Assert.Equal(1_297, (await ExpensesAsync(Alice)).Count);
    }

    /// <summary>
    /// On SQLite an import indexes its rows for text search in one statement after the last row (ExpenseBulkFill):
    /// rows written around a refused one are found, the refused one isn't, and the index matches the table.
    /// </summary>
    [Fact]
    public async Task Imported_rows_are_found_by_text_search_and_the_search_index_matches_the_expenses()
    {
        var temporary = await Database.CreateCategoryAsync("Temporary");
        var rows = Enumerable.Range(1, 1_200).Select(i => $"2026-03-01,{(i % 100 == 0 ? "Corner bakery" : "Item")} {i},1.00,{(i is 500 or 700 ? "Temporary" : "Food")}");
        var preview = await PreviewAsync("Date,Description,Amount,Category\n" + string.Join("\n", rows));
        await using (var db = Database.CreateDbContext())
        {
            await db.Categories.Where(c => c.Id == temporary).ExecuteDeleteAsync();
        }

        var (result, report) = await Importer.ImportAsync(preview, ImportMode.ValidRows, Guid.NewGuid());

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal([500, 700], report!.Rows.Where(r => r.Outcome == ImportOutcome.Failed).Select(r => r.Number));
        var found = await As<ExpenseService>(Alice).PageAsync(new ExpenseQuery(new ExpenseFilter(Text: "bakery"), PageSize: 50));
        Assert.Equal(Enumerable.Range(1, 12).Where(i => i is not 5 and not 7).Select(i => $"Corner bakery {i * 100}").Order(),
            found.Rows.Select(e => e.Description).Order());
        var checks = await As<IntegrityCheck>(Alice).RunAsync();
        Assert.True(checks.AllPassed, string.Join("\n", checks.Checks));
    }

    /// <summary>
    /// More rows than one INSERT statement holds (PostgreSQL and SQL Server write several rows per statement), with
    /// refused rows at a statement's first and last place and in its middle, next to each other and to invalid and
    /// duplicate rows: each row's outcome is what it would be row by row, and the monthly totals match the expenses.
    /// </summary>
    [Fact]
    public async Task Refused_rows_anywhere_in_a_multi_row_statement_are_each_isolated_and_the_totals_match()
    {
        var temporary = await Database.CreateCategoryAsync("Temporary");
        string Line(int i) => FormattableString.Invariant($"{new DateOnly(2026, 1, 1).AddDays(i % 80):yyyy-MM-dd},Item {i},{i / 100m:0.00},{(i % 3 == 0 ? "Food" : "Rent")}");
        await Importer.ImportAsync(await PreviewAsync("Date,Description,Amount,Category\n" + Line(1_060)), ImportMode.ValidRows, Guid.NewGuid());
        // Candidates are the rows but 2, 1060 and 1070, so rows 1-501 are the first chunk of 500, 502-1001 the second.
        int[] refused = [1, 201, 202, 250, 251, 401, 402, 501, 502, 1_001, 1_002, 1_050, 1_099, 1_100];
        int[] invalid = [2, 1_070];
        var rows = Enumerable.Range(1, 1_100).Select(i => invalid.Contains(i) ? $"2026-03-01,Item {i},abc,Food"
            : refused.Contains(i) ? $"2026-03-01,Item {i},1.00,Temporary"
            : Line(i));
        var preview = await PreviewAsync("Date,Description,Amount,Category\n" + string.Join("\n", rows));
        await using (var db = Database.CreateDbContext())
        {
            await db.Categories.Where(c => c.Id == temporary).ExecuteDeleteAsync(); // gone after the preview promised it
        }

        var (result, report) = await Importer.ImportAsync(preview, ImportMode.ValidRows, Guid.NewGuid());

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal("Imported 1083 of 1100 rows from bank.csv (1 duplicates, 2 invalid, 14 refused by the database).", result.Message);
        foreach (var row in report!.Rows)
        {
            var expected = row.Number == 1_060 ? (ImportOutcome.Duplicate, row.Reason)
                : invalid.Contains(row.Number) ? (ImportOutcome.Invalid, row.Reason)
                : refused.Contains(row.Number) ? (ImportOutcome.Failed, $"row {row.Number}: That category no longer exists.")
                : (ImportOutcome.Imported, (string?)null);
            Assert.Equal(expected, (row.Outcome, row.Reason));
        }

        var valid = Enumerable.Range(1, 1_100).Where(i => !refused.Contains(i) && !invalid.Contains(i) && i != 1_060).Select(i => $"Item {i}");
        Assert.Equal(["Item 1060", .. valid], await ExpensesAsync(Alice));
        var integrity = await As<IntegrityCheck>(Alice).RunAsync();
        Assert.True(integrity.AllPassed, string.Join("; ", integrity.Checks.Where(c => !c.Passed)));
    }

    [Fact]
    public async Task Reverting_undoes_exactly_that_import_and_the_file_can_be_imported_again()
    {
        await As<BudgetWeb.Features.Expenses.ExpenseService>(Alice).AddAsync(
            new() { Date = new DateTime(2026, 3, 9), Description = "Typed by hand", Amount = 5m, CategoryId = Food }, Guid.NewGuid());
        var imported = (await Importer.ImportAsync(await PreviewAsync(Good), ImportMode.ValidRows, Guid.NewGuid())).Result;
        var batch = (await Importer.BatchesAsync()).Single();

        var reverted = await As<UndoService>(Alice).UndoImportAsync(batch.Id, Guid.NewGuid());

        Assert.Equal($"Undid: {imported.Message}", reverted.Message);
        Assert.Equal(["Typed by hand"], await ExpensesAsync(Alice));
        Assert.Empty(await Importer.BatchesAsync());
        await Database.AssertFailsAndChangesNothingAsync(() => As<UndoService>(Alice).UndoImportAsync(batch.Id, Guid.NewGuid()), FailureKind.NotFound, UndoService.ImportGone);
        var again = await PreviewAsync(Good);
        Assert.False(again.FileImportedBefore);
        Assert.True((await Importer.ImportAsync(again, ImportMode.ValidRows, Guid.NewGuid())).Result.Succeeded);
        Assert.Equal(5, (await ExpensesAsync(Alice)).Count);
    }

    [Fact]
    public async Task Another_users_import_cannot_be_reverted_and_their_rows_are_not_my_duplicates()
    {
        await Importer.ImportAsync(await PreviewAsync(Good), ImportMode.ValidRows, Guid.NewGuid());
        var batch = (await Importer.BatchesAsync()).Single();

        await Database.AssertFailsAndChangesNothingAsync(() => As<UndoService>(Bob).UndoImportAsync(batch.Id, Guid.NewGuid()), FailureKind.NotFound, UndoService.ImportGone);
        Assert.Empty(await As<ImportService>(Bob).BatchesAsync());
        Assert.All((await PreviewAsync(Good, user: Bob)).Rows, r => Assert.Equal(ImportRowStatus.Ok, r.Status));
    }

    [Fact]
    public async Task All_or_nothing_is_all_or_nothing_at_every_command_and_at_commit()
    {
        var preview = await PreviewAsync(Good);
        var key = Guid.NewGuid();

        await FaultSweep.AssertEveryFailureChangesNothingAsync(Database, async () => (await Importer.ImportAsync(preview, ImportMode.AllOrNothing, key)).Result, UserMessages.Unexpected);

        Assert.Equal(4, (await ExpensesAsync(Alice)).Count);
    }

    [Theory]
    [InlineData("", "The file is empty.")]
    [InlineData("Date,Description,Amount\n2026-03-01,Coffee,3", "The header row must name the columns Date, Description, Amount and Category (Note is optional). Missing: Category.")]
    [InlineData("Date,Description,Amount,Category\n", "The file has a header but no rows.")]
    [InlineData("Date,Description,Amount,Category\n2026-03-01,\"Coffee,3,Food\n", "The file can't be read as CSV near row 1: check its quotes and separators.")]
    public async Task A_file_that_cannot_be_used_gets_a_clear_message(string csv, string message)
    {
        var result = await Importer.PreviewAsync(Csv(csv), "bank.csv", new ImportOptions());

        Assert.Equal(message, result.Message);
    }

    [Fact]
    public async Task Binary_and_oversized_files_are_refused_and_other_encodings_and_formulas_are_kept_as_text()
    {
        Assert.Equal("This doesn't look like a CSV file: it contains binary data.", (await Importer.PreviewAsync([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00], "x.zip", new ImportOptions())).Message);
        Assert.Equal("The file is larger than 10 MB.", (await Importer.PreviewAsync(new byte[10 * 1024 * 1024 + 1], "big.csv", new ImportOptions())).Message);

        var latin1 = Encoding.Latin1.GetBytes("Date,Description,Amount,Category\n2026-03-01,Caf\u00e9 cr\u00e8me,3.50,Food\n2026-03-02,\"=HYPERLINK(\"\"x\"\")\",1,Food\n");
        var preview = (await Importer.PreviewAsync(latin1, "latin1.csv", new ImportOptions())).Value!;

        Assert.True(preview.ReadAsLatin1);
        Assert.Equal(["Café crème", "=HYPERLINK(\"x\")"], preview.Rows.Select(r => r.Description));
    }

    [Fact]
    public async Task Bank_exports_with_negative_amounts_import_the_spending_and_refuse_income()
    {
        var preview = await PreviewAsync("Date;Payee;Amount;Category\n2026-03-01;Coffee;-3.50;Food\n2026-03-02;Salary;2000;Food\n", new ImportOptions(NegativeAmountsAreExpenses: true));

        Assert.Equal((ImportRowStatus.Ok, 350L, "Coffee"), (preview.Rows[0].Status, preview.Rows[0].AmountCents, preview.Rows[0].Description));
        Assert.Equal("row 2: amount '2000' is money coming in, not an expense", preview.Rows[1].Reason);
    }

    [Fact]
    public async Task A_one_megabyte_line_is_an_invalid_row_not_a_crash()
    {
        var preview = await PreviewAsync($"Date,Description,Amount,Category\n2026-03-01,{new string('x', 1024 * 1024)},3,Food\n2026-03-02,Tea,2,Food\n");

        Assert.Equal("row 1: description can be at most 200 characters", preview.Rows[0].Reason);
        Assert.Equal(ImportRowStatus.Ok, preview.Rows[1].Status);
    }

    [Fact]
    public async Task Cancelling_an_import_leaves_nothing_of_the_batch_behind()
    {
        var rows = string.Join("\n", Enumerable.Range(1, 1_200).Select(i => $"2026-03-01,Item {i},1.{i % 100:00},Food"));
        var preview = await PreviewAsync("Date,Description,Amount,Category\n" + rows);
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress(done => cancel.Cancel()); // cancel after the first chunk is written

        var outcome = await Database.AssertImportChangesNothingAsync(() => Importer.ImportAsync(preview, ImportMode.ValidRows, Guid.NewGuid(), progress, cancel.Token));

        Assert.Equal("Cancelled. Nothing was changed.", outcome.Result.Message);
    }

    /// <summary>
    /// Random damage to a valid file: whatever comes out, it is a message or a preview, an import is whole or absent,
    /// and every integrity check still passes. BUDGETWEB_FUZZ=1000 (the long mode) sets the number of files.
    /// </summary>
    [Fact]
    public async Task Hundreds_of_mangled_files_never_crash_and_never_leave_a_partial_batch()
    {
        var files = int.TryParse(Environment.GetEnvironmentVariable("BUDGETWEB_FUZZ"), out var n) ? n : 300;
        var random = new Random(20261123);
        var integrity = As<IntegrityCheck>(Alice);
        var original = Csv(Good);
        var damage = new Func<byte[], byte[]>[]
        {
            b => { var c = (byte[])b.Clone(); c[random.Next(c.Length)] = (byte)random.Next(256); return c; },
            b => b[..random.Next(b.Length)],
            b => [.. b[..random.Next(b.Length)], (byte)'"', .. b[random.Next(b.Length)..]],
            b => [.. b, .. Encoding.UTF8.GetBytes(new string(',', random.Next(1, 50)))],
            b => { var c = (byte[])b.Clone(); Array.Reverse(c, random.Next(c.Length / 2), random.Next(1, c.Length / 2)); return c; },
            b => [.. b[..random.Next(b.Length)], .. Encoding.UTF8.GetBytes("\n;;\t\"\"\r\n=1+1,@x,-0,+9\n"), .. b[random.Next(b.Length)..]],
        };

        for (var i = 0; i < files; i++)
        {
            var file = damage[random.Next(damage.Length)](original);
            var preview = await Importer.PreviewAsync(file, $"mangled-{i}.csv", new ImportOptions(CreateMissingCategories: i % 2 == 0));
            if (!preview.Succeeded)
            {
                Assert.False(string.IsNullOrWhiteSpace(preview.Message));
                continue;
            }

            var mode = i % 3 == 0 ? ImportMode.AllOrNothing : ImportMode.ValidRows;
            var (result, report) = await Importer.ImportAsync(preview.Value!, mode, Guid.NewGuid());
            await using var db = Database.CreateDbContext();
            var batches = await db.ImportBatches.Where(b => b.FileName == $"mangled-{i}.csv").ToListAsync();
            var imported = await db.Expenses.CountAsync(e => batches.Select(b => b.Id).Contains(e.ImportBatchId!.Value));
            if (result.Succeeded)
            {
                var batch = Assert.Single(batches);
                Assert.Equal(report!.Count(ImportOutcome.Imported), imported);
                Assert.Equal(batch.ImportedRows, imported);
            }
            else
            {
                Assert.Empty(batches);
            }

            var integrityReport = await integrity.RunAsync();
            Assert.True(integrityReport.AllPassed, $"After file {i}: {string.Join("; ", integrityReport.Checks.Where(c => !c.Passed))}");
        }
    }

    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}

public sealed class ImportServiceTestsOnSqlite() : ImportServiceTests(DatabaseProvider.Sqlite);

public sealed class ImportServiceTestsOnPostgreSql() : ImportServiceTests(DatabaseProvider.PostgreSql);
