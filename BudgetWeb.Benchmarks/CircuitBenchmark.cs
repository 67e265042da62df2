using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Net;
using System.Net.Sockets;
using BudgetWeb.Data;
using BudgetWeb.Features.Budgets;
using BudgetWeb.Features.Categories;
using BudgetWeb.Features.Expenses;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

/// <summary>
/// What an open Summary page costs the server: the real app (the Release build of BudgetWeb, in Development so it serves
/// its static web assets from the build output) runs as a child process on a seeded SQLite file; headless Chromium logs
/// in once and opens the Summary in N tabs of one browser context, each waiting for its circuit, all kept open. The
/// server's working set (VmRSS) is read after the first tab and after all N; the baseline, in the same run and server,
/// is N tabs of the login page, a static page without a circuit. After each reading a full GC is induced in the server
/// through the diagnostics port, and the live managed objects it leaves (the runtime's GCHeapStats event) are read too: that
/// figure is what the circuits keep alive, without the GC's spare room and the JIT's code that the working set includes.
/// </summary>
internal static class CircuitBenchmark
{
    private const string Email = "bench@example.com";
    private const string Password = "Correct-horse-9";
    private const int WarmUpTabs = 20;
    private const int PageTimeoutMs = 90_000; // a wait for a condition, not a delay: the shared 2-core machine is busy

    private sealed record Reading(long WorkingSetKb, long WorkingSetAfterGcKb, long? LiveManagedKb);

    public static async Task RunAsync(Func<string, Task<BenchDatabase>> newDatabase, int tabs)
    {
        if (tabs < 2)
        {
            throw new ArgumentException("The circuits mode needs at least 2 tabs.");
        }

        var database = await newDatabase("circuits");
        if (database.Provider is not SqliteBench)
        {
            throw new NotSupportedException("The circuits mode runs the app on its default SQLite database only.");
        }

        var (services, userId) = (database.Services, database.UserId);
        var file = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        await SeedAsync(services, userId);
        SqliteConnection.ClearAllPools();

        using var server = await ServerProcess.StartAsync(Path.GetDirectoryName(file)!);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(LaunchOptions());
        SetDefaultExpectTimeout(PageTimeoutMs);
        Console.WriteLine($"Server pid {server.Pid} on {server.BaseUrl}; {tabs} tabs; load average {LoadAverage()}");

        var anonymous = await NewContextAsync(browser, server.BaseUrl);
        var signedIn = await NewContextAsync(browser, server.BaseUrl);
        var loginPage = await signedIn.NewPageAsync();
        await OpenLoginAsync(loginPage);
        await loginPage.GetByLabel("Email").FillAsync(Email);
        await loginPage.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await loginPage.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
        await Expect(loginPage.GetByRole(AriaRole.Heading, new() { Name = "Summary", Exact = true })).ToBeVisibleAsync();
        // The login tab stays open on its Summary: one more live circuit, the same in every reading.
        await WarmUpAsync(anonymous, signedIn, server, WarmUpTabs);

        // Baseline: the login page is static server rendering; its tabs hold no circuit once loaded.
        var (staticFirst, staticAll) = await OpenTabsAsync(anonymous, server, tabs, "login page", OpenLoginAsync, expectedSockets: 0);
        await anonymous.CloseAsync();

        var (summaryFirst, summaryAll) = await OpenTabsAsync(signedIn, server, tabs, "Summary page", OpenSummaryAsync, expectedSockets: 1);
        Console.WriteLine($"Load average at the end: {LoadAverage()}");

        Report(tabs, staticFirst, staticAll, summaryFirst, summaryAll);
    }

