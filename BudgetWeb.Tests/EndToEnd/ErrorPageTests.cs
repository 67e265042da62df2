using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BudgetWeb.Tests.EndToEnd;

/// <summary>What a deployed install (Production) shows for an unknown address and for a failure.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ErrorPageTests(BrowserFixture browser)
{
    private const string FailingPath = "/test-failure";

    [Fact]
    public async Task An_unknown_address_shows_the_apps_not_found_page_with_404_and_the_navigation()
    {
        await using var server = AppServer.Start("Production");
        var app = await BudgetWebPage.OpenAsync(browser.Browser, server);

        var anonymous = await app.Page.GotoAsync(server.BaseUrl + "/no-such-page");
        Assert.Equal(404, anonymous!.Status);
        await Expect(app.Heading("Not found")).ToBeVisibleAsync();
        await Expect(app.NavLink("Expenses")).ToBeVisibleAsync();

        await app.RegisterAsync("alice@example.com");
        var signedIn = await app.Page.GotoAsync(server.BaseUrl + "/no-such-page");
        Assert.Equal(404, signedIn!.Status);
        await Expect(app.Heading("Not found")).ToBeVisibleAsync();
        await Expect(app.NavLink("Categories")).ToBeVisibleAsync();
        await app.WaitUntilInteractiveAsync();
        await app.Page.Locator("a", new() { HasText = "Back to Summary" }).ClickAsync();
        await Expect(app.Heading("Summary")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_failure_in_production_shows_the_error_page_without_details()
    {
        await using var server = AppServer.Start("Production", builder =>
            builder.ConfigureServices(services => services.AddTransient<IStartupFilter, FailingAddress>()));
        var app = await BudgetWebPage.OpenAsync(browser.Browser, server);

        var response = await app.Page.GotoAsync(server.BaseUrl + FailingPath);

        Assert.Equal(500, response!.Status);
        await Expect(app.Heading("Error")).ToBeVisibleAsync();
        await Expect(app.Page.GetByText("Something went wrong while showing this page.")).ToBeVisibleAsync();
        await Expect(app.Page.GetByText("deliberate test failure")).ToHaveCountAsync(0);
        await Expect(app.Page.GetByRole(AriaRole.Link, new() { Name = "Back to Summary" })).ToBeVisibleAsync();
    }

    /// <summary>An address that throws, behind the app's own pipeline (so inside its exception handler).</summary>
    private sealed class FailingAddress : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((HttpContext context, RequestDelegate rest) =>
                context.Request.Path == FailingPath ? throw new InvalidOperationException("deliberate test failure") : rest(context));
        };
    }
}
