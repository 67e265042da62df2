using BudgetWeb.Common;
using CsvHelper;

namespace BudgetWeb.Features.Import;

/// <summary>
/// What the mapping step shows: the header, the first rows as they are in the file, the format detected from it, and
/// the date formats that read every row but disagree on some date (more than one means the user must choose).
/// </summary>
/// <param name="Remembered">The format is the one the user confirmed for this header before, not a fresh detection.</param>
public sealed record BankFileLayout(string Encoding, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> FirstRows, BankFileFormat Format, IReadOnlyList<string> DateChoices, bool Remembered = false)
{
    public bool DateIsAmbiguous => DateChoices.Count > 1;

    /// <summary>The key a remembered import profile is found by: the header's names, as the file spells them.</summary>
    public string HeaderKey => string.Join('\u001F', Header.Select(h => h.Trim().ToLowerInvariant()));
}

/// <summary>
/// Detects a bank file's format: the delimiter from the header line; columns from common English header names; the
/// decimal separator and date format that read every row, asking (never guessing) when two date formats both do
/// but disagree.
/// </summary>
public static class BankFileDetector
{
    public const int ShownRows = 5;

    private static readonly (string Column, string[] Names)[] Aliases =
    [
        ("Date", ["date", "booking date", "transaction date", "posted", "posting date", "value date"]),
        ("Description", ["description", "payee", "memo", "details", "name", "text", "merchant"]),
        ("Amount", ["amount", "value", "sum"]),
        ("Debit", ["debit", "withdrawal", "withdrawals", "paid out"]),
        ("Credit", ["credit", "deposit", "deposits", "paid in"]),
        ("Category", ["category"]),
        ("Note", ["note", "notes", "comment", "comments"]),
    ];

    public static Result<BankFileLayout> Detect(byte[] content, char? delimiter = null)
    {
        var read = Records(content, delimiter);
        if (!read.Succeeded)
        {
            return Result.Fail<BankFileLayout>(read.Failure!.Value, read.Message);
        }

        var (encoding, separator, header, rows) = read.Value!;
        var columns = ColumnsFromHeader(header);
        var decimalSeparator = DecimalSeparatorOf(rows, columns);
        var dateChoices = DateFormatsOf(rows, columns.Date);
        var format = new BankFileFormat(separator, decimalSeparator, dateChoices.Count == 1 ? dateChoices[0] : "", columns, NegativeAmountsAreSpending(rows, columns.Amount, decimalSeparator));
        return Result.Ok(new BankFileLayout(encoding, header, rows.Take(ShownRows).ToList<IReadOnlyList<string>>(), format, dateChoices), $"{rows.Count} rows");
    }

    /// <summary>
    /// After the user maps other columns: the decimal separator and signs detected again from the amount columns now
    /// mapped (<paramref name="amounts"/>), and the date format from the date column (<paramref name="dates"/>). Every
    /// other choice in <paramref name="format"/> stays as the user left it.
    /// </summary>
    public static Result<BankFileLayout> Redetect(byte[] content, BankFileFormat format, bool amounts, bool dates)
    {
        var read = Records(content, format.Delimiter);
        if (!read.Succeeded)
        {
            return Result.Fail<BankFileLayout>(read.Failure!.Value, read.Message);
        }

        var (encoding, _, header, rows) = read.Value!;
        var columns = format.Columns;
        var dateChoices = DateFormatsOf(rows, columns.Date);
        if (amounts)
        {
            var separator = DecimalSeparatorOf(rows, columns);
            format = format with { DecimalSeparator = separator, NegativeAmountsAreSpending = NegativeAmountsAreSpending(rows, columns.Amount, separator) };
        }

        if (dates)
        {
            format = format with { DateFormat = dateChoices.Count == 1 ? dateChoices[0] : "" };
        }

        return Result.Ok(new BankFileLayout(encoding, header, rows.Take(ShownRows).ToList<IReadOnlyList<string>>(), format, dateChoices), $"{rows.Count} rows");
    }

    private sealed record FileRecords(string Encoding, char Delimiter, IReadOnlyList<string> Header, IReadOnlyList<string[]> Rows);

