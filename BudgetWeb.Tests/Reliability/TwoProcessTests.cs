using System.Net;
using System.Text.RegularExpressions;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Budgets;
using BudgetWeb.Features.Integrity;
using BudgetWeb.Tests.Infrastructure;
using BudgetWeb.Workload;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace BudgetWeb.Tests.Reliability;

/// <summary>
/// Two instances of the built app (real Kestrel, separate processes) on one database, as behind a load balancer;
/// and eight writers in two more processes racing on it. On SQLite the instances share a data folder on one machine;
/// on PostgreSQL they share a database on the server, as the README's compose.yaml deploys them.
/// </summary>
public abstract partial class TwoProcessTests(DatabaseProvider provider, ITestOutputHelper output) : IAsyncLifetime
{
    private const long StartingCents = 100_00;
    private readonly string _folder = TestDatabase.NewFolder();
    private string? _postgresDatabase;

    /// <summary>The configuration every process gets, in the app's command-line form: which database they share.</summary>
    private string[] _settings = [];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder); // the workers' result files live here, whichever database they share
        if (provider == DatabaseProvider.PostgreSql)
        {
            _postgresDatabase = await TestPostgres.CreateDatabaseAsync();
            _settings = TestPostgres.AppSettings(_postgresDatabase);
        }

        // The household exists before anyone races: its users, shared categories and a starting budget in each.
        await using var app = await WorkloadServices.OpenAsync(_folder, migrate: provider == DatabaseProvider.Sqlite, _settings);
        var household = await Household.EnsureAsync(app, RaceWorkload.Emails, RaceWorkload.Categories);
        foreach (var user in household.Users)
        {
            await using var scope = app.As(user);
            foreach (var category in household.Categories.Values)
            {
                var result = await scope.ServiceProvider.GetRequiredService<BudgetService>()
                    .SetAsync(new BudgetInput { CategoryId = category, Month = RaceWorkload.Month, Amount = StartingCents / 100m }, Guid.NewGuid());
                Assert.True(result.Succeeded, result.Message);
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_postgresDatabase is not null)
        {
            await TestPostgres.DropDatabaseAsync(_postgresDatabase);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    [Fact]
    public async Task A_cookie_from_one_instance_is_accepted_by_the_other_and_racing_writers_lose_nothing()
    {
        await using var a = await AppProcess.StartAsync(_folder, _settings);
        await using var b = await AppProcess.StartAsync(_folder, _settings);

        // Log in through A; B, which never saw this user, accepts the cookie (Data Protection keys are in the database).
        await RegisterAsync(a, "erin@example.com");
        var cookie = await LogInAsync(a, "erin@example.com");
        using (var browserB = Client(cookie))
        {
            var manage = await browserB.GetAsync(b.BaseUrl + "/Account/Manage");
            Assert.Equal(HttpStatusCode.OK, manage.StatusCode);
            Assert.Contains("erin@example.com", await manage.Content.ReadAsStringAsync());
        }

        using (var stranger = Client(cookie: null))
        {
            var refused = await stranger.GetAsync(b.BaseUrl + "/Account/Manage");
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Contains("/Account/Login", refused.Headers.Location!.ToString());
        }

        // Writers in two worker processes race on the shared categories, while people register through A and B: eight
        // on SQLite (one writer at a time, queued), sixteen on PostgreSQL (concurrent, serializable, retried).
        var writersPerProcess = provider == DatabaseProvider.PostgreSql ? 8 : 4;
        const int steps = 25;
        var results = new[] { Path.Combine(_folder, "race-1.txt"), Path.Combine(_folder, "race-2.txt") };
        await using var first = ChildProcess.Start("BudgetWeb.Workload", ["race", _folder, "1", $"{writersPerProcess}", $"{steps}", results[0], .. _settings]);
        await using var second = ChildProcess.Start("BudgetWeb.Workload", ["race", _folder, "2", $"{writersPerProcess}", $"{steps}", results[1], .. _settings]);
        var registrations = Enumerable.Range(0, 6).Select(i => RegisterAsync(i % 2 == 0 ? a : b, $"racer{i}@example.com"));
        await Task.WhenAll(registrations);
        foreach (var worker in new[] { first, second })
        {
            var exitCode = await worker.WaitForExitAsync(ChildProcess.Patience);
            Assert.True(exitCode == 0, $"A race worker stopped with exit code {exitCode}:\n{worker.Output}");
        }

        var lines = results.SelectMany(File.ReadAllLines).ToList();
        output.WriteLine($"{lines.Count} outcomes: {string.Join(", ", lines.GroupBy(l => string.Join(' ', l.Split(' ').Take(2)) + " " + l.Split(' ')[3]).Select(g => $"{g.Key} x{g.Count()}"))}");
        Assert.Equal(2 * writersPerProcess * steps, lines.Count);
        Assert.DoesNotContain(lines, l => l.Contains("busy", StringComparison.OrdinalIgnoreCase));
        // The only refusal a racing writer may meet is an honest one: the money was moved away by another.
        Assert.All(lines.Where(l => l.StartsWith("refused")), l => Assert.Contains(" InsufficientFunds: ", l));

        await using var app = await WorkloadServices.OpenAsync(_folder, migrate: false, _settings);
        var report = await app.Services.GetRequiredService<IntegrityCheck>().RunAsync();
        Assert.True(report.AllPassed, string.Join("\n", report.Checks));
        await using var db = await app.Factory.CreateDbContextAsync();
        var totals = await db.BudgetAllocations.Where(x => x.Month == RaceWorkload.Month).GroupBy(x => x.UserId).Select(g => g.Sum(x => x.AmountCents)).ToListAsync();
        Assert.Equal([StartingCents * 3, StartingCents * 3], totals); // transfers only move money: every user still has all of it
        var okKeys = lines.Where(l => l.StartsWith("ok")).Select(l => Guid.Parse(l.Split(' ')[2])).ToList();
        Assert.Equal(okKeys.Count, await db.Operations.CountAsync(o => okKeys.Contains(o.Key)));
        Assert.Equal(lines.Count(l => l.StartsWith("ok transfer")), await db.Transfers.CountAsync());
        Assert.Equal(lines.Count(l => l.StartsWith("ok import")), await db.ImportBatches.CountAsync());
        Assert.Equal(7, await db.Users.CountAsync(u => u.Email!.StartsWith("racer") || u.Email == "erin@example.com"));
        Assert.Equal(6, await db.Operations.CountAsync(o => o.Kind == OperationKind.AccountRegistered && db.Users.Any(u => u.Id == o.UserId && u.Email!.StartsWith("racer"))));
    }

    private static HttpClient Client(string? cookie)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = ChildProcess.Patience };
        if (cookie is not null)
        {
            client.DefaultRequestHeaders.Add("Cookie", cookie);
        }

        return client;
    }

    /// <summary>Fills in and posts one of the Identity pages' forms over plain HTTP, as a browser without JavaScript would.</summary>
    private static async Task<HttpResponseMessage> PostFormAsync(AppProcess app, string path, Dictionary<string, string> fields)
    {
        using var client = Client(cookie: null);
        var page = await client.GetAsync(app.BaseUrl + path);
        var html = await page.Content.ReadAsStringAsync();
        var form = new Dictionary<string, string>();
        foreach (Match input in HiddenInput().Matches(html))
        {
            form[WebUtility.HtmlDecode(input.Groups["name"].Value)] = WebUtility.HtmlDecode(input.Groups["value"].Value);
        }

        foreach (var (name, value) in fields)
        {
            form[name] = value;
        }

        var request = new HttpRequestMessage(HttpMethod.Post, app.BaseUrl + path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("Cookie", string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));
        return await client.SendAsync(request);
    }

    private static async Task RegisterAsync(AppProcess app, string email)
    {
        var response = await PostFormAsync(app, "/Account/Register", new()
        {
            ["Input.Email"] = email,
            ["Input.Password"] = Household.Password,
            ["Input.ConfirmPassword"] = Household.Password,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Registering {email} through {app.BaseUrl} answered {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Logs in through <paramref name="app"/> and returns the authentication cookie as a Cookie header.</summary>
    private static async Task<string> LogInAsync(AppProcess app, string email)
    {
        var response = await PostFormAsync(app, "/Account/Login", new() { ["Input.Email"] = email, ["Input.Password"] = Household.Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Where(c => c.StartsWith(".AspNetCore.Identity.Application")));
    }

    [GeneratedRegex("""<input[^>]*type="hidden"[^>]*name="(?<name>[^"]+)"[^>]*value="(?<value>[^"]*)"[^>]*>""")]
    private static partial Regex HiddenInput();
}

public sealed class TwoProcessTestsOnSqlite(ITestOutputHelper output) : TwoProcessTests(DatabaseProvider.Sqlite, output);

public sealed class TwoProcessTestsOnPostgreSql(ITestOutputHelper output) : TwoProcessTests(DatabaseProvider.PostgreSql, output);
