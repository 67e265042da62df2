using System.Globalization;
using CsvHelper;

namespace BudgetWeb.Common;

/// <summary>
/// Every CSV file BudgetWeb hands out is written through here: a text cell that a spreadsheet would run as a formula
/// (=, +, -, @, tab, CR at its start) gets a leading apostrophe. Numbers and dates are the writer's own and stay numbers.
/// </summary>
public static class SafeCsv
{
    private static CsvWriterOptions Options => new() { Injection = CsvInjection.Escape, FormatProvider = CultureInfo.InvariantCulture };

    public static CsvWriter Create(TextWriter text) => CsvWriter.Create(text, Options, leaveOpen: true);

    /// <summary>Writes UTF-8 straight to <paramref name="stream"/> (left open), without holding the file in memory.</summary>
    public static CsvWriter Create(Stream stream) => CsvWriter.Create(stream, Options, leaveOpen: true);
}
