using System.Collections.Concurrent;
using System.Globalization;
using BudgetWeb.Common;

namespace BudgetWeb.Features.Import;

/// <summary>Which column of the file (by position in its header) holds what; null where the file has no such column.</summary>
public sealed record ColumnMapping(int? Date, int? Description, int? Amount, int? Debit, int? Credit, int? Category, int? Note)
{
    /// <summary>Spending in a Debit column and money coming in in a Credit column, instead of one signed Amount.</summary>
    public bool SplitsDebitAndCredit => Amount is null && Debit is not null;

    public IReadOnlyList<string> Missing() =>
    [
        .. Date is null ? ["Date"] : Array.Empty<string>(),
        .. Description is null ? ["Description"] : Array.Empty<string>(),
        .. Amount is null && Debit is null ? ["Amount (or Debit)"] : Array.Empty<string>(),
    ];
}

/// <summary>
/// How one bank's file is written: its delimiter, decimal separator, date format, columns, and whether a negative
/// amount is spending. Detected from the file (<see cref="BankFileDetector"/>), shown to the user, and remembered.
/// </summary>
/// <param name="CreditsAreRefunds">
/// Money coming in (a Credit value, or an amount with the sign opposite to spending) is imported as a refund, a negative
/// expense; otherwise a credit is skipped and a signed amount coming in is refused.
/// </param>
public sealed record BankFileFormat(char Delimiter, char DecimalSeparator, string DateFormat, ColumnMapping Columns, bool NegativeAmountsAreSpending, bool CreditsAreRefunds = false)
{
    /// <summary>The date formats a user can choose from; each also accepts one-digit days and months (3.11.2026).</summary>
    public static readonly IReadOnlyList<string> DateFormats = ["yyyy-MM-dd", "dd.MM.yyyy", "dd/MM/yyyy", "MM/dd/yyyy", "dd-MM-yyyy", "MM-dd-yyyy", "yyyy/MM/dd", "yyyy.MM.dd"];

    public static readonly IReadOnlyList<char> Delimiters = [',', ';', '\t', '|'];

    public static readonly IReadOnlyList<char> DecimalSeparators = ['.', ','];

    private static readonly ConcurrentDictionary<char, CultureInfo> Cultures = new();

    /// <summary>What must still be chosen before a file can be read with this format; null when nothing.</summary>
    public string? Incomplete() =>
        Columns.Missing() is { Count: > 0 } missing ? $"Choose the file's column for: {string.Join(", ", missing)}."
        : DateFormat.Length == 0 ? "Choose the date format."
        : null;

    /// <summary>Whether every mapped column exists in a header of that many columns (a remembered mapping may not).</summary>
    public bool FitsHeader(int columns) =>
        new[] { Columns.Date, Columns.Description, Columns.Amount, Columns.Debit, Columns.Credit, Columns.Category, Columns.Note }.All(c => c is null || c < columns);

    public bool TryParseAmount(string text, out decimal amount) => AmountText.TryParse(text, NumbersWith(DecimalSeparator), out amount);

    public DateOnly? ParseDate(string text) => ParseDate(text, DateFormat);

    public static DateOnly? ParseDate(string text, string format) =>
        format.Length > 0 && DateOnly.TryParseExact(text.Trim(), [format, format.Replace("dd", "d").Replace("MM", "M")], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;

    /// <summary>
    /// The app's culture with the chosen decimal separator (and the other one as the group separator), so the one amount
    /// reader reads "1.234,50" in a comma file and "1,234.50" in a dot file, and refuses what could be read both ways.
    /// </summary>
    public static CultureInfo NumbersWith(char decimalSeparator) => Cultures.GetOrAdd(decimalSeparator, separator =>
    {
        var culture = (CultureInfo)Formatting.Culture.Clone();
        culture.NumberFormat.NumberDecimalSeparator = separator.ToString();
        culture.NumberFormat.NumberGroupSeparator = separator == ',' ? "." : ",";
        return CultureInfo.ReadOnly(culture);
    });

    /// <summary>How a delimiter is named in the page's list.</summary>
    public static string DelimiterName(char delimiter) => delimiter switch
    {
        ',' => "Comma (,)",
        ';' => "Semicolon (;)",
        '\t' => "Tab",
        '|' => "Pipe (|)",
        _ => delimiter.ToString(),
    };
}
