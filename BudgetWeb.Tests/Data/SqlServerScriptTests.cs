using BudgetWeb.Features.Budgets;
using BudgetWeb.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace BudgetWeb.Tests.Data;

/// <summary>
/// No SQL Server runs here, so the SQL it would be sent is checked with Microsoft's own T-SQL parser (SQL Server 2022
/// grammar): the idempotent migration script a DBA would run, and the SQL of the feature queries that can be captured.
/// </summary>
public sealed class SqlServerScriptTests
{
    [Fact]
    public void The_idempotent_migration_script_parses_without_errors()
    {
        using var services = SqlServerModel.Services();
        using var db = SqlServerModel.CreateContext(services);

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        AssertParses(script);
        Assert.Contains("CREATE TABLE [Expenses]", script);

        // SQL run through EXEC (the trigger keeping the monthly totals) is a string to the parser: parse it on its own.
        var executed = System.Text.RegularExpressions.Regex.Matches(script, @"EXEC\(N'((?:[^']|'')*)'\)").Select(m => m.Groups[1].Value.Replace("''", "'")).ToList();
        Assert.Contains(executed, sql => sql.Contains("CREATE TRIGGER [Expenses_MonthTotals]"));
        Assert.All(executed, AssertParses);
    }

    [Fact]
    public void The_feature_queries_parse_without_errors()
    {
        using var services = SqlServerModel.Services();
        using var db = SqlServerModel.CreateContext(services);
        var (user, month) = ("user-id", new DateOnly(2026, 3, 1));

        string[] queries =
        [
            // The carry-over statement behind every month's figures, its placeholders as the parameters SQL Server gets.
            string.Format(CarryOverQuery.Build(db, user, null, month, month).Sql, "@p0", "@p1", "@p2", "@p3", "@p4"),
            BudgetQueries.SpentByMonth(db, user, month.AddMonths(-11), month).ToQueryString(),
            // The expense list's page: filtered by month and text, sorted by category, counted.
            db.Expenses.Where(e => e.UserId == user && e.Date >= month && e.Date < month.AddMonths(1) && EF.Functions.Like(e.Description, "%cof\\%%", "\\"))
                .OrderBy(e => e.Category!.Name).ThenBy(e => e.Id).Skip(25).Take(25)
                .Select(e => new { e.Id, e.Description, Category = e.Category!.Name, e.AmountCents, e.Version }).ToQueryString(),
            db.Operations.Where(o => o.UserId == user).OrderByDescending(o => o.Id).Take(50).ToQueryString(),
        ];

        Assert.All(queries, AssertParses);
    }

    [Fact]
    public async Task The_imports_multi_row_insert_parses_and_stays_within_the_parameter_limit()
    {
        using var services = SqlServerModel.Services();
        await using var db = SqlServerModel.CreateContext(services);
        await using var writer = new BudgetWeb.Features.Import.ExpenseRowWriter(db);

        var sql = writer.InsertSql(writer.RowsPerStatement);

        AssertParses(sql);
        AssertParses(writer.InsertSql(1));
        var parameters = System.Text.RegularExpressions.Regex.Matches(sql, @"@p\d+").Select(m => m.Value).Distinct().Count();
        Assert.True(writer.RowsPerStatement > 1, "several rows per statement, so the statement-level totals trigger fires once for them");
        Assert.InRange(parameters, writer.RowsPerStatement, 2_100); // SQL Server's limit per command
        Assert.Equal(writer.RowsPerStatement, System.Text.RegularExpressions.Regex.Matches(sql, @"\(@p").Count);
    }

    private static void AssertParses(string sql)
    {
        using var reader = new StringReader(sql);
        new TSql160Parser(initialQuotedIdentifiers: true).Parse(reader, out var errors);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors.Select(e => $"line {e.Line}: {e.Message}")) + Environment.NewLine + sql);
    }
}
