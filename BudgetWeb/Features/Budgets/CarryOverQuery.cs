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
/// total of net, the balance after month m is P(m) − Low(m), Low(m) being the least P(k − 1) over the months k of the
/// current stretch at which the carry is clamped (Unspent) or restarts (None, or the first month). "Unspent and
/// overspent" months add no candidate. A month under None is a stretch of its own; the stretch after a run of None
/// months starts at the month the setting changed, and also takes the last None month's candidate (its P(k − 1)), so
/// that month's balance carries into the next as the new setting says. A gap of months with no activity applies the
/// setting in effect during the gap. So one pass of running sums and one running minimum per stretch do it: each
/// window pass costs the database a sort, which is what this statement's time is made of.
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
        return rows.Select(r => new CategoryMonthBalance(r.CategoryId, FromKey(r.MonthKey), r.AllocatedCents, r.SpentCents, r.CarriedInCents, r.AvailableCents, (CarryOverMode)(r.Mode - 1))).ToList();
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

        // Settings as numbers: 1 Unspent (also when no setting is stored), 2 Unspent and overspent, 3 None; M * 4 + code
        // orders them by month, so a running MAX gives the setting in effect and % 4 its code.
        string Code(string column) => $"CASE {column} {string.Join(" ", Enum.GetValues<CarryOverMode>().Select(m => $"WHEN '{m}' THEN {CodeOf(m)}"))} END";
        var none = CodeOf(CarryOverMode.None);
        var unspent = CodeOf(CarryOverMode.Unspent);
        var settingMonth = MonthKey(provider, $"s.{setting.Column("EffectiveMonth")}");
        var earlierMonth = MonthKey(provider, $"p.{setting.Column("EffectiveMonth")}");
        const string Running = "OVER (PARTITION BY C ORDER BY M ROWS UNBOUNDED PRECEDING)";

        var sql = $$"""
            WITH events AS (
                SELECT s.{{setting.Column("CategoryId")}} AS C, {{settingMonth}} AS M, 0 AS A, 0 AS S, {{Code($"s.{setting.Column("Mode")}")}} AS Code,
                    (SELECT MAX({{earlierMonth}} * 4 + {{Code($"p.{setting.Column("Mode")}")}}) FROM {{setting.Name}} p
                     WHERE p.{{setting.Column("UserId")}} = s.{{setting.Column("UserId")}} AND p.{{setting.Column("CategoryId")}} = s.{{setting.Column("CategoryId")}}
                       AND p.{{setting.Column("EffectiveMonth")}} < s.{{setting.Column("EffectiveMonth")}}) % 4 AS EarlierCode
                {{Owned(setting, "s", "EffectiveMonth")}}
                UNION ALL
                SELECT b.{{budget.Column("CategoryId")}}, {{MonthKey(provider, $"b.{budget.Column("Month")}")}}, b.{{budget.Column("AmountCents")}}, 0, NULL, NULL
                {{Owned(budget, "b", "Month")}}
                UNION ALL
                SELECT e.{{spent.Column("CategoryId")}}, {{MonthKey(provider, $"e.{spent.Column("Month")}")}}, 0, e.{{spent.Column("AmountCents")}}, NULL, NULL
                {{Owned(spent, "e", "Month")}}
                UNION ALL
                SELECT c.{{category.Column("Id")}}, {1}, 0, 0, NULL, NULL FROM {{category.Name}} c {{(categoryId is null ? "" : $"WHERE c.{category.Column("Id")} = {{4}}")}}
            ),
            grid AS (
                SELECT C, M, SUM(A) AS A, SUM(S) AS S, MAX(Code) AS Code, MAX(EarlierCode) AS EarlierCode FROM events GROUP BY C, M
            ),
            running AS (
                SELECT C, M, A, S, Code, EarlierCode,
                    SUM(A - S) {{Running}} - (A - S) AS TotalBefore,
                    M - LAG(M) OVER (PARTITION BY C ORDER BY M) AS Step,
                    LAG(A - S) OVER (PARTITION BY C ORDER BY M) AS PrevNet,
                    COALESCE(MAX(M * 4 + Code) {{Running}} % 4, {{unspent}}) AS Eff,
                    MAX(CASE WHEN Code = {{none}} THEN M END) {{Running}} AS NoneSince
                FROM grid
            ),
            kinds AS (
                SELECT C, M, A, S, TotalBefore, Step, PrevNet, Eff, NoneSince,
                    CASE WHEN Code IS NULL THEN Eff ELSE COALESCE(EarlierCode, {{unspent}}) END AS PrevEff
                FROM running
            ),
            balances AS (
                SELECT C, M, A, S, TotalBefore, Eff,
                    MIN(CASE
                        WHEN Step IS NULL OR Eff = {{none}} OR (Step > 1 AND PrevEff = {{none}}) THEN TotalBefore
                        WHEN PrevEff = {{none}} THEN TotalBefore - CASE WHEN Eff = {{unspent}} AND PrevNet < 0 THEN 0 ELSE PrevNet END
                        WHEN Eff = {{unspent}} OR (Step > 1 AND PrevEff = {{unspent}}) THEN TotalBefore
                    END) OVER (PARTITION BY C, NoneSince, CASE WHEN Eff = {{none}} THEN M END ORDER BY M ROWS UNBOUNDED PRECEDING) AS Low
                FROM kinds
            )
            SELECT C AS {{q.DelimitIdentifier(nameof(Row.CategoryId))}}, M AS {{q.DelimitIdentifier(nameof(Row.MonthKey))}},
                CAST(A AS BIGINT) AS {{q.DelimitIdentifier(nameof(Row.AllocatedCents))}}, CAST(S AS BIGINT) AS {{q.DelimitIdentifier(nameof(Row.SpentCents))}},
                CAST(TotalBefore - Low AS BIGINT) AS {{q.DelimitIdentifier(nameof(Row.CarriedInCents))}},
                CAST(TotalBefore + A - S - Low AS BIGINT) AS {{q.DelimitIdentifier(nameof(Row.AvailableCents))}}, Eff AS {{q.DelimitIdentifier(nameof(Row.Mode))}}
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

    private static int CodeOf(CarryOverMode mode) => (int)mode + 1;

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
        public int Mode { get; set; }
    }
}