    /// <summary>
    /// A server that has run for a while has compiled the code these pages run, and recompiled the hot part (tiered
    /// JIT). Without this, each of the first few dozen tabs grew the working set by about 1 MB, a static page's as much
    /// as a Summary's. The warm-up tabs are closed after leaving their page, which ends their circuits (Blazor's
    /// disconnect beacon), so the heap read after it is back to where it was before.
    /// </summary>
    private static async Task WarmUpAsync(IBrowserContext anonymous, IBrowserContext signedIn, ServerProcess server, int tabs)
    {
        var before = await server.ReadAsync();
        var pages = new List<IPage>();
        for (var i = 0; i < tabs; i++)
        {
            pages.Add(await anonymous.NewPageAsync());
            await OpenLoginAsync(pages[^1]);
            pages.Add(await signedIn.NewPageAsync());
            await OpenSummaryAsync(pages[^1]);
        }

        var open = await server.ReadAsync();
        foreach (var page in pages)
        {
            await page.GotoAsync("about:blank");
            await page.CloseAsync();
        }

        var after = await server.ReadAsync();
        Console.WriteLine($"Warm-up, {tabs} login and {tabs} Summary tabs: live managed objects {before.LiveManagedKb:N0} KB before, {open.LiveManagedKb:N0} KB open, {after.LiveManagedKb:N0} KB closed; working set {before.WorkingSetKb:N0}, {open.WorkingSetKb:N0}, {after.WorkingSetKb:N0} KB");
    }

    /// <summary>Opens the first tab, reads; opens the other tabs one after another, reads. Every tab stays open until the second reading.</summary>
    private static async Task<(Reading First, Reading All)> OpenTabsAsync(IBrowserContext context, ServerProcess server, int tabs, string what,
        Func<IPage, Task> open, int expectedSockets)
    {
        var sockets = 0;
        async Task OpenOneAsync()
        {
            var page = await context.NewPageAsync();
            page.WebSocket += (_, _) => Interlocked.Increment(ref sockets);
            await open(page);
        }

        await OpenOneAsync();
        var first = await server.ReadAsync();
        server.DumpIfAsked($"{what}-1");
        var watch = Stopwatch.StartNew();
        for (var i = 1; i < tabs; i++)
        {
            await OpenOneAsync();
        }

        var all = await server.ReadAsync();
        server.DumpIfAsked($"{what}-{tabs}");
        Console.WriteLine($"{what}: {tabs} tabs opened in {watch.Elapsed.TotalSeconds:F0} s, {sockets} WebSocket(s) (circuits) opened");
        if (sockets != expectedSockets * tabs)
        {
            throw new InvalidOperationException($"Expected {expectedSockets * tabs} WebSocket(s) for {tabs} tabs of the {what}, saw {sockets}.");
        }

        Console.WriteLine($"  after 1 tab:   {Describe(first)}");
        Console.WriteLine($"  after {tabs} tabs: {Describe(all)}");
        return (first, all);
    }

    private static async Task OpenLoginAsync(IPage page)
    {
        await page.GotoAsync("/Account/Login");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Log in", Exact = true })).ToBeVisibleAsync();
    }

    /// <summary>The Summary with its circuit live: the user menu is disabled until the circuit connects; the figures and charts are rendered.</summary>
    private static async Task OpenSummaryAsync(IPage page)
    {
        await page.GotoAsync("/");
        await Expect(page.Locator("[data-testid=user-menu] button")).ToBeEnabledAsync();
        await Expect(page.GetByTestId("summary-table")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("total-spent")).Not.ToHaveTextAsync("$0.00");
        await Expect(page.GetByTestId("trend-chart")).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined");
    }

