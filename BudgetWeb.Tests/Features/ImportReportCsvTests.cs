using BudgetWeb.Features.Import;

namespace BudgetWeb.Tests.Features;

public sealed class ImportReportCsvTests
{
    [Theory]
    [InlineData("=SUM(A1:A2)")]
    [InlineData("+1+1")]
    [InlineData("-2+3")]
    [InlineData("@cmd")]
    public void Formula_like_cells_are_neutralised_in_the_exported_report(string description)
    {
        var csv = ImportReportCsv.Write(new ImportReport(1, "bank.csv", [new ReportRow(1, description, 100, ImportOutcome.Imported, null)]));

        var cell = csv.Split('\n')[1].Split(',')[1];
        Assert.Equal($"\"'{description}\"", cell); // a leading apostrophe makes a spreadsheet show it as text
    }
}
