using BudgetWeb.Common;
using BudgetWeb.Data.Entities;

namespace BudgetWeb.Features.Import;

public enum ImportRowStatus { Ok, Invalid, Duplicate, UnknownCategory, Skipped }

public enum ImportMode { ValidRows, AllOrNothing }

/// <summary>
/// <see cref="NotImported"/>: a usable row of an "all or nothing" import that was refused as a whole;
/// <see cref="Skipped"/>: a row the chosen format leaves out (a credit in a Debit/Credit file).
/// </summary>
public enum ImportOutcome { Imported, Invalid, Duplicate, Failed, NotImported, Skipped }

/// <param name="Format">The format confirmed on the mapping step; without one, the header must name the standard columns.</param>
/// <param name="HeaderKey">The file's header (<see cref="BankFileLayout.HeaderKey"/>): an import with a format remembers it for that header.</param>
/// <param name="ChosenCategories">Categories the user chose for rows in the preview (row number → category id): they win over the file and the rules.</param>
public sealed record ImportOptions(bool NegativeAmountsAreExpenses = false, bool CreateMissingCategories = false, BankFileFormat? Format = null, string? HeaderKey = null, IReadOnlyDictionary<int, int>? ChosenCategories = null);

/// <param name="Rule">The rule that gave the row its category ("description contains 'SHELL' → Transport"); null when none did.</param>
/// <param name="CategoryCanChange">The row is usable but for its category, so the user may choose one in the preview.</param>
public sealed record PreviewRow(int Number, DateOnly? Date, string Description, long AmountCents, string Category, int? CategoryId, string? Note, string? ImportKey, ImportRowStatus Status, string? Reason, string RawDate = "", string RawAmount = "", string? Rule = null, bool CategoryCanChange = false);

/// <summary>What the file holds and what importing it would do, row by row.</summary>
public sealed record ImportPreview(string FileName, string FileHash, bool FileImportedBefore, bool ReadAsLatin1, ImportOptions Options, IReadOnlyList<PreviewRow> Rows)
{
    public int Count(ImportRowStatus status) => Rows.Count(r => r.Status == status);

    /// <summary>
    /// The preview with the user's choice of category for one row: the row becomes OK with that category, and the choice
    /// is kept in the options so that a preview made again (after a new rule) keeps it.
    /// </summary>
    public ImportPreview WithCategory(int rowNumber, int categoryId, string categoryName)
    {
        if (Rows.FirstOrDefault(r => r.Number == rowNumber) is not { CategoryCanChange: true } row)
        {
            return this;
        }

        var chosen = new Dictionary<int, int>(Options.ChosenCategories ?? new Dictionary<int, int>()) { [rowNumber] = categoryId };
        var changed = row with { Category = categoryName, CategoryId = categoryId, Status = ImportRowStatus.Ok, Reason = null, Rule = null };
        return this with { Rows = Rows.Select(r => r.Number == rowNumber ? changed : r).ToList(), Options = Options with { ChosenCategories = chosen } };
    }

    /// <summary>Rows that the import would write: OK ones, and those with a new category when it may create it.</summary>
    public bool WouldImport(PreviewRow row) =>
        row.Status == ImportRowStatus.Ok || (row.Status == ImportRowStatus.UnknownCategory && Options.CreateMissingCategories);
}

/// <summary>What happened, or will happen, to one row of the file, and why when it isn't imported.</summary>
public sealed record RowOutcome(ImportOutcome Outcome, string? Reason);

/// <summary>One row of the report. <paramref name="RawAmount"/> is the file's own text, repeated when it could not be read as an amount.</summary>
public sealed record ReportRow(int Number, string Description, long AmountCents, ImportOutcome Outcome, string? Reason, string RawAmount = "")
{
    /// <summary>The amount as the report shows it: the value read, or the file's text when there was no value to read.</summary>
    public string AmountText => AmountCents == 0 && RawAmount.Length > 0
        ? RawAmount
        : Money.FromCents(AmountCents).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
}

public sealed record ImportReport(long? BatchId, string FileName, IReadOnlyList<ReportRow> Rows)
{
    public int Count(ImportOutcome outcome) => Rows.Count(r => r.Outcome == outcome);
}

public sealed record ImportResult(Result Result, ImportReport? Report);

public sealed record ImportBatchSummary(long Id, string FileName, DateTime CreatedAt, int TotalRows, int ImportedRows, ImportBatchStatus Status);

/// <summary>What "Save mapping" recorded: the header's profile before (null: none) and after, as JSON, for its undo.</summary>
public sealed record MappingSaved(string HeaderHash, string? Before, string After);