    private static void Report(int tabs, Reading staticFirst, Reading staticAll, Reading summaryFirst, Reading summaryAll)
    {
        double PerTab(long first, long all) => (all - first) / (double)(tabs - 1);
        var rows = new List<(string Name, string Bench, double Summary, double Static)>
        {
            ("working set (VmRSS)", "working_set", PerTab(summaryFirst.WorkingSetKb, summaryAll.WorkingSetKb), PerTab(staticFirst.WorkingSetKb, staticAll.WorkingSetKb)),
            ("working set after a full GC", "working_set_after_gc", PerTab(summaryFirst.WorkingSetAfterGcKb, summaryAll.WorkingSetAfterGcKb), PerTab(staticFirst.WorkingSetAfterGcKb, staticAll.WorkingSetAfterGcKb)),
        };
        if (summaryFirst.LiveManagedKb is { } h1 && summaryAll.LiveManagedKb is { } hn && staticFirst.LiveManagedKb is { } s1 && staticAll.LiveManagedKb is { } sn)
        {
            rows.Add(("live managed objects (full GC)", "managed_live", PerTab(h1, hn), PerTab(s1, sn)));
        }

        Console.WriteLine();
        Console.WriteLine($"KB per tab beyond the first ((after {tabs} - after 1) / {tabs - 1}); goal for the Summary: <= 500 KB");
        Console.WriteLine($"{"figure",-30} {"Summary",10} {"login page",11} {"difference",11}");
        foreach (var row in rows)
        {
            Console.WriteLine($"{row.Name,-30} {row.Summary,10:F0} {row.Static,11:F0} {row.Summary - row.Static,11:F0}");
        }

        Console.WriteLine();
        Console.WriteLine(FormattableString.Invariant($"BENCH circuit_summary_working_set_after_1 {summaryFirst.WorkingSetKb} KB"));
        Console.WriteLine(FormattableString.Invariant($"BENCH circuit_summary_working_set_after_{tabs} {summaryAll.WorkingSetKb} KB"));
        Console.WriteLine(FormattableString.Invariant($"BENCH circuit_static_working_set_after_1 {staticFirst.WorkingSetKb} KB"));
        Console.WriteLine(FormattableString.Invariant($"BENCH circuit_static_working_set_after_{tabs} {staticAll.WorkingSetKb} KB"));
        foreach (var row in rows)
        {
            Console.WriteLine(FormattableString.Invariant($"BENCH circuit_memory_per_summary_page_{row.Bench} {row.Summary:F0} KB"));
            Console.WriteLine(FormattableString.Invariant($"BENCH circuit_memory_per_static_page_{row.Bench} {row.Static:F0} KB"));
            Console.WriteLine(FormattableString.Invariant($"BENCH circuit_memory_per_circuit_beyond_static_{row.Bench} {row.Summary - row.Static:F0} KB"));
        }
    }

    private static string Describe(Reading reading) =>
        $"working set {reading.WorkingSetKb:N0} KB; after a full GC {reading.WorkingSetAfterGcKb:N0} KB, live managed objects {(reading.LiveManagedKb is { } heap ? $"{heap:N0} KB" : "not read")}";

