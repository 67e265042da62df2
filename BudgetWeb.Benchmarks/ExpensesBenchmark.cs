using System.Diagnostics;
using BudgetWeb.Data;
using BudgetWeb.Features.Budgets;
using BudgetWeb.Features.Expenses;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The expense list and summary at each size: every scenario timed through BudgetWeb's services and, in the same run, as
/// the same answer written by hand in SQL twice: the obvious query (naive) and the best one on this schema (floor); the
/// ratio to the floor says what BudgetWeb adds on top of what the database itself must do. At the largest size, a
/// transfer through the service against the same rows in raw ADO.NET. The SQL is shared by the providers; only the few
/// expressions <see cref="BenchProvider"/> spells per database differ.
/// </summary>
internal static class ExpensesBenchmark
{
    private sealed record Figure(string Name, string Bench, int Rows, double Ours, double Naive, double Floor);

    public static async Task RunAsync(BenchProvider provider, Func<string, Task<BenchDatabase>> newDatabase, List<int> sizes)
    {
        var results = new List<Figure>();
        var month = new DateOnly(2026, 3, 1);
        foreach (var rows in sizes)
        {
            var database = await newDatabase("expenses");
            var seed = Stopwatch.StartNew();
            var categoryId = Seed(database, rows);
            Console.WriteLine($"{provider.Name}: seeded {rows:N0} expenses for one user (+{rows / 5:N0} for another) in {seed.Elapsed.TotalSeconds:F1} s");
            CheckMonthlyTotals(database);
            var userId = database.UserId;
            await using var scope = database.Services.CreateAsyncScope();
            BenchmarkUser.Id = userId;
            var expenses = scope.ServiceProvider.GetRequiredService<ExpenseService>();
            var overview = scope.ServiceProvider.GetRequiredService<BudgetOverview>();
            var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<BudgetDbContext>>();

            // naive: the obvious hand-written SQL (COUNT(*) over the rows, ORDER BY ... LIMIT). floor: the best hand-written SQL
            // on this schema (sums of the monthly totals, the index that serves the sort, the page's ids before its rows).
            const string Columns = """SELECT e."Id", e."Date", e."Description", e."AmountCents", e."CategoryId", c."Name", e."Note", e."SplitGroupId", e."Version" FROM "Expenses" e JOIN "Categories" c ON c."Id" = e."CategoryId" """;
            const string Count = """SELECT COUNT(*) FROM "Expenses" e WHERE e."UserId" = @u""";
            const string AllCount = """SELECT SUM("ExpenseCount") FROM "ExpenseMonthTotals" WHERE "UserId" = @u""";
            const string InMarch = """e."Date" >= '2026-03-01' AND e."Date" < '2026-04-01'""";
            string Page(string where, string order, int offset = 0) => $"""{Columns} WHERE e."UserId" = @u{where} ORDER BY {order} LIMIT 25{(offset > 0 ? $" OFFSET {offset}" : "")}""";
            const string ByDate = """e."Date" DESC, e."Id" DESC""";
            void Compare(string name, string bench, Action budgetWeb, string[] naive, string[] floor) =>
                results.Add(new(name, bench, rows, Timing.Median(budgetWeb), Timing.Median(() => Raw(database, categoryId, naive)), Timing.Median(() => Raw(database, categoryId, floor))));
            ExpensePage List(ExpenseQuery query) => expenses.PageAsync(query).GetAwaiter().GetResult();

            Compare("list: first page (with total count)", "list_first_page",
                () => List(new ExpenseQuery(new ExpenseFilter())),
                [Count, Page("", ByDate)],
                [AllCount, Page("", ByDate)]);
            Compare("list: one month", "list_one_month",
                () => List(new ExpenseQuery(new ExpenseFilter(Month: month))),
                [$"{Count} AND {InMarch}", Page($" AND {InMarch}", ByDate)],
                [$"""{AllCount} AND "Month" = '2026-03-01'""", Page($" AND {InMarch}", ByDate)]);
            Compare("list: one category, by amount", "list_category_by_amount",
                () => List(new ExpenseQuery(new ExpenseFilter(CategoryId: categoryId), SortBy: ExpenseSort.Amount)),
                [$"""{Count} AND e."CategoryId" = @c""", Page(""" AND e."CategoryId" = @c""", """e."AmountCents" DESC, e."Id" DESC""")],
                [$"""{AllCount} AND "CategoryId" = @c""", Page(""" AND e."CategoryId" = @c""", """e."AmountCents" DESC, e."Id" DESC""")]);
            Compare("list: text search \"coffee\"", "list_text_search",
                () => List(new ExpenseQuery(new ExpenseFilter(Text: "coffee"))),
                [$"{Count} AND {provider.NaiveTextMatch("coffee")}", Page($" AND {provider.NaiveTextMatch("coffee")}", ByDate)],
                [$"{Count} AND {provider.IndexedTextMatch("coffee")}", Page($" AND {provider.IndexedTextMatch("coffee")}", ByDate)]);
            var deep = Math.Min(2_000, rows / 25 / 2);
            Compare("list: a deep page (page 2,000; mid-list if fewer rows)", "list_deep_page",
                () => List(new ExpenseQuery(new ExpenseFilter(), Page: deep)),
                [Count, Page("", ByDate, deep * 25)],
                [AllCount, $"""{Columns} WHERE e."Id" IN (SELECT "Id" FROM "Expenses" WHERE "UserId" = @u ORDER BY "Date" DESC, "Id" DESC LIMIT 25 OFFSET {deep * 25}) ORDER BY {ByDate}"""]);
            Compare("list: sorted by amount", "list_sort_amount",
                () => List(new ExpenseQuery(new ExpenseFilter(), SortBy: ExpenseSort.Amount)),
                [Count, Page("", """e."AmountCents" DESC, e."Id" DESC""")],
                [AllCount, Page("", """e."AmountCents" DESC, e."Id" DESC""")]);
            Compare("list: sorted by description", "list_sort_description",
                () => List(new ExpenseQuery(new ExpenseFilter(), SortBy: ExpenseSort.Description, Descending: false)),
                [Count, Page("", """e."Description", e."Id" """)],
                [AllCount, Page("", """e."Description", e."Id" """)]);
            Compare("list: sorted by category", "list_sort_category",
                () => List(new ExpenseQuery(new ExpenseFilter(), SortBy: ExpenseSort.Category, Descending: false)),
                [Count, Page("", """c."Name", e."Date", e."Id" """)],
                [AllCount, Page("", """c."Name", e."Date", e."Id" """)]);
            // A month's Summary and Categories page with carry-over: what was carried in depends on every month before, so the
            // least the database must do is total each category's months up to this one.
            Compare("summary: a month by category, carry-over", "summary_month",
                () => overview.MonthAsync(month).GetAwaiter().GetResult(),
                ["""SELECT "Id", "Name" FROM "Categories" ORDER BY "Name" """,
                 $"""SELECT "CategoryId", {provider.MonthKey("\"Month\"")}, SUM("AmountCents") FROM "BudgetAllocations" WHERE "UserId" = @u AND "Month" < '2026-04-01' GROUP BY 1, 2""",
                 $"""SELECT "CategoryId", {provider.MonthKey("\"Date\"")}, SUM("AmountCents") FROM "Expenses" WHERE "UserId" = @u AND "Date" < '2026-04-01' GROUP BY 1, 2"""],
                ["""SELECT "Id", "Name" FROM "Categories" ORDER BY "Name" """,
                 """SELECT "CategoryId", "Month", "AmountCents" FROM "BudgetAllocations" WHERE "UserId" = @u AND "Month" < '2026-04-01'""",
                 """SELECT "CategoryId", "Month", "AmountCents" FROM "ExpenseMonthTotals" WHERE "UserId" = @u AND "Month" < '2026-04-01'"""]);
            Compare("transfer check: one category, later months", "transfer_check",
                () => CheckLaterMonths(factory, userId, categoryId, new DateOnly(2025, 3, 1)),
                [$"""SELECT {provider.MonthKey("\"Month\"")}, SUM("AmountCents") FROM "BudgetAllocations" WHERE "UserId" = @u AND "CategoryId" = @c GROUP BY 1""",
                 $"""SELECT {provider.MonthKey("\"Date\"")}, SUM("AmountCents") FROM "Expenses" WHERE "UserId" = @u AND "CategoryId" = @c GROUP BY 1"""],
                ["""SELECT "Month", "AmountCents" FROM "BudgetAllocations" WHERE "UserId" = @u AND "CategoryId" = @c""",
                 """SELECT "Month", "AmountCents" FROM "ExpenseMonthTotals" WHERE "UserId" = @u AND "CategoryId" = @c"""]);
            Compare("summary: 12-month trend", "summary_trend",
                () => overview.TrendAsync(month).GetAwaiter().GetResult(),
                [$"""SELECT {provider.YearAndMonth("\"Date\"")}, SUM("AmountCents") FROM "Expenses" WHERE "UserId" = @u AND "Date" >= '2025-04-01' AND "Date" < '2026-04-01' GROUP BY 1, 2"""],
                ["""SELECT "Month", SUM("AmountCents") FROM "ExpenseMonthTotals" WHERE "UserId" = @u AND "Month" >= '2025-04-01' AND "Month" < '2026-04-01' GROUP BY "Month" """]);

            if (rows == sizes[^1])
            {
                var (service, raw) = TransferBenchmark.Run(scope.ServiceProvider, database);
                results.Add(new("transfer: service vs raw ADO.NET", "transfer", rows, service, double.NaN, raw));
            }
        }

        Print(provider, sizes, results);
    }

