using Microsoft.Playwright;

namespace BudgetWeb.Tests.EndToEnd;

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}

/// <summary>
/// One headless Chromium for all end-to-end tests: Debian's package (BudgetWeb.Tests/run.sh installs it),
/// never Playwright's own download, which can't reach the internet here.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // Expect(...) waits 5 s by default, apart from the context's 30 s: too short on a loaded shared 2-core machine.
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath(),
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }

    private static string ChromiumPath()
    {
        var configured = Environment.GetEnvironmentVariable("BUDGETWEB_CHROMIUM");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        return new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("Chromium is not installed. Run BudgetWeb.Tests/run.sh, which installs it, or set BUDGETWEB_CHROMIUM to a Chromium executable.");
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