    private static async Task<IBrowserContext> NewContextAsync(IBrowser browser, string baseUrl)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl });
        context.SetDefaultTimeout(PageTimeoutMs);
        return context;
    }

    /// <summary>
    /// A copy of BudgetWeb.Tests' BrowserFixture launch: Debian's Chromium (or BUDGETWEB_CHROMIUM), never Playwright's own
    /// download, with the same arguments. Copied rather than linked: the fixture is an xUnit collection fixture.
    /// </summary>
    private static BrowserTypeLaunchOptions LaunchOptions() => new()
    {
        ExecutablePath = Environment.GetEnvironmentVariable("BUDGETWEB_CHROMIUM") is { Length: > 0 } configured
            ? configured
            : new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
              ?? throw new InvalidOperationException("Chromium is not installed (BudgetWeb.Tests/run.sh installs it), or set BUDGETWEB_CHROMIUM."),
        Headless = true,
        Args =
        [
            "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
        ],
    };

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>
    /// Something on every Summary row and chart: 8 categories with a budget in each of the last 12 months and 5 expenses
    /// a month each, written through the app's own services as the user, who then gets a password to log in with.
    /// </summary>
    private static async Task SeedAsync(IServiceProvider services, string userId)
    {
        await using var scope = services.CreateAsyncScope();
        BenchmarkUser.Id = userId;
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByIdAsync(userId) ?? throw new InvalidOperationException("The benchmark user is missing.");
        Check(await users.SetUserNameAsync(user, Email));
        Check(await users.SetEmailAsync(user, Email));
        Check(await users.AddPasswordAsync(user, Password));

        var categories = scope.ServiceProvider.GetRequiredService<CategoryService>();
        var budgets = scope.ServiceProvider.GetRequiredService<BudgetService>();
        var expenses = scope.ServiceProvider.GetRequiredService<ExpenseService>();
        string[] names = ["Groceries", "Rent", "Transport", "Dining out", "Utilities", "Fun", "Health", "Gifts"];
        foreach (var name in names)
        {
            Check(await categories.CreateAsync(new CategoryInput { Name = name }, Guid.NewGuid()));
        }

        var today = DateOnly.FromDateTime(DateTime.Today);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var random = new Random(13);
        foreach (var category in await categories.ListAsync())
        {
            for (var back = 0; back < 12; back++)
            {
                var month = thisMonth.AddMonths(-back);
                Check(await budgets.SetAsync(new BudgetInput { CategoryId = category.Id, Month = month, Amount = random.Next(100, 800) }, Guid.NewGuid()));
                for (var i = 0; i < 5; i++)
                {
                    var day = month.AddDays(random.Next(back == 0 ? today.Day : DateTime.DaysInMonth(month.Year, month.Month)));
                    var input = new ExpenseInput { Date = day.ToDateTime(TimeOnly.MinValue), Description = $"{category.Name} {i + 1}", Amount = random.Next(100, 10_000) / 100m, CategoryId = category.Id };
                    Check(await expenses.AddAsync(input, Guid.NewGuid()));
                }
            }
        }

        static void Check(object result)
        {
            var (succeeded, message) = result switch
            {
                IdentityResult identity => (identity.Succeeded, string.Join(" ", identity.Errors.Select(e => e.Description))),
                BudgetWeb.Common.Result app => (app.Succeeded, app.Message),
                _ => throw new ArgumentException(null, nameof(result)),
            };
            if (!succeeded)
            {
                throw new InvalidOperationException($"Seeding failed: {message}");
            }
        }
    }

    /// <summary>The Release (or Debug, as this benchmark was built) BudgetWeb.dll, run with `dotnet` as its own process.</summary>
    private sealed class ServerProcess : IDisposable
    {
        private readonly Process _process;
        private readonly Queue<string> _lastLines = new();

        private ServerProcess(Process process, string baseUrl)
        {
            _process = process;
            BaseUrl = baseUrl;
        }

        public string BaseUrl { get; }

        public int Pid => _process.Id;

        public static async Task<ServerProcess> StartAsync(string dataFolder)
        {
            // bin/<Configuration>/net10.0/ of this benchmark: the app was built beside it, in its own project's bin.
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = output.Parent!.Name;
            var root = output;
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "BudgetWeb.sln")))
            {
                root = root.Parent;
            }

            var project = Path.Combine(root?.FullName ?? throw new InvalidOperationException("BudgetWeb.sln not found above the benchmark's output."), "BudgetWeb");
            var dll = Path.Combine(project, "bin", configuration, output.Name, "BudgetWeb.dll");
            if (!File.Exists(dll))
            {
                throw new InvalidOperationException($"{dll} is missing: build the solution in {configuration} first.");
            }

            var port = FreePort();
            var start = new ProcessStartInfo("dotnet")
            {
                // The project folder as content root, as `dotnet run --project BudgetWeb` does.
                WorkingDirectory = project,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in new[] { dll, "--urls", $"http://127.0.0.1:{port}", "--environment", "Development", $"--Database:DataFolder={dataFolder}", "--Logging:LogLevel:Default=Warning" })
            {
                start.ArgumentList.Add(argument);
            }

            var server = new ServerProcess(Process.Start(start)!, $"http://127.0.0.1:{port}");
            server._process.OutputDataReceived += (_, e) => server.Keep(e.Data);
            server._process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
            server._process.BeginOutputReadLine();
            server._process.BeginErrorReadLine();
            await server.WaitUntilHealthyAsync();
            return server;
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        private void Keep(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_lastLines)
            {
                _lastLines.Enqueue(line);
                if (_lastLines.Count > 40)
                {
                    _lastLines.Dequeue();
                }
            }
        }

        private async Task WaitUntilHealthyAsync()
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < TimeSpan.FromMinutes(3))
            {
                if (_process.HasExited)
                {
                    break;
                }

                try
                {
                    if ((await http.GetAsync($"{BaseUrl}/health")).IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                await Task.Delay(250);
            }

            lock (_lastLines)
            {
                throw new InvalidOperationException($"The server did not answer at {BaseUrl}/health. Its last output:\n{string.Join('\n', _lastLines)}");
            }
        }

        /// <summary>After 3 s of quiet, the median of 5 working-set readings a second apart; then a full GC and the same again, with the heap it left.</summary>
        public async Task<Reading> ReadAsync()
        {
            await Task.Delay(3_000);
            var workingSet = await MedianWorkingSetAsync();
            var heap = await InduceFullGcAsync();
            await Task.Delay(2_000);
            return new Reading(workingSet, await MedianWorkingSetAsync(), heap);
        }

        private async Task<long> MedianWorkingSetAsync()
        {
            var readings = new List<long>();
            for (var i = 0; i < 5; i++)
            {
                if (i > 0)
                {
                    await Task.Delay(1_000);
                }

                readings.Add(WorkingSetKb());
            }

            return readings.Order().ElementAt(readings.Count / 2);
        }

        private long WorkingSetKb()
        {
            var line = File.ReadLines($"/proc/{Pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0]);
        }

        /// <summary>
        /// An EventPipe session with the runtime's GCHeapCollect keyword makes the server run a full blocking GC (as
        /// dotnet-gcdump does); its GCHeapStats event gives what survived it in every generation: the live objects. Null if none came.
        /// </summary>
        private async Task<long?> InduceFullGcAsync()
        {
            var provider = new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational,
                (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.GCHeapCollect));
            using var session = new DiagnosticsClient(Pid).StartEventPipeSession(provider, requestRundown: false);
            using var source = new EventPipeEventSource(session.EventStream);
            var fullGc = false;
            var heap = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            source.Clr.GCStart += e => fullGc |= e.Depth == 2;
            source.Clr.GCHeapStats += e =>
            {
                if (fullGc)
                {
                    // What survived the full GC: the live objects, without the free space the generations' sizes include.
                    heap.TrySetResult((e.TotalPromotedSize0 + e.TotalPromotedSize1 + e.TotalPromotedSize2 + e.TotalPromotedSize3 + e.TotalPromotedSize4) / 1024);
                }
            };
            var processing = Task.Run(source.Process);
            var finished = await Task.WhenAny(heap.Task, Task.Delay(TimeSpan.FromSeconds(60)));
            session.Stop();
            await processing;
            return finished == heap.Task ? heap.Task.Result : null;
        }

        /// <summary>
        /// With BUDGETWEB_CIRCUITS_DUMPS set to a folder, a heap dump of the server right after a reading (so after its
        /// full GC), to compare with `dotnet-dump analyze FILE -c "dumpheap -stat"`.
        /// </summary>
        public void DumpIfAsked(string name)
        {
            if (Environment.GetEnvironmentVariable("BUDGETWEB_CIRCUITS_DUMPS") is { Length: > 0 } folder)
            {
                Directory.CreateDirectory(folder);
                var path = Path.Combine(Path.GetFullPath(folder), $"{name.Replace(' ', '-')}.dmp");
                new DiagnosticsClient(Pid).WriteDump(DumpType.WithHeap, path);
                Console.WriteLine($"  heap dump: {path}");
            }
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }

            _process.Dispose();
        }
    }
}
