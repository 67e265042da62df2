using System.Text;
using BudgetWeb.Features.Import;
using BudgetWeb.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Tests.Features;

/// <summary>
/// Real-looking bank exports, each through detection, the detected mapping, the preview and the import: the format is
/// detected as the bank wrote it, and the expenses stored are the file's amounts.
/// </summary>
public sealed class BankFileImportTests : ServiceTestBase
{
    /// <summary>One layout of the corpus: the file, what should be detected, and the rows it should give (status, date, description, cents).</summary>
    public sealed record BankCase(string Name, byte[] Content, char Delimiter, char DecimalSeparator, string DateFormat, (ImportRowStatus Status, string Date, string Description, long Cents)[] Rows)
    {
        public override string ToString() => Name;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Windows1252(string text) => CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes(text);

    private static byte[] WithPreamble(Encoding encoding, string text) => [.. encoding.GetPreamble(), .. encoding.GetBytes(text)];

    public static TheoryData<BankCase> Corpus() =>
    [
        new("comma, dot decimals, ISO dates", Utf8("Date,Description,Amount,Category\n2026-11-03,Coffee,3.50,Food\n2026-11-04,Rent,\"1,200.00\",Rent\n"),
            ',', '.', "yyyy-MM-dd", [(ImportRowStatus.Ok, "2026-11-03", "Coffee", 350), (ImportRowStatus.Ok, "2026-11-04", "Rent", 120000)]),
        new("semicolon, comma decimals, dd.MM.yyyy, negative spending", Utf8("Booking date;Payee;Amount;Category\n03.11.2026;REWE;-54,32;Food\n13.11.2026;Landlord;-1.234,50;Rent\n15.11.2026;Salary;2.000,00;Food\n"),
            ';', ',', "dd.MM.yyyy", [(ImportRowStatus.Ok, "2026-11-03", "REWE", 5432), (ImportRowStatus.Ok, "2026-11-13", "Landlord", 123450), (ImportRowStatus.Invalid, "2026-11-15", "Salary", -200000)]),
        new("tab, dot decimals, MM/dd/yyyy", Utf8("Transaction date\tMemo\tAmount\tCategory\n11/23/2026\tCinema\t12.00\tFun\n11/03/2026\tBakery\t4.2\tFood\n"),
            '\t', '.', "MM/dd/yyyy", [(ImportRowStatus.Ok, "2026-11-23", "Cinema", 1200), (ImportRowStatus.Ok, "2026-11-03", "Bakery", 420)]),
        new("comma with quoted comma decimals, dd/MM/yyyy", Utf8("Date,Details,Amount,Category\n23/11/2026,Tesco,\"12,40\",Food\n03/11/2026,Odeon,\"8,00\",Fun\n"),
            ',', ',', "dd/MM/yyyy", [(ImportRowStatus.Ok, "2026-11-23", "Tesco", 1240), (ImportRowStatus.Ok, "2026-11-03", "Odeon", 800)]),
        new("debit and credit columns, credits skipped", Utf8("Date;Description;Debit;Credit;Category\n03.11.2026;SHELL 123;54,32;;Fun\n04.11.2026;Salary;;2.000,00;Food\n05.11.2026;Lidl;-7,99;;Food\n"),
            ';', ',', "dd.MM.yyyy", [(ImportRowStatus.Ok, "2026-11-03", "SHELL 123", 5432), (ImportRowStatus.Skipped, "2026-11-04", "Salary", 0), (ImportRowStatus.Ok, "2026-11-05", "Lidl", 799)]),
        new("UTF-8 with a BOM", WithPreamble(new UTF8Encoding(true), "Date,Name,Amount,Category\n2026-11-03,Café €Rémy,9.90,Food\n"),
            ',', '.', "yyyy-MM-dd", [(ImportRowStatus.Ok, "2026-11-03", "Café €Rémy", 990)]),
        new("Windows-1252 (Latin-1) file", Windows1252("Date;Payee;Amount;Category\n23-11-2026;Café €Rémy;9,90;Food\n"),
            ';', ',', "dd-MM-yyyy", [(ImportRowStatus.Ok, "2026-11-23", "Café €Rémy", 990)]),
        new("UTF-16 LE with a BOM", WithPreamble(new UnicodeEncoding(false, true), "Date,Description,Amount,Category\n2026/11/03,Café €Rémy,1.5,Food\n"),
            ',', '.', "yyyy/MM/dd", [(ImportRowStatus.Ok, "2026-11-03", "Café €Rémy", 150)]),
        new("UTF-16 BE with a BOM, pipe", WithPreamble(new UnicodeEncoding(true, true), "Date|Description|Amount|Category\n11-30-2026|Café €Rémy|2|Food\n"),
            '|', '.', "MM-dd-yyyy", [(ImportRowStatus.Ok, "2026-11-30", "Café €Rémy", 200)]),
    ];

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task Each_layout_is_detected_previewed_and_imported_as_the_bank_wrote_it(BankCase file)
    {
        var layout = BankFileDetector.Detect(file.Content);
        Assert.True(layout.Succeeded, layout.Message);
        var format = layout.Value!.Format;
        Assert.Equal((file.Delimiter, file.DecimalSeparator, file.DateFormat), (format.Delimiter, format.DecimalSeparator, format.DateFormat));

        var preview = await As<ImportService>(Alice).PreviewAsync(file.Content, "bank.csv", new ImportOptions(Format: format));
        Assert.True(preview.Succeeded, preview.Message);
        Assert.Equal(
            file.Rows.Select(r => (r.Status, r.Date, r.Description, r.Cents)),
            preview.Value!.Rows.Select(r => (r.Status, r.Date?.ToString("yyyy-MM-dd") ?? "", r.Description, r.AmountCents)));

        var imported = await As<ImportService>(Alice).ImportAsync(preview.Value, ImportMode.ValidRows, Guid.NewGuid());
        Assert.True(imported.Result.Succeeded, imported.Result.Message);
        await using var db = Database.CreateDbContext();
        var stored = await db.Expenses.Where(e => e.UserId == Alice.Id).OrderBy(e => e.Id).Select(e => new { e.Date, e.Description, e.AmountCents }).ToListAsync();
        Assert.Equal(
            file.Rows.Where(r => r.Status == ImportRowStatus.Ok).Select(r => (r.Date, r.Description, r.Cents)),
            stored.Select(e => (e.Date.ToString("yyyy-MM-dd"), e.Description, e.AmountCents)));
    }

