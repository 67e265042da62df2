using System.Globalization;
using BudgetWeb.Common;

namespace BudgetWeb.Features.Import;

/// <summary>The import report as a CSV file. Cells that a spreadsheet would run as a formula (=, +, -, @) are escaped.</summary>
public static class ImportReportCsv
{
    public static string Write(ImportReport report)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = SafeCsv.Create(text))
        {
            csv.WriteRecord(["Row", "Description", "Amount", "Outcome", "Reason"]);
            foreach (var row in report.Rows)
            {
                csv.WriteRecord([
                    row.Number.ToString(CultureInfo.InvariantCulture),
                    row.Description,
                    row.AmountText,
                    row.Outcome.ToString(),
                    row.Reason ?? "",
                ]);
            }
        }

        return text.ToString();
    }
}