    private static void Print(BenchProvider provider, List<int> sizes, List<Figure> results)
    {
        Console.WriteLine();
        Console.WriteLine($"{provider.Name}, milliseconds, median of 15. naive = obvious hand-written SQL; floor = best hand-written SQL on this schema; x = BudgetWeb / that.");
        var header = string.Join(" | ", sizes.Select(n => $"{n:N0}: BudgetWeb | naive | floor | x naive | x floor"));
        Console.WriteLine($"| scenario ({provider.Name}) | {header} |");
        Console.WriteLine($"|---|{string.Concat(Enumerable.Repeat("---:|", sizes.Count * 5))}");
        foreach (var name in results.Select(r => r.Name).Distinct())
        {
            var cells = sizes.Select(n => results.FirstOrDefault(r => r.Name == name && r.Rows == n) is { } r
                ? $"{r.Ours:F2} | {Ms(r.Naive)} | {r.Floor:F2} | {Ratio(r.Ours, r.Naive)} | {Ratio(r.Ours, r.Floor)}"
                : "| | | |");
            Console.WriteLine($"| {name} | {string.Join(" | ", cells)} |");
        }

        Console.WriteLine();
        foreach (var r in results)
        {
            Console.WriteLine(FormattableString.Invariant($"BENCH {r.Bench}_{r.Rows} {r.Ours:F3} ms"));
            Console.WriteLine(FormattableString.Invariant($"BENCH {r.Bench}_{r.Rows}_floor {r.Floor:F3} ms"));
            Console.WriteLine(FormattableString.Invariant($"BENCH {r.Bench}_{r.Rows}_vs_floor {r.Ours / r.Floor:F2} ratio"));
            if (!double.IsNaN(r.Naive))
            {
                Console.WriteLine(FormattableString.Invariant($"BENCH {r.Bench}_{r.Rows}_vs_naive {r.Ours / r.Naive:F2} ratio"));
            }
        }
    }