    [Fact]
    public async Task Credits_are_reported_as_skipped_not_invalid()
    {
        var content = Utf8("Date;Description;Debit;Credit;Category\n03.11.2026;SHELL;54,32;;Fun\n04.11.2026;Salary;;2.000,00;Food\n");
        var format = BankFileDetector.Detect(content).Value!.Format;
        var preview = (await As<ImportService>(Alice).PreviewAsync(content, "bank.csv", new ImportOptions(Format: format))).Value!;

        var result = await As<ImportService>(Alice).ImportAsync(preview, ImportMode.AllOrNothing, Guid.NewGuid());

        Assert.Equal("Imported 1 of 2 rows from bank.csv (0 duplicates, 0 invalid, 0 refused by the database, 1 skipped).", result.Result.Message);
        Assert.Equal((ImportOutcome.Skipped, "row 2: credit of 2.000,00 skipped (money coming in)"), (result.Report!.Rows[1].Outcome, result.Report.Rows[1].Reason));
    }

    [Fact]
    public void A_file_where_every_date_could_be_day_or_month_first_asks_and_one_unambiguous_row_decides()
    {
        const string Ambiguous = "Date,Description,Amount,Category\n03/11/2026,Coffee,3.50,Food\n05/06/2026,Tea,2.00,Food\n";

        var asked = BankFileDetector.Detect(Utf8(Ambiguous)).Value!;
        Assert.True(asked.DateIsAmbiguous);
        Assert.Equal(["dd/MM/yyyy", "MM/dd/yyyy"], asked.DateChoices);
        Assert.Equal("", asked.Format.DateFormat); // nothing is guessed

        var decided = BankFileDetector.Detect(Utf8(Ambiguous + "13/11/2026,Bread,1.00,Food\n")).Value!;
        Assert.False(decided.DateIsAmbiguous);
        Assert.Equal("dd/MM/yyyy", decided.Format.DateFormat);

        var sameEitherWay = BankFileDetector.Detect(Utf8("Date,Description,Amount,Category\n01/01/2026,Coffee,3.50,Food\n")).Value!;
        Assert.False(sameEitherWay.DateIsAmbiguous); // both orders read 1 January: nothing to ask
    }

