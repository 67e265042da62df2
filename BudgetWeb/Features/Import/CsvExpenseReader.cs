using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BudgetWeb.Common;
using BudgetWeb.Features.Expenses;
using CsvHelper;

namespace BudgetWeb.Features.Import;

/// <summary>One data row of the file as read, before categories and duplicates are looked up.</summary>
/// <remarks>A skipped row (a credit in a Debit/Credit file) has its reason in Problem too, but isn't invalid.</remarks>
public sealed record CsvExpenseRow(int Number, DateOnly? Date, string Description, long AmountCents, string Category, string? Note, string? Problem, bool Skipped = false, string RawDate = "", string RawAmount = "");

public sealed record CsvExpenseFile(string Hash, IReadOnlyList<CsvExpenseRow> Rows, bool ReadAsLatin1);

/// <summary>
/// Reads a bank-style CSV of expenses. A file that can't be read at all (empty, binary, no header, missing
/// columns) gets one clear message; a row that can't be used is kept and marked with why, by row number.
/// </summary>
public static class CsvExpenseReader
{
    private static readonly Dictionary<string, string[]> Aliases = new()
    {
        ["Date"] = ["date", "transaction date", "posted", "posting date", "booking date", "value date"],
        ["Description"] = ["description", "payee", "memo", "details", "name", "text", "merchant"],
        ["Amount"] = ["amount", "value", "sum", "debit"],
        ["Category"] = ["category"],
        ["Note"] = ["note", "notes", "comment", "comments"],
    };

    private static readonly string[] Required = ["Date", "Description", "Amount", "Category"];
    private static readonly ExpenseFieldsValidator Fields = new(TimeProvider.System);

    public static Result<CsvExpenseFile> Read(byte[] content, CultureInfo culture, bool negativeAmountsAreExpenses, IProgress<int>? rowsRead = null) =>
        Read(content, culture, negativeAmountsAreExpenses, format: null, rowsRead);

    /// <summary>Reads a file in the format the user confirmed on the mapping step: its delimiter, columns, decimals and dates.</summary>
    public static Result<CsvExpenseFile> Read(byte[] content, BankFileFormat format, IProgress<int>? rowsRead = null) =>
        Read(content, BankFileFormat.NumbersWith(format.DecimalSeparator), format.NegativeAmountsAreSpending && !format.Columns.SplitsDebitAndCredit, format, rowsRead);