    private static string Ms(double ms) => double.IsNaN(ms) ? "" : ms.ToString("F2");

    private static string Ratio(double ours, double baseline) => double.IsNaN(baseline) ? "" : $"{ours / baseline:F2}";

    /// <summary>What a transfer reads before it changes anything: the source category's months from the transfer's month on.</summary>
    private static void CheckLaterMonths(IDbContextFactory<BudgetDbContext> factory, string userId, int categoryId, DateOnly from)
    {
        using var db = factory.CreateDbContext();
        ShortfallGuard.WatchAsync(db, userId, categoryId, "Category 0", from, default).GetAwaiter().GetResult();
    }

    /// <summary>The same answers written by hand: each statement run and read to the end on one connection.</summary>
    private static void Raw(BenchDatabase database, int categoryId, string[] statements)
    {
        using var connection = database.Connect();
        foreach (var sql in statements)
        {
            using var command = connection.Command(sql, ("u", database.UserId), ("c", categoryId));
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
            }
        }
    }

    /// <summary>
    /// The database's user gets <paramref name="rows"/> expenses over five years, another user a fifth as many, and a
    /// budget for every category in every month. The same data on every provider (one seeded random sequence).
    /// Returns the first category's id.
    /// </summary>
    private static int Seed(BenchDatabase database, int rows)
    {
        var provider = database.Provider;
        using var connection = database.Connect();
        var main = database.UserId;
        var other = provider.InsertUser(connection, "other@example.com");
        var categories = Enumerable.Range(0, 20).Select(c => Convert.ToInt32(connection.Scalar(
            """INSERT INTO "Categories" ("Name", "NormalizedName", "CreatedAt", "Version") VALUES (@n, upper(@n), '2026-01-01', @v) RETURNING "Id" """,
            ("n", $"Category {c}"), ("v", provider.StoredGuid(Guid.NewGuid()))))).ToList();

        string[] words = ["coffee", "groceries", "rent", "cinema", "train", "books", "pharmacy", "bakery", "fuel", "gift"];
        var random = new Random(42);
        var start = new DateOnly(2021, 4, 1);
        IEnumerable<RawExpense> Expenses()
        {
            for (var i = 0; i < rows + rows / 5; i++)
            {
                yield return new RawExpense(i < rows ? main : other, start.AddDays(random.Next(0, 5 * 365)), $"{words[random.Next(words.Length)]} {i}",
                    random.Next(1, 50_000), categories[random.Next(categories.Count)]);
            }
        }

        provider.BulkInsertExpenses(connection, Expenses());

        // A budget for every category in every month of the five years, so that carry-over has allocations to add up.
        using (var transaction = connection.BeginTransaction())
        {
            using var budget = transaction.Command(
                """INSERT INTO "BudgetAllocations" ("UserId", "CategoryId", "Month", "AmountCents", "Version") VALUES (@u, @c, @m, @a, @v)""",
                ("u", main), ("c", 0), ("m", start), ("a", 0L), ("v", provider.StoredGuid(Guid.Empty)));
            foreach (var c in categories)
            {
                for (var m = start; m < start.AddYears(5); m = m.AddMonths(1))
                {
                    (budget.Parameters[1].Value, budget.Parameters[2].Value, budget.Parameters[3].Value, budget.Parameters[4].Value) =
                        (c, m, (long)random.Next(0, 1_500_000), provider.StoredGuid(Guid.NewGuid()));
                    budget.ExecuteNonQuery();
                }
            }

            transaction.Commit();
        }

        connection.Execute(provider.AfterSeedSql);
        return categories[0];
    }

    /// <summary>The monthly totals are kept by triggers (per statement on PostgreSQL, so the bulk load fired them once): they must add up to the rows.</summary>
    private static void CheckMonthlyTotals(BenchDatabase database)
    {
        using var connection = database.Connect();
        using var command = connection.Command(
            """SELECT (SELECT COUNT(*) FROM "Expenses"), (SELECT SUM("ExpenseCount") FROM "ExpenseMonthTotals"), (SELECT SUM("AmountCents") FROM "Expenses"), (SELECT SUM("AmountCents") FROM "ExpenseMonthTotals")""");
        using var reader = command.ExecuteReader();
        reader.Read();
        var (rows, counted, amount, totalled) = (Convert.ToInt64(reader[0]), Convert.ToInt64(reader[1]), Convert.ToInt64(reader[2]), Convert.ToInt64(reader[3]));
        Console.WriteLine($"  monthly totals: {counted:N0} expenses counted for {rows:N0} rows, {totalled:N0} cents for {amount:N0}");
        if (rows != counted || amount != totalled)
        {
            throw new InvalidOperationException("ExpenseMonthTotals does not add up to the expenses: the triggers that keep it missed rows.");
        }
    }
}