    /// <summary>The decoded file split into its header and non-empty rows, with the delimiter given or found in the header line.</summary>
    private static Result<FileRecords> Records(byte[] content, char? delimiter)
    {
        var decoded = BankFileText.Decode(content);
        if (!decoded.Succeeded)
        {
            return Result.Fail<FileRecords>(decoded.Failure!.Value, decoded.Message);
        }

        var text = decoded.Value!.Text;
        var separator = delimiter ?? DelimiterOf(FirstLine(text));
        var records = new List<string[]>();
        try
        {
            using var csv = CsvReader.FromText(text, new CsvReaderOptions
            {
                HasHeader = false,
                Separator = separator,
                TrimWhitespace = true,
                AllowLineBreaksInQuotes = true,
                MalformedData = CsvMalformedDataHandling.Throw,
                FieldCountMismatch = CsvFieldCountHandling.Allow,
                MissingField = CsvMissingFieldHandling.ReturnEmpty,
            });
            while (csv.Read())
            {
                var fields = new string[csv.FieldCount];
                for (var i = 0; i < fields.Length; i++)
                {
                    fields[i] = csv.GetString(i);
                }

                records.Add(fields);
            }
        }
        catch (CsvFormatException error)
        {
            return Result.Fail<FileRecords>(FailureKind.Validation, $"The file can't be read as CSV near row {Math.Max(error.RecordNumber - 1, 1)}: check its quotes and separators.");
        }

        if (records.Count == 0 || records[0].All(string.IsNullOrWhiteSpace))
        {
            return Result.Fail<FileRecords>(FailureKind.Validation, "The file is empty.");
        }

        var header = records[0].Select(h => h.Trim().Trim('\uFEFF')).ToList();
        var rows = records.Skip(1).Where(r => r.Any(f => !string.IsNullOrWhiteSpace(f))).ToList();
        return rows.Count == 0
            ? Result.Fail<FileRecords>(FailureKind.Validation, "The file has a header but no rows.")
            : Result.Ok(new FileRecords(decoded.Value.Encoding, separator, header, rows), $"{rows.Count} rows");
    }

    /// <summary>A negative value in the Amount column means the bank writes spending as negative.</summary>
    private static bool NegativeAmountsAreSpending(IReadOnlyList<string[]> rows, int? amountColumn, char decimalSeparator) =>
        Values(rows, amountColumn).Any(v => AmountText.TryParse(v, BankFileFormat.NumbersWith(decimalSeparator), out var a) && a < 0);

    /// <summary>The header's columns by their common English names; the first match of each wins.</summary>
    public static ColumnMapping ColumnsFromHeader(IReadOnlyList<string> header)
    {
        int? Find(string column)
        {
            var names = Aliases.First(a => a.Column == column).Names;
            var at = header.Select((h, i) => (Name: h.Trim().Trim('\uFEFF').ToLowerInvariant(), i)).FirstOrDefault(h => names.Contains(h.Name), (Name: "", i: -1)).i;
            return at < 0 ? null : at;
        }

        var amount = Find("Amount");
        return new ColumnMapping(Find("Date"), Find("Description"), amount, amount is null ? Find("Debit") : null, amount is null ? Find("Credit") : null, Find("Category"), Find("Note"));
    }

    /// <summary>The candidate that occurs most often in the header line (outside quotes); a comma when none does.</summary>
    private static char DelimiterOf(string headerLine)
    {
        var counts = BankFileFormat.Delimiters.ToDictionary(d => d, _ => 0);
        var quoted = false;
        foreach (var c in headerLine)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && counts.ContainsKey(c))
            {
                counts[c]++;
            }
        }

        var best = counts.MaxBy(c => c.Value);
        return best.Value == 0 ? ',' : best.Key;
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }

    /// <summary>The separator that reads every amount; the app culture's when both do (then they read the same values).</summary>
    private static char DecimalSeparatorOf(IReadOnlyList<string[]> rows, ColumnMapping columns)
    {
        var values = new[] { columns.Amount, columns.Debit, columns.Credit }.SelectMany(c => Values(rows, c)).ToList();
        int Misread(char separator) => values.Count(v => !AmountText.TryParse(v, BankFileFormat.NumbersWith(separator), out _));
        var preferred = Formatting.Culture.NumberFormat.NumberDecimalSeparator == "," ? ',' : '.';
        var other = preferred == '.' ? ',' : '.';
        return Misread(other) < Misread(preferred) ? other : preferred;
    }

    /// <summary>
    /// The date formats that read the most dates (every date, unless some row is broken), reduced to one per distinct
    /// reading: one left means detected; several means every date could be read more than one way (all days ≤ 12), so
    /// the user chooses; none (no date reads at all) leaves the choice open.
    /// </summary>
    private static IReadOnlyList<string> DateFormatsOf(IReadOnlyList<string[]> rows, int? column)
    {
        var dates = Values(rows, column).ToList();
        if (dates.Count == 0)
        {
            return [];
        }

        var readings = BankFileFormat.DateFormats
            .Select(f => (Format: f, Read: dates.Select(d => BankFileFormat.ParseDate(d, f)).ToList()))
            .Select(r => (r.Format, r.Read, Count: r.Read.Count(d => d is not null)))
            .ToList();
        var most = readings.Max(r => r.Count);
        return readings
            .Where(r => most > 0 && r.Count == most)
            .DistinctBy(r => string.Join(',', r.Read))
            .Select(r => r.Format)
            .ToList();
    }

    private static IEnumerable<string> Values(IReadOnlyList<string[]> rows, int? column) =>
        column is { } at ? rows.Where(r => at < r.Length && !string.IsNullOrWhiteSpace(r[at])).Select(r => r[at]) : [];
}
