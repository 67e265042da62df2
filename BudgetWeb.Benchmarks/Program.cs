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

// Expense list and summary with a million expenses on SQLite. Each scenario is timed through BudgetWeb's services
// and, in the same run, as the same answer written by hand in SQL (the baseline); the ratio says what BudgetWeb adds
// on top of what the database itself must do. Times are medians of repeated runs.
// Usage: dotnet run -c Release --project BudgetWeb.Benchmarks [-- expenses [rows] | import [rows]]
var mode = args.FirstOrDefault() is "import" or "expenses" ? args[0] : "expenses";
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

if (mode == "import")
{
    await ImportBenchmark.RunAsync(NewDatabaseAsync, numbers.FirstOrDefault(100_000));
    Cleanup();
    return;
}

var rows = numbers.FirstOrDefault(1_000_000);
var (provider, file, _) = await NewDatabaseAsync("expenses");
var seed = Stopwatch.StartNew();
var (userId, categoryId) = Seed(file, rows);
Console.WriteLine($"Seeded {rows:N0} expenses for one user (+{rows / 5:N0} for another) in {seed.Elapsed.TotalSeconds:F1} s");

await using var scope = provider.CreateAsyncScope();
BenchmarkUser.Id = userId;
var expenses = scope.ServiceProvider.GetRequiredService<ExpenseService>();
var overview = scope.ServiceProvider.GetRequiredService<BudgetOverview>();
var month = new DateOnly(2026, 3, 1);

const string Columns = "SELECT e.Id, e.Date, e.Description, e.AmountCents, e.CategoryId, c.Name, e.Note, e.SplitGroupId, e.Version FROM Expenses e JOIN Categories c ON c.Id = e.CategoryId";
Console.WriteLine($"{"",-40} {"BudgetWeb",10} {"hand SQL",10} {"ratio",7}");
Compare("list: first page (with total count)",
    () => expenses.PageAsync(new ExpenseQuery(new ExpenseFilter())).GetAwaiter().GetResult(),
    "SELECT COUNT(*) FROM Expenses WHERE UserId = $u",
    $"{Columns} WHERE e.UserId = $u ORDER BY e.Date DESC, e.Id DESC LIMIT 25");
Compare("list: one month",
    () => expenses.PageAsync(new ExpenseQuery(new ExpenseFilter(Month: month))).GetAwaiter().GetResult(),
    "SELECT COUNT(*) FROM Expenses WHERE UserId = $u AND Date >= '2026-03-01' AND Date < '2026-04-01'",
    $"{Columns} WHERE e.UserId = $u AND e.Date >= '2026-03-01' AND e.Date < '2026-04-01' ORDER BY e.Date DESC, e.Id DESC LIMIT 25");
Compare("list: one category, by amount",
    () => expenses.PageAsync(new ExpenseQuery(new ExpenseFilter(CategoryId: categoryId), SortBy: ExpenseSort.Amount)).GetAwaiter().GetResult(),
    "SELECT COUNT(*) FROM Expenses WHERE UserId = $u AND CategoryId = $c",
    $"{Columns} WHERE e.UserId = $u AND e.CategoryId = $c ORDER BY e.AmountCents DESC, e.Id DESC LIMIT 25");
Compare("list: text search",
    () => expenses.PageAsync(new ExpenseQuery(new ExpenseFilter(Text: "coffee"))).GetAwaiter().GetResult(),
    "SELECT COUNT(*) FROM Expenses WHERE UserId = $u AND Description LIKE '%coffee%'",
    $"{Columns} WHERE e.UserId = $u AND e.Description LIKE '%coffee%' ORDER BY e.Date DESC, e.Id DESC LIMIT 25");
Compare("list: page 2,000 (offset 50,000)",
    () => expenses.PageAsync(new ExpenseQuery(new ExpenseFilter(), Page: 2_000)).GetAwaiter().GetResult(),
    "SELECT COUNT(*) FROM Expenses WHERE UserId = $u",
    $"{Columns} WHERE e.UserId = $u ORDER BY e.Date DESC, e.Id DESC LIMIT 25 OFFSET 50000");
// A month's Categories page (and Summary) with carry-over: what was carried in depends on every month before, so the
// least the database must do is total each category's months up to this one; the baseline does only that.
Compare("categories: a month, with carry-over",
    () => overview.MonthAsync(month).GetAwaiter().GetResult(),
    "SELECT Id, Name FROM Categories ORDER BY Name",
    "SELECT CategoryId, substr(Month, 1, 7), SUM(AmountCents) FROM BudgetAllocations WHERE UserId = $u AND Month < '2026-04-01' GROUP BY 1, 2",
    "SELECT CategoryId, substr(Date, 1, 7), SUM(AmountCents) FROM Expenses WHERE UserId = $u AND Date < '2026-04-01' GROUP BY 1, 2");
Compare("transfer check: one category, later months",
    () => CheckLaterMonths(new DateOnly(2025, 3, 1)),
    "SELECT substr(Month, 1, 7), SUM(AmountCents) FROM BudgetAllocations WHERE UserId = $u AND CategoryId = $c GROUP BY 1",
    "SELECT substr(Date, 1, 7), SUM(AmountCents) FROM Expenses WHERE UserId = $u AND CategoryId = $c GROUP BY 1");
Compare("summary: 12-month trend",
    () => overview.TrendAsync(month).GetAwaiter().GetResult(),
    "SELECT strftime('%Y', Date), strftime('%m', Date), SUM(AmountCents) FROM Expenses WHERE UserId = $u AND Date >= '2025-04-01' AND Date < '2026-04-01' GROUP BY 1, 2");

Cleanup();

// What a transfer reads before it changes anything: the source category's months from the transfer's month on.
void CheckLaterMonths(DateOnly from)
{
    using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<BudgetDbContext>>().CreateDbContext();
    ShortfallGuard.WatchAsync(db, userId, categoryId, "Category 0", from, default).GetAwaiter().GetResult();
}

void Cleanup()
{
    SqliteConnection.ClearAllPools();
    folders.ForEach(f => Directory.Delete(f, recursive: true));
}

void Compare(string name, Action budgetWeb, params string[] handWritten)
{
    var ours = Median(budgetWeb);
    var baseline = Median(() => Raw(file, userId, categoryId, handWritten));
    Console.WriteLine($"{name,-40} {ours,8:F2}ms {baseline,8:F2}ms {ours / baseline,6:F2}x");
}

static double Median(Action action, int runs = 15)
{
    action(); // warm up
    var times = new List<double>();
    for (var i = 0; i < runs; i++)
    {
        var watch = Stopwatch.StartNew();
        action();
        times.Add(watch.Elapsed.TotalMilliseconds);
    }

    times.Sort();
    return times[runs / 2];
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
