using System.Diagnostics;
using System.Security.Claims;
using BudgetWeb.Data;
using BudgetWeb.Extensions;
using BudgetWeb.Features.Budgets;
using BudgetWeb.Features.Expenses;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// Expense list and summary with 10,000 and 1,000,000 expenses on SQLite. Each scenario is timed through BudgetWeb's
// services and, in the same run, as the same answer written by hand in SQL twice: the obvious query (naive) and the
// best one on this schema (floor); the ratio to the floor says what BudgetWeb adds on top of what the database itself
// must do. Then a transfer through the service against the same rows written in raw ADO.NET. Times are medians of
// repeated runs; the last lines (BENCH name value unit) are for scripts.
// Usage: dotnet run -c Release --project BudgetWeb.Benchmarks [-- expenses [rows...] | import [rows] | circuits [tabs]]
var mode = args.FirstOrDefault() is "import" or "expenses" or "circuits" ? args[0] : "expenses";
var numbers = args.Where(a => int.TryParse(a, out _)).Select(int.Parse).ToList();
var folders = new List<string>();

// A fresh, migrated SQLite database with one user, built with the app's own registrations.
async Task<(IServiceProvider Services, string File, string UserId)> NewDatabaseAsync(string name)
{
    var dataFolder = Path.Combine(Path.GetTempPath(), "budgetweb-bench", $"{name}-{Guid.NewGuid():N}");
    folders.Add(dataFolder);
    var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Database:DataFolder"] = dataFolder }).Build();
    var collection = new ServiceCollection()
        .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
        .AddSingleton<IConfiguration>(configuration)
        .AddSingleton(TimeProvider.System)
        .AddBudgetDatabase()
        .AddBudgetIdentityStores()
        .AddBudgetFeatures();
    collection.AddScoped<AuthenticationStateProvider, BenchmarkUser>();
    var built = collection.BuildServiceProvider();
    await built.PrepareDatabaseAsync();
    var dbFile = Path.Combine(dataFolder, "budgetweb.db");
    await using var connection = new SqliteConnection($"Data Source={dbFile}");
    await connection.OpenAsync();
    await using var user = connection.CreateCommand();
    var id = Guid.NewGuid().ToString();
    user.CommandText = "INSERT INTO AspNetUsers (Id, UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed, PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount, RegisteredAt) VALUES ($id, 'bench', 'BENCH', 'bench', 'BENCH', 0, 0, 0, 1, 0, '2026-01-01')";
    user.Parameters.AddWithValue("$id", id);
    await user.ExecuteNonQueryAsync();
    return (built, dbFile, id);
}

if (mode == "circuits")
{
    await CircuitBenchmark.RunAsync(NewDatabaseAsync, numbers.FirstOrDefault(50));
    Cleanup();
    return;
}

if (mode == "import")
{
    await ImportBenchmark.RunAsync(NewDatabaseAsync, numbers.FirstOrDefault(100_000));
    Cleanup();
    return;
}

