using System.Globalization;
using System.Text;
using BudgetWeb.Features.Import;

namespace BudgetWeb.Tests.Features;

/// <summary>
/// Nothing is silently misread: amounts and dates written the way many cultures write them either read as the one value
/// they were written from, or are refused with a reason (amounts) or make the page ask (dates); never a different value.
/// </summary>
public sealed class BankFileFuzzTests
{
    private static readonly string[] Cultures = ["en-US", "en-GB", "de-DE", "fr-FR", "de-CH", "it-IT", "nl-NL", "sv-SE", "pl-PL", "ja-JP", "es-ES", "pt-BR"];
    private static readonly string[] NumberFormats = ["N2", "N1", "N0", "F2", "F1", "F0", "0.##", "#,##0.00", "C2"];

    [Fact]
    public void Amounts_in_any_culture_read_as_the_true_value_or_are_invalid_with_a_reason()
    {
        var random = new Random(17);
        var checkedCount = 0;
        foreach (var separator in BankFileFormat.DecimalSeparators)
        {
            var format = new BankFileFormat(';', separator, "yyyy-MM-dd", new ColumnMapping(0, 1, 2, null, null, 3, null), NegativeAmountsAreSpending: false);
            var file = new StringBuilder("Date;Description;Amount;Category\n");
            var truth = new List<decimal>();
            for (var i = 0; i < 2_000; i++)
            {
                var value = Math.Round((decimal)(random.NextDouble() * Math.Pow(10, random.Next(0, 7))), random.Next(0, 3));
                var culture = CultureInfo.GetCultureInfo(Cultures[random.Next(Cultures.Length)]);
                var text = value.ToString(NumberFormats[random.Next(NumberFormats.Length)], culture);
                var written = Math.Round(decimal.Parse(text, NumberStyles.Any, culture), 2); // what the text says, as money
                truth.Add(written);
                file.Append($"2026-11-03;row {i};\"{text.Replace("\"", "\"\"")}\";Food\n");
            }

            var rows = CsvExpenseReader.Read(Encoding.UTF8.GetBytes(file.ToString()), format).Value!.Rows;
            for (var i = 0; i < rows.Count; i++)
            {
                if (rows[i].Problem is null)
                {
                    Assert.Equal(truth[i], rows[i].AmountCents / 100m);
                    checkedCount++;
                }
                else
                {
                    Assert.Contains($"row {i + 1}: ", rows[i].Problem);
                }
            }
        }

        Assert.True(checkedCount > 1_000, $"only {checkedCount} amounts were read at all");
    }

    [Fact]
    public void Dates_in_any_listed_order_are_detected_as_written_or_asked_about_never_read_another_way()
    {
        var random = new Random(17);
        for (var trial = 0; trial < 500; trial++)
        {
            var written = BankFileFormat.DateFormats[random.Next(BankFileFormat.DateFormats.Count)];
            var dates = Enumerable.Range(0, random.Next(1, 6)).Select(_ => new DateOnly(2026, 1, 1).AddDays(random.Next(0, 730))).ToList();
            var text = "Date,Description,Amount,Category\n" + string.Concat(dates.Select(d => $"{d.ToString(written, CultureInfo.InvariantCulture)},x,1.00,Food\n"));

            var layout = BankFileDetector.Detect(Encoding.UTF8.GetBytes(text)).Value!;

            Assert.Contains(layout.DateChoices, choice => dates.All(d => BankFileFormat.ParseDate(d.ToString(written, CultureInfo.InvariantCulture), choice) == d));
            if (!layout.DateIsAmbiguous)
            {
                Assert.Equal(dates.Select(d => (DateOnly?)d), dates.Select(d => BankFileFormat.ParseDate(d.ToString(written, CultureInfo.InvariantCulture), layout.Format.DateFormat)));
            }
        }
    }
}