    private static Result<CsvExpenseFile> Read(byte[] content, CultureInfo culture, bool negativeAmountsAreExpenses, BankFileFormat? format, IProgress<int>? rowsRead)
    {
        if (content.Length == 0 || content.All(b => b is (byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t'))
        {
            return Fail("The file is empty.");
        }

        var decoded = BankFileText.Decode(content);
        if (!decoded.Succeeded)
        {
            return Fail(decoded.Message);
        }

        var (text, latin1) = (decoded.Value!.Text, decoded.Value.IsWindows1252);
        var hash = Convert.ToHexString(SHA256.HashData(content));
        var options = new CsvReaderOptions
        {
            HasHeader = true,
            DetectSeparatorHint = format is null,
            Separator = format?.Delimiter,
            TrimWhitespace = true,
            AllowLineBreaksInQuotes = true,
            MalformedData = CsvMalformedDataHandling.Throw, // an unbalanced quote stops the file, never swallows rows silently
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MissingField = CsvMissingFieldHandling.ReturnEmpty,
            FormatProvider = culture,
        };

        try
        {
            using var csv = CsvReader.FromText(text, options);
            var rows = new List<CsvExpenseRow>();
            Dictionary<string, int>? columns = null;
            while (csv.Read())
            {
                if (columns is null)
                {
                    columns = format is null ? MapColumns(csv.Headers) : Mapped(format.Columns);
                    if ((format is null ? MissingColumns(columns) : MissingMapping(format)) is { } refused)
                    {
                        return refused;
                    }
                }

                var fields = new string[csv.FieldCount];
                for (var i = 0; i < fields.Length; i++)
                {
                    fields[i] = csv.GetString(i);
                }

                rows.Add(ReadRow(fields, columns, rows.Count + 1, culture, negativeAmountsAreExpenses, format));
                if (rows.Count % 1_000 == 0)
                {
                    rowsRead?.Report(rows.Count);
                }
            }

            if (columns is null && format is null && csv.Headers is { Count: > 0 } header && MissingColumns(MapColumns(header)) is { } headerOnly)
            {
                return headerOnly;
            }

            return rows.Count == 0
                ? Fail("The file has a header but no rows.")
                : Result.Ok(new CsvExpenseFile(hash, rows, latin1), $"{rows.Count} rows");
        }
        catch (CsvFormatException error)
        {
            return Fail($"The file can't be read as CSV near row {Math.Max(error.RecordNumber - 1, 1)}: check its quotes and separators.");
        }
    }

    /// <summary>An estimate of the data rows, for a progress bar: line breaks after the header.</summary>
    public static int EstimateRows(byte[] content) => Math.Max(content.Count(b => b == (byte)'\n') - 1, 1);

    private static CsvExpenseRow ReadRow(string[] fields, Dictionary<string, int> columns, int number, CultureInfo culture, bool negativeAmountsAreExpenses, BankFileFormat? format)
    {
        string Field(string name) => columns.TryGetValue(name, out var index) && index < fields.Length ? fields[index] : "";

        var (dateText, descriptionText, amountText, category, note) = (Field("Date"), Field("Description"), Field("Amount"), Field("Category"), Field("Note"));
        var refunds = format?.CreditsAreRefunds == true;
        var isCredit = false;
        if (columns.ContainsKey("Debit"))
        {
            amountText = Field("Debit");
            if (string.IsNullOrWhiteSpace(amountText) && Field("Credit") is { } credit && !string.IsNullOrWhiteSpace(credit))
            {
                if (!refunds)
                {
                    // Money coming in isn't an expense unless the user imports it as a refund: reported as skipped, not as invalid.
                    var skipped = $"row {number}: credit of {credit.Trim()} skipped (money coming in)";
                    return new CsvExpenseRow(number, format?.ParseDate(dateText), descriptionText.Trim(), 0, category.Trim(), NullIfEmpty(note), skipped, Skipped: true, dateText, credit);
                }

                (amountText, isCredit) = (credit, true);
            }
        }

        var date = format is null ? ParseDate(dateText, culture) : format.ParseDate(dateText);
        var amount = ParseAmount(amountText, culture);
        if (columns.ContainsKey("Debit") && amount is { } debit)
        {
            // A Debit column is spending and a Credit column money back, whichever sign the bank writes them with.
            amount = isCredit ? -Math.Abs(debit) : Math.Abs(debit);
        }

        if (amount is { } signed && negativeAmountsAreExpenses)
        {
            amount = -signed;
        }

        string? problem = null;
        if (date is null)
        {
            problem = $"date '{Clip(dateText)}' is not a date";
        }
        else if (amount is null)
        {
            problem = AmountText.NotAnAmount(Clip(amountText), culture);
        }
        else if (negativeAmountsAreExpenses && amount < 0 && !refunds)
        {
            problem = $"amount '{Clip(amountText)}' is money coming in, not an expense";
        }
        else // an empty category is the preview's to decide: a rule may give one (PreviewCategories)
        {
            // Money coming in is a refund when the user chose so; its size is checked like any amount.
            var refund = refunds && amount < 0;
            var check = Fields.Validate(new ExpenseInput { Date = date.Value.ToDateTime(TimeOnly.MinValue), Description = descriptionText, Amount = refund ? -amount : amount, Refund = refund, Note = NullIfEmpty(note) });
            if (!check.IsValid)
            {
                problem = LowerFirst(check.Errors[0].ErrorMessage.TrimEnd('.'));
            }
        }

        // A row refused for another reason still shows its own amount in the report.
        var cents = amount is { } value && Math.Abs(value) <= Money.Max ? Money.ToCents(value) : 0;
        return new CsvExpenseRow(number, date, descriptionText.Trim(), cents, category.Trim(), NullIfEmpty(note), problem is null ? null : $"row {number}: {problem}", RawDate: dateText, RawAmount: amountText);
    }

    /// <summary>A confirmed mapping as the named columns a row is read by.</summary>
    private static Dictionary<string, int> Mapped(ColumnMapping mapping) =>
        new (string Name, int? Index)[]
        {
            ("Date", mapping.Date), ("Description", mapping.Description), ("Amount", mapping.Amount), ("Debit", mapping.Debit),
            ("Credit", mapping.Credit), ("Category", mapping.Category), ("Note", mapping.Note),
        }.Where(c => c.Index is not null).ToDictionary(c => c.Name, c => c.Index!.Value);

    private static Result<CsvExpenseFile>? MissingMapping(BankFileFormat format) => format.Incomplete() is { } missing ? Fail(missing) : null;

    /// <summary>The one refusal of a header that lacks a required column; null when it names them all.</summary>
    private static Result<CsvExpenseFile>? MissingColumns(Dictionary<string, int> columns)
    {
        var missing = Required.Where(c => !columns.ContainsKey(c)).ToList();
        return missing.Count == 0
            ? null
            : Fail($"The header row must name the columns Date, Description, Amount and Category (Note is optional). Missing: {string.Join(", ", missing)}.");
    }

    private static Dictionary<string, int> MapColumns(IReadOnlyList<string> header)
    {
        var columns = new Dictionary<string, int>();
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim().Trim('\uFEFF').ToLowerInvariant();
            var match = Aliases.FirstOrDefault(a => a.Value.Contains(name)).Key;
            if (match is not null)
            {
                columns.TryAdd(match, i);
            }
        }

        return columns;
    }

    private static DateOnly? ParseDate(string text, CultureInfo culture) =>
        DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso) ? iso
        : DateOnly.TryParse(text.Trim(), culture, DateTimeStyles.None, out var local) ? local
        : null;

    private static decimal? ParseAmount(string text, CultureInfo culture) =>
        AmountText.TryParse(text, culture, out var amount) ? amount : null;

    private static Result<CsvExpenseFile> Fail(string message) => Result.Fail<CsvExpenseFile>(FailureKind.Validation, message);

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static string? NullIfEmpty(string text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string LowerFirst(string text) => text.Length == 0 ? text : char.ToLowerInvariant(text[0]) + text[1..];
}
