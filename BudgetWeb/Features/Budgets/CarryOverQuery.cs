using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace BudgetWeb.Features.Budgets;

/// <summary>One category's figures for one month, with what was carried in from the month before.</summary>
public sealed record CategoryMonthBalance(int CategoryId, DateOnly Month, long AllocatedCents, long SpentCents, long CarriedInCents, long AvailableCents, CarryOverMode CarryOver);

/// <summary>
/// Available(month) = carried in + allocated − spent, where carried in follows the carry-over setting in effect for
/// that month, computed by the database in one statement of window functions (SQLite, SQL Server, PostgreSQL). Spending
/// is read from the monthly totals the database keeps (<see cref="ExpenseMonthTotal"/>), so the statement adds up a few
/// rows per category and month however many expenses there are.
/// <para>
/// Why window functions suffice although "Unspent" clamps at zero: with net(m) = allocated − spent and P(m) the running
/// total of net, the balance after month m is P(m) − min P(k−1) over the months k since the last reset (None, or the
/// first month) at which the carry is clamped (Unspent) or restarts (None). "Unspent and overspent" months inherit the
/// previous month's minimum. A gap of months with no activity applies the setting in effect during the gap.
/// </para>
/// </summary>
public static class CarryOverQuery
{
    /// <summary>Every category (or one) at <paramref name="fromMonth"/> and each later month that has activity, up to <paramref name="toMonth"/>.</summary>
    public static async Task<List<CategoryMonthBalance>> BalancesAsync(BudgetDbContext db, string userId, int? categoryId, DateOnly fromMonth, DateOnly? toMonth, CancellationToken cancellationToken)
    {
        var from = Formatting.FirstOfMonth(fromMonth);
        var (sql, parameters) = Build(db, userId, categoryId, from, toMonth is { } to ? Formatting.FirstOfMonth(to) : null);
        var rows = await db.Database.SqlQueryRaw<Row>(sql, parameters).ToListAsync(cancellationToken);
        return rows.Select(r => new CategoryMonthBalance(r.CategoryId, FromKey(r.MonthKey), r.AllocatedCents, r.SpentCents, r.CarriedInCents, r.AvailableCents, Enum.Parse<CarryOverMode>(r.Mode))).ToList();
    }

