using System.Text;
using BudgetWeb.Common;
using BudgetWeb.Features.Import;
using BudgetWeb.Tests.Infrastructure;

namespace BudgetWeb.Tests.Features;

/// <summary>The mapping step beyond detection: saving a mapping without importing, and detecting again after mapping by hand.</summary>
public sealed class BankFileMappingTests : ServiceTestBase
{
    // Column names no list knows: the user maps them, and the formats follow the columns chosen.
    private const string German = """
        Buchungstag;Empfänger;Soll;Haben;Kategorie
        03.11.2026;SHELL 0815;54,32;;Food
        14.11.2026;Gehalt;;2.000,00;Food
        25.11.2026;Vermieter;1.234,50;;Food
        """;

    private static byte[] Bytes => Encoding.UTF8.GetBytes(German);

    private ImportService Importer => As<ImportService>(Alice);

    private async Task<BankFileLayout> DetectAsync(TestUser? user = null)
    {
        var detected = await As<ImportService>(user ?? Alice).DetectAsync(Bytes);
        Assert.True(detected.Succeeded, detected.Message);
        return detected.Value!;
    }

    [Fact]
    public async Task Mapping_the_debit_and_credit_columns_detects_their_decimal_separator()
    {
        var layout = await DetectAsync();
        Assert.Equal(new ColumnMapping(null, null, null, null, null, null, null), layout.Format.Columns);

        var mapped = layout.Format with { Columns = new ColumnMapping(null, 1, null, 2, 3, 4, null) };
        var redetected = BankFileDetector.Redetect(Bytes, mapped, amounts: true, dates: false).Value!;

        Assert.Equal((',', ""), (redetected.Format.DecimalSeparator, redetected.Format.DateFormat));
        Assert.Equal(mapped.Columns, redetected.Format.Columns);
    }

    [Fact]
    public async Task Mapping_the_date_column_detects_its_date_format_and_keeps_the_other_choices()
    {
        var layout = await DetectAsync();
        var mapped = layout.Format with { DecimalSeparator = ',', CreditsAreRefunds = true, Columns = new ColumnMapping(0, 1, null, 2, 3, 4, null) };

        var redetected = BankFileDetector.Redetect(Bytes, mapped, amounts: false, dates: true).Value!;

        Assert.Equal(("dd.MM.yyyy", ',', true), (redetected.Format.DateFormat, redetected.Format.DecimalSeparator, redetected.Format.CreditsAreRefunds));
        Assert.False(redetected.DateIsAmbiguous);
    }

    [Fact]
    public async Task Mapping_an_amount_column_with_negative_values_turns_on_negative_amounts_are_spending()
    {
        var file = Encoding.UTF8.GetBytes("Datum;Text;Betrag\n03.11.2026;SHELL;-54,32\n04.11.2026;Gehalt;2.000,00\n");
        var layout = (await Importer.DetectAsync(file)).Value!;

        var redetected = BankFileDetector.Redetect(file, layout.Format with { Columns = new ColumnMapping(null, null, 2, null, null, null, null) }, amounts: true, dates: false).Value!;

        Assert.Equal((',', true), (redetected.Format.DecimalSeparator, redetected.Format.NegativeAmountsAreSpending));
    }

    [Fact]
    public async Task A_mapping_saved_without_importing_opens_the_next_file_with_that_header_for_this_user_only()
    {
        var layout = await DetectAsync();
        var format = new BankFileFormat(';', ',', "dd.MM.yyyy", new ColumnMapping(0, 1, null, 2, 3, 4, null), NegativeAmountsAreSpending: false, CreditsAreRefunds: true);

        var saved = await Importer.SaveMappingAsync(layout.HeaderKey, format, Guid.NewGuid());

        Assert.Equal("Saved the mapping for files with this header.", saved.Message);
        var again = await DetectAsync();
        Assert.True(again.Remembered);
        Assert.Equal(format, again.Format);
        Assert.False((await DetectAsync(Bob)).Remembered);
        await using var db = Database.CreateDbContext();
        Assert.Empty(db.Expenses);
    }

    [Fact]
    public async Task Saving_a_mapping_can_be_undone_and_an_undo_after_a_later_save_is_refused()
    {
        var layout = await DetectAsync();
        var first = new BankFileFormat(';', ',', "dd.MM.yyyy", new ColumnMapping(0, 1, null, 2, 3, 4, null), NegativeAmountsAreSpending: false);
        var second = first with { CreditsAreRefunds = true };
        var (firstKey, secondKey) = (Guid.NewGuid(), Guid.NewGuid());
        await Importer.SaveMappingAsync(layout.HeaderKey, first, firstKey);
        await Importer.SaveMappingAsync(layout.HeaderKey, second, secondKey);
        var undo = As<BudgetWeb.Features.Undo.UndoService>(Alice);

        await Database.AssertFailsAndChangesNothingAsync(() => undo.UndoByKeyAsync(firstKey, Guid.NewGuid()), FailureKind.Conflict, MappingUndoer.ChangedSince);

        Assert.Equal("Undid: Saved the mapping for files with this header.", (await undo.UndoByKeyAsync(secondKey, Guid.NewGuid())).Message);
        Assert.Equal(first, (await DetectAsync()).Format);
        Assert.True((await undo.UndoByKeyAsync(firstKey, Guid.NewGuid())).Succeeded);
        Assert.False((await DetectAsync()).Remembered);
    }

    [Fact]
    public async Task An_incomplete_mapping_is_not_saved_and_nothing_changes()
    {
        var layout = await DetectAsync();

        await Database.AssertFailsAndChangesNothingAsync(() => Importer.SaveMappingAsync(layout.HeaderKey, layout.Format, Guid.NewGuid()),
            FailureKind.Validation, "Choose the file's column for: Date, Description, Amount (or Debit).");
        await Database.AssertFailsAndChangesNothingAsync(
            () => Importer.SaveMappingAsync(layout.HeaderKey, layout.Format with { Columns = new ColumnMapping(0, 1, null, 2, 3, 4, null) }, Guid.NewGuid()),
            FailureKind.Validation, "Choose the date format.");
    }
}