// Each size seeds its own database; the same scenarios run on each, so the figures sit side by side.
var sizes = numbers.Count > 0 ? numbers : [10_000, 1_000_000];
var results = new List<(string Name, string Bench, int Rows, double Ours, double Naive, double Floor)>();
var month = new DateOnly(2026, 3, 1);
string file = "", userId = "";
int categoryId = 0;
IServiceProvider provider = null!;
foreach (var rows in sizes)
{
    (provider, file, _) = await NewDatabaseAsync("expenses");
    var seed = Stopwatch.StartNew();
    (userId, categoryId) = Seed(file, rows);
    Console.WriteLine($"Seeded {rows:N0} expenses for one user (+{rows / 5:N0} for another) in {seed.Elapsed.TotalSeconds:F1} s");
    await using var scope = provider.CreateAsyncScope();
    BenchmarkUser.Id = userId;
    var expenses = scope.ServiceProvider.GetRequiredService<ExpenseService>();
    var overview = scope.ServiceProvider.GetRequiredService<BudgetOverview>();
    var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<BudgetDbContext>>();

    // naive: the obvious hand-written SQL (COUNT(*) over the rows, ORDER BY ... LIMIT). floor: the best hand-written SQL
    // on this schema (sums of the monthly totals, the index that serves the sort, the page's ids before its rows).
    const string Columns = "SELECT e.Id, e.Date, e.Description, e.AmountCents, e.CategoryId, c.Name, e.Note, e.SplitGroupId, e.Version FROM Expenses e JOIN Categories c ON c.Id = e.CategoryId";
    const string AllCount = "SELECT SUM(ExpenseCount) FROM ExpenseMonthTotals WHERE UserId = $u";
    const string Coffee = "SELECT rowid FROM ExpenseSearch WHERE ExpenseSearch MATCH '\"coffee\"'";
    string ByIds(string order, string inner) => $"{Columns} WHERE e.Id IN ({inner}) ORDER BY {order}";
    void Compare(string name, string bench, Action budgetWeb, string[] naive, string[] floor) =>
        results.Add((name, bench, rows, Timing.Median(budgetWeb), Timing.Median(() => Raw(file, userId, categoryId, naive)), Timing.Median(() => Raw(file, userId, categoryId, floor))));
    ExpensePage Page(ExpenseQuery query) => expenses.PageAsync(query).GetAwaiter().GetResult();

    Compare("list: first page (with total count)", "list_first_page",
        () => Page(new ExpenseQuery(new ExpenseFilter())),
        ["SELECT COUNT(*) FROM Expenses WHERE UserId = $u", $"{Columns} WHERE e.UserId = $u ORDER BY e.Date DESC, e.Id DESC LIMIT 25"],
        [AllCount, $"{Columns} WHERE e.UserId = $u ORDER BY e.Date DESC, e.Id DESC LIMIT 25"]);
    Compare("list: one month", "list_one_month",
        () => Page(new ExpenseQuery(new ExpenseFilter(Month: month))),
        ["SELECT COUNT(*) FROM Expenses WHERE UserId = $u AND Date >= '2026-03-01' AND Date < '2026-04-01'", $"{Columns} WHERE e.UserId = $u AND e.Date >= '2026-03-01' AND e.Date < '2026-04-01' ORDER BY e.Date DESC, e.Id DESC LIMIT 25"],
        [$"{AllCount} AND Month = '2026-03-01'", $"{Columns} WHERE e.UserId = $u AND e.Date >= '2026-03-01' AND e.Date < '2026-04-01' ORDER BY e.Date DESC, e.Id DESC LIMIT 25"]);
    Compare("list: one category, by amount", "list_category_by_amount",
        () => Page(new ExpenseQuery(new ExpenseFilter(CategoryId: categoryId), SortBy: ExpenseSort.Amount)),
        ["SELECT COUNT(*) FROM Expenses WHERE UserId = $u AND CategoryId = $c", $"{Columns} WHERE e.UserId = $u AND e.CategoryId = $c ORDER BY e.AmountCents DESC, e.Id DESC LIMIT 25"],
        [$"{AllCount} AND CategoryId = $c", $"{Columns} WHERE e.UserId = $u AND e.CategoryId = $c ORDER BY e.AmountCents DESC, e.Id DESC LIMIT 25"]);
    Compare("list: text search \"coffee\"", "list_text_search",
        () => Page(new ExpenseQuery(new ExpenseFilter(Text: "coffee"))),
        ["SELECT COUNT(*) FROM Expenses WHERE UserId = $u AND Description LIKE '%coffee%'", $"{Columns} WHERE e.UserId = $u AND e.Description LIKE '%coffee%' ORDER BY e.Date DESC, e.Id DESC LIMIT 25"],
        [$"SELECT COUNT(*) FROM Expenses WHERE UserId = $u AND Id IN ({Coffee})", $"{Columns} WHERE e.UserId = $u AND e.Id IN ({Coffee}) ORDER BY e.Date DESC, e.Id DESC LIMIT 25"]);
    var deep = Math.Min(2_000, rows / 25 / 2);
    Compare("list: a deep page (page 2,000; mid-list if fewer rows)", "list_deep_page",
        () => Page(new ExpenseQuery(new ExpenseFilter(), Page: deep)),
        ["SELECT COUNT(*) FROM Expenses WHERE UserId = $u", $"{Columns} WHERE e.UserId = $u ORDER BY e.Date DESC, e.Id DESC LIMIT 25 OFFSET {deep * 25}"],
        [AllCount, ByIds("e.Date DESC, e.Id DESC", $"SELECT Id FROM Expenses WHERE UserId = $u ORDER BY Date DESC, Id DESC LIMIT 25 OFFSET {deep * 25}")]);
    Compare("list: sorted by amount", "list_sort_amount",
        () => Page(new ExpenseQuery(new ExpenseFilter(), SortBy: ExpenseSort.Amount)),
        ["SELECT COUNT(*) FROM Expenses WHERE UserId = $u", $"{Columns} WHERE e.UserId = $u ORDER BY e.AmountCents DESC, e.Id DESC LIMIT 25"],
        [AllCount, $"{Columns} WHERE e.UserId = $u ORDER BY e.AmountCents DESC, e.Id DESC LIMIT 25"]);
    Compare("list: sorted by description", "list_sort_description",
        () => Page(new ExpenseQuery(new ExpenseFilter(), SortBy: ExpenseSort.Description, Descending: false)),
        ["SELECT COUNT(*) FROM Expenses WHERE UserId = $u", $"{Columns} WHERE e.UserId = $u ORDER BY e.Description, e.Id LIMIT 25"],
        [AllCount, $"{Columns} WHERE e.UserId = $u ORDER BY e.Description, e.Id LIMIT 25"]);
    Compare("list: sorted by category", "list_sort_category",
        () => Page(new ExpenseQuery(new ExpenseFilter(), SortBy: ExpenseSort.Category, Descending: false)),
        ["SELECT COUNT(*) FROM Expenses WHERE UserId = $u", $"{Columns} WHERE e.UserId = $u ORDER BY c.Name, e.Date, e.Id LIMIT 25"],
        [AllCount, $"{Columns} WHERE e.UserId = $u ORDER BY c.Name, e.Date, e.Id LIMIT 25"]);
    // A month's Summary and Categories page with carry-over: what was carried in depends on every month before, so the
    // least the database must do is total each category's months up to this one.
    Compare("summary: a month by category, carry-over", "summary_month",
        () => overview.MonthAsync(month).GetAwaiter().GetResult(),
        ["SELECT Id, Name FROM Categories ORDER BY Name",
         "SELECT CategoryId, substr(Month, 1, 7), SUM(AmountCents) FROM BudgetAllocations WHERE UserId = $u AND Month < '2026-04-01' GROUP BY 1, 2",
         "SELECT CategoryId, substr(Date, 1, 7), SUM(AmountCents) FROM Expenses WHERE UserId = $u AND Date < '2026-04-01' GROUP BY 1, 2"],
        ["SELECT Id, Name FROM Categories ORDER BY Name",
         "SELECT CategoryId, Month, AmountCents FROM BudgetAllocations WHERE UserId = $u AND Month < '2026-04-01'",
         "SELECT CategoryId, Month, AmountCents FROM ExpenseMonthTotals WHERE UserId = $u AND Month < '2026-04-01'"]);
    Compare("transfer check: one category, later months", "transfer_check",
        () => CheckLaterMonths(factory, new DateOnly(2025, 3, 1)),
        ["SELECT substr(Month, 1, 7), SUM(AmountCents) FROM BudgetAllocations WHERE UserId = $u AND CategoryId = $c GROUP BY 1",
         "SELECT substr(Date, 1, 7), SUM(AmountCents) FROM Expenses WHERE UserId = $u AND CategoryId = $c GROUP BY 1"],
        ["SELECT Month, AmountCents FROM BudgetAllocations WHERE UserId = $u AND CategoryId = $c",
         "SELECT Month, AmountCents FROM ExpenseMonthTotals WHERE UserId = $u AND CategoryId = $c"]);
    Compare("summary: 12-month trend", "summary_trend",
        () => overview.TrendAsync(month).GetAwaiter().GetResult(),
        ["SELECT strftime('%Y', Date), strftime('%m', Date), SUM(AmountCents) FROM Expenses WHERE UserId = $u AND Date >= '2025-04-01' AND Date < '2026-04-01' GROUP BY 1, 2"],
        ["SELECT Month, SUM(AmountCents) FROM ExpenseMonthTotals WHERE UserId = $u AND Month >= '2025-04-01' AND Month < '2026-04-01' GROUP BY Month"]);

    if (rows == sizes[^1])
    {
        var (service, raw) = await TransferBenchmark.RunAsync(scope.ServiceProvider, file, userId);
        results.Add(("transfer: service vs raw ADO.NET", "transfer", rows, service, double.NaN, raw));
    }
}