    [Fact]
    public async Task A_format_without_a_date_format_is_refused_with_what_to_choose_and_nothing_is_written()
    {
        var content = Utf8("Date,Description,Amount,Category\n03/11/2026,Coffee,3.50,Food\n");
        var format = BankFileDetector.Detect(content).Value!.Format;

        var preview = await As<ImportService>(Alice).PreviewAsync(content, "bank.csv", new ImportOptions(Format: format));

        Assert.Equal("Choose the date format.", preview.Message);
        await using var db = Database.CreateDbContext();
        Assert.False(await db.Expenses.AnyAsync());
    }

    [Fact]
    public void Other_header_names_are_left_for_the_user_to_map_and_common_ones_are_pre_filled()
    {
        var layout = BankFileDetector.Detect(Utf8("Buchungstag;Verwendungszweck;Betrag;Notes\n03.11.2026;REWE;-54,32;x\n")).Value!;

        Assert.Equal(new ColumnMapping(null, null, null, null, null, null, 3), layout.Format.Columns);
        Assert.Equal(["Date", "Description", "Amount (or Debit)"], layout.Format.Columns.Missing());
        Assert.Equal(["03.11.2026", "REWE", "-54,32", "x"], layout.FirstRows[0]);
    }

    [Theory]
    [InlineData(new byte[] { 0x44, 0x61, 0x74, 0x65, 0x0A, 0x81, 0x8D, 0x0A }, BankFileText.UnknownEncoding)]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x00, 0x00 }, BankFileText.NotText)]
    public async Task A_file_in_no_known_encoding_says_so_and_changes_nothing(byte[] content, string message)
    {
        Assert.Equal(message, BankFileDetector.Detect(content).Message);
        Assert.Equal(message, (await As<ImportService>(Alice).PreviewAsync(content, "bank.csv", new ImportOptions())).Message);
        await using var db = Database.CreateDbContext();
        Assert.False(await db.ImportBatches.AnyAsync());
    }

    [Fact]
    public async Task A_mapping_used_for_an_import_is_offered_again_for_the_next_file_with_that_header_and_only_to_that_user()
    {
        const string Header = "Buchungstag;Verwendungszweck;Betrag;Kategorie\n";
        var first = Utf8(Header + "03.11.2026;REWE;-54,32;Food\n");
        var detected = (await As<ImportService>(Alice).DetectAsync(first)).Value!;
        Assert.False(detected.Remembered);
        var mapped = detected.Format with { Columns = new ColumnMapping(0, 1, 2, null, null, 3, null), DateFormat = "dd.MM.yyyy", DecimalSeparator = ',', NegativeAmountsAreSpending = true };
        var preview = (await As<ImportService>(Alice).PreviewAsync(first, "nov.csv", new ImportOptions(Format: mapped, HeaderKey: detected.HeaderKey))).Value!;
        Assert.True((await As<ImportService>(Alice).ImportAsync(preview, ImportMode.ValidRows, Guid.NewGuid())).Result.Succeeded);

        var next = (await As<ImportService>(Alice).DetectAsync(Utf8(Header + "01.12.2026;Miete;-900,00;Rent\n"))).Value!;
        var bobs = (await As<ImportService>(Bob).DetectAsync(Utf8(Header + "01.12.2026;Miete;-900,00;Rent\n"))).Value!;

        Assert.True(next.Remembered);
        Assert.Equal(mapped, next.Format);
        Assert.False(bobs.Remembered);
    }
}