    /// <summary>The statement and its parameters (public so tests can read what each provider is sent).</summary>
    public static (string Sql, object[] Parameters) Build(BudgetDbContext db, string userId, int? categoryId, DateOnly fromMonth, DateOnly? toMonth)
    {
        var q = db.GetService<ISqlGenerationHelper>();
        var provider = db.Database.ProviderName ?? "";
        var spent = new Table(db, q, typeof(ExpenseMonthTotal));
        var budget = new Table(db, q, typeof(BudgetAllocation));
        var setting = new Table(db, q, typeof(CarryOverSetting));
        var category = new Table(db, q, typeof(Category));

        // {0} user, {1} first month key, {2} the first day after the last month read, {3} last month key, {4} category.
        var until = toMonth is { } to ? to.AddMonths(1) : DateOnly.MaxValue.AddMonths(-1);
        var oneCategory = categoryId is null ? "" : "AND {0}.{1} = {{4}}";
        string Owned(Table t, string alias, string dateColumn) =>
            $"FROM {t.Name} {alias} WHERE {alias}.{t.Column("UserId")} = {{0}} AND {alias}.{t.Column(dateColumn)} < {{2}} "
            + string.Format(oneCategory, alias, t.Column("CategoryId"));

        var sql = $$"""
            WITH events AS (
                SELECT s.{{setting.Column("CategoryId")}} AS C, {{MonthKey(provider, $"s.{setting.Column("EffectiveMonth")}")}} AS M, 0 AS A, 0 AS S, s.{{setting.Column("Mode")}} AS Mode
                {{Owned(setting, "s", "EffectiveMonth")}}
                UNION ALL
                SELECT b.{{budget.Column("CategoryId")}}, {{MonthKey(provider, $"b.{budget.Column("Month")}")}}, b.{{budget.Column("AmountCents")}}, 0, NULL
                {{Owned(budget, "b", "Month")}}
                UNION ALL
                SELECT e.{{spent.Column("CategoryId")}}, {{MonthKey(provider, $"e.{spent.Column("Month")}")}}, 0, e.{{spent.Column("AmountCents")}}, NULL
                {{Owned(spent, "e", "Month")}}
                UNION ALL
                SELECT c.{{category.Column("Id")}}, {1}, 0, 0, NULL FROM {{category.Name}} c {{(categoryId is null ? "" : $"WHERE c.{category.Column("Id")} = {{4}}")}}
            ),
            grid AS (
                SELECT C, M, SUM(A) AS A, SUM(S) AS S, MAX(Mode) AS Mode FROM events GROUP BY C, M
            ),
            running AS (
                SELECT C, M, A, S, Mode,
                    COUNT(Mode) OVER (PARTITION BY C ORDER BY M ROWS UNBOUNDED PRECEDING) AS Seg,
                    SUM(A - S) OVER (PARTITION BY C ORDER BY M ROWS UNBOUNDED PRECEDING) AS Total,
                    LAG(M) OVER (PARTITION BY C ORDER BY M) AS PrevM
                FROM grid
            ),
            effective AS (
                SELECT C, M, A, S, Total, PrevM, COALESCE(MAX(Mode) OVER (PARTITION BY C, Seg), '{{nameof(CarryOverMode.Unspent)}}') AS Eff
                FROM running
            ),
            kinds AS (
                SELECT C, M, A, S, Total, Eff,
                    CASE
                        WHEN PrevM IS NULL OR Eff = '{{nameof(CarryOverMode.None)}}' OR (M - PrevM > 1 AND PrevEff = '{{nameof(CarryOverMode.None)}}') THEN 0
                        WHEN Eff = '{{nameof(CarryOverMode.Unspent)}}' OR (M - PrevM > 1 AND PrevEff = '{{nameof(CarryOverMode.Unspent)}}') THEN 1
                        ELSE 2
                    END AS K
                FROM (SELECT effective.*, LAG(Eff) OVER (PARTITION BY C ORDER BY M) AS PrevEff FROM effective) p
            ),
            floors AS (
                SELECT C, M, A, S, Total, Eff,
                    SUM(CASE WHEN K = 0 THEN 1 ELSE 0 END) OVER (PARTITION BY C ORDER BY M ROWS UNBOUNDED PRECEDING) AS Run,
                    CASE WHEN K < 2 THEN Total - (A - S) END AS Candidate
                FROM kinds
            ),
            balances AS (
                SELECT C, M, A, S, Total, Eff, MIN(Candidate) OVER (PARTITION BY C, Run ORDER BY M ROWS UNBOUNDED PRECEDING) AS Low
                FROM floors
            )
            SELECT C AS {{q.DelimitIdentifier(nameof(Row.CategoryId))}}, M AS {{q.DelimitIdentifier(nameof(Row.MonthKey))}},
                CAST(A AS BIGINT) AS {{q.DelimitIdentifier(nameof(Row.AllocatedCents))}}, CAST(S AS BIGINT) AS {{q.DelimitIdentifier(nameof(Row.SpentCents))}},
                CAST(Total - (A - S) - Low AS BIGINT) AS {{q.DelimitIdentifier(nameof(Row.CarriedInCents))}},
                CAST(Total - Low AS BIGINT) AS {{q.DelimitIdentifier(nameof(Row.AvailableCents))}}, Eff AS {{q.DelimitIdentifier(nameof(Row.Mode))}}
            FROM balances
            WHERE M >= {1} AND M <= {3}
            ORDER BY C, M
            """;
        object[] parameters = [userId, ToKey(fromMonth), until, until.Year * 12 + until.Month - 2, categoryId ?? 0];
        return (sql, parameters);
    }

    /// <summary>Months as consecutive integers (year × 12 + month − 1), so "the month before" is M − 1 on every provider.</summary>
    private static string MonthKey(string provider, string column) => provider switch
    {
        "Microsoft.EntityFrameworkCore.Sqlite" => $"(CAST(substr({column}, 1, 4) AS INTEGER) * 12 + CAST(substr({column}, 6, 2) AS INTEGER) - 1)",
        "Microsoft.EntityFrameworkCore.SqlServer" => $"(YEAR({column}) * 12 + MONTH({column}) - 1)",
        "Npgsql.EntityFrameworkCore.PostgreSQL" => $"(CAST(EXTRACT(YEAR FROM {column}) AS INTEGER) * 12 + CAST(EXTRACT(MONTH FROM {column}) AS INTEGER) - 1)",
        _ => throw new NotSupportedException($"Carry-over is not written for {provider}."),
    };

    public static int ToKey(DateOnly month) => month.Year * 12 + month.Month - 1;

    public static DateOnly FromKey(int key) => new(key / 12, key % 12 + 1, 1);

    /// <summary>Names from the EF model, quoted by the provider, so the statement follows the schema on every provider.</summary>
    private sealed class Table(BudgetDbContext db, ISqlGenerationHelper q, Type entity)
    {
        private readonly IEntityType _type = db.Model.FindEntityType(entity)!;
        private StoreObjectIdentifier Store => StoreObjectIdentifier.Table(_type.GetTableName()!, _type.GetSchema());

        public string Name => q.DelimitIdentifier(_type.GetTableName()!, _type.GetSchema());

        public string Column(string property) => q.DelimitIdentifier(_type.FindProperty(property)!.GetColumnName(Store)!);
    }

    private sealed class Row
    {
        public int CategoryId { get; set; }
        public int MonthKey { get; set; }
        public long AllocatedCents { get; set; }
        public long SpentCents { get; set; }
        public long CarriedInCents { get; set; }
        public long AvailableCents { get; set; }
        public string Mode { get; set; } = "";
    }
}