Console.WriteLine();
Console.WriteLine("Milliseconds, median of 15. naive = obvious hand-written SQL; floor = best hand-written SQL on this schema; x = BudgetWeb / that.");
var header = string.Join(" | ", sizes.Select(n => $"{n:N0}: BudgetWeb | naive | floor | x naive | x floor"));
Console.WriteLine($"| scenario | {header} |");
Console.WriteLine($"|---|{string.Concat(Enumerable.Repeat("---:|", sizes.Count * 5))}");
foreach (var name in results.Select(r => r.Name).Distinct())
{
    var cells = sizes.Select(n => results.FirstOrDefault(r => r.Name == name && r.Rows == n) is { Name: not null } r
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

Cleanup();

static string Ms(double ms) => double.IsNaN(ms) ? "" : ms.ToString("F2");

static string Ratio(double ours, double baseline) => double.IsNaN(baseline) ? "" : $"{ours / baseline:F2}";

// What a transfer reads before it changes anything: the source category's months from the transfer's month on.
void CheckLaterMonths(IDbContextFactory<BudgetDbContext> factory, DateOnly from)
{
    using var db = factory.CreateDbContext();
    ShortfallGuard.WatchAsync(db, userId, categoryId, "Category 0", from, default).GetAwaiter().GetResult();
}

void Cleanup()
{
    SqliteConnection.ClearAllPools();
    folders.ForEach(f => Directory.Delete(f, recursive: true));
}

// The same answers written by hand: each statement run and read to the end on one connection.
static void Raw(string file, string userId, int categoryId, string[] statements)
{
    using var connection = new SqliteConnection($"Data Source={file}");
    connection.Open();
    foreach (var sql in statements)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$u", userId);
        command.Parameters.AddWithValue("$c", categoryId);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
        }
    }
}

static (string UserId, int CategoryId) Seed(string file, int rows)
{
    using var connection = new SqliteConnection($"Data Source={file}");
    connection.Open();
    using var transaction = connection.BeginTransaction();
    string NewUser(string email)
    {
        var id = Guid.NewGuid().ToString();
        using var user = connection.CreateCommand();
        user.CommandText = "INSERT INTO AspNetUsers (Id, UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed, PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount, RegisteredAt) VALUES ($id, $e, upper($e), $e, upper($e), 0, 0, 0, 1, 0, '2026-01-01')";
        user.Parameters.AddWithValue("$id", id);
        user.Parameters.AddWithValue("$e", email);
        user.ExecuteNonQuery();
        return id;
    }

    var main = NewUser("bench@example.com");
    var other = NewUser("other@example.com");
    var categories = new List<int>();
    for (var c = 0; c < 20; c++)
    {
        using var category = connection.CreateCommand();
        category.CommandText = "INSERT INTO Categories (Name, NormalizedName, CreatedAt, Version) VALUES ($n, upper($n), '2026-01-01', $v) RETURNING Id";
        category.Parameters.AddWithValue("$n", $"Category {c}");
        category.Parameters.AddWithValue("$v", Guid.NewGuid());
        categories.Add(Convert.ToInt32(category.ExecuteScalar()));
    }

    string[] words = ["coffee", "groceries", "rent", "cinema", "train", "books", "pharmacy", "bakery", "fuel", "gift"];
    using var insert = connection.CreateCommand();
    insert.CommandText = "INSERT INTO Expenses (UserId, Date, Description, AmountCents, CategoryId, CreatedAt, Version) VALUES ($u, $d, $s, $a, $c, '2026-01-01', $v)";
    var u = insert.Parameters.Add("$u", SqliteType.Text);
    var d = insert.Parameters.Add("$d", SqliteType.Text);
    var s = insert.Parameters.Add("$s", SqliteType.Text);
    var a = insert.Parameters.Add("$a", SqliteType.Integer);
    var cat = insert.Parameters.Add("$c", SqliteType.Integer);
    var v = insert.Parameters.Add("$v", SqliteType.Text);
    var random = new Random(42);
    var start = new DateOnly(2021, 4, 1);
    for (var i = 0; i < rows + rows / 5; i++)
    {
        u.Value = i < rows ? main : other;
        d.Value = start.AddDays(random.Next(0, 5 * 365)).ToString("yyyy-MM-dd");
        s.Value = $"{words[random.Next(words.Length)]} {i}";
        a.Value = random.Next(1, 50_000);
        cat.Value = categories[random.Next(categories.Count)];
        v.Value = Guid.NewGuid().ToString().ToUpperInvariant();
        insert.ExecuteNonQuery();
    }

    // A budget for every category in every month of the five years, so that carry-over has allocations to add up.
    using var budget = connection.CreateCommand();
    budget.CommandText = "INSERT INTO BudgetAllocations (UserId, CategoryId, Month, AmountCents, Version) VALUES ($u, $c, $m, $a, $v)";
    foreach (var c in categories)
    {
        for (var m = start; m < start.AddYears(5); m = m.AddMonths(1))
        {
            budget.Parameters.Clear();
            budget.Parameters.AddWithValue("$u", main);
            budget.Parameters.AddWithValue("$c", c);
            budget.Parameters.AddWithValue("$m", m.ToString("yyyy-MM-dd"));
            budget.Parameters.AddWithValue("$a", random.Next(0, 1_500_000));
            budget.Parameters.AddWithValue("$v", Guid.NewGuid().ToString().ToUpperInvariant());
            budget.ExecuteNonQuery();
        }
    }

    transaction.Commit();
    using var analyze = connection.CreateCommand();
    analyze.CommandText = "ANALYZE";
    analyze.ExecuteNonQuery();
    return (main, categories[0]);
}

internal sealed class BenchmarkUser : AuthenticationStateProvider
{
    public static string Id { get; set; } = "";

    public override Task<AuthenticationState> GetAuthenticationStateAsync() =>
        Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, Id)], "Benchmark"))));
}
