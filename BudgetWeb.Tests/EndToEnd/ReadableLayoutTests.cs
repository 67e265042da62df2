using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BudgetWeb.Tests.EndToEnd;

/// <summary>On a laptop-sized screen: long text doesn't push columns away, and the charts can be read.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReadableLayoutTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_long_description_wraps_and_the_charts_axis_labels_are_readable()
    {
        await using var server = AppServer.Start();
        var app = await BudgetWebPage.OpenAsync(browser.Browser, server);
        await app.Page.SetViewportSizeAsync(1366, 768);
        await app.RegisterAsync("alice@example.com");
        await app.OpenSectionAsync("Categories");
        await app.CreateCategoryAsync("Food");
        await app.SetBudgetAsync("Food", "400");

        await app.OpenSectionAsync("Expenses");
        var longDescription = new string('W', 200);
        await app.AddExpenseAsync(longDescription, "12.50", "Food");

        var delete = app.Page.GetByRole(AriaRole.Button, new() { Name = $"Delete {longDescription}" });
        await Expect(delete).ToBeInViewportAsync(new() { Ratio = 1 });
        var scrollWidth = await app.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= 1366, $"The page scrolls sideways ({scrollWidth}px wide).");

        await app.OpenSectionAsync("Summary");
        var label = app.ByTestId("budget-chart").Locator("svg text", new() { HasText = "Food" }).First;
        await Expect(label).ToBeVisibleAsync(); // the chart lays itself out once it knows its width
        // ...and again when the page refreshes after a change, replacing its labels: wait for a laid-out label (read
        // afresh each time), then measure. A label that never reaches 12px fails below with its size.
        const string laidOut = "() => [...document.querySelectorAll('[data-testid=budget-chart] svg text')].some(t => t.textContent.includes('Food') && t.getBoundingClientRect().height >= 12)";
        try
        {
            await app.Page.WaitForFunctionAsync(laidOut, null, new() { Timeout = 30_000 });
        }
        catch (TimeoutException)
        {
            // Measured and reported below.
        }

        var height = await label.EvaluateAsync<double>("text => text.getBoundingClientRect().height");
        Assert.True(height >= 12, $"The chart's category label is {height}px tall.");
    }

    [Theory]
    [InlineData("components-reconnect-retrying", "Rejoin failed... trying again in")]
    [InlineData("components-reconnect-failed", "Failed to rejoin.")]
    public async Task The_reconnect_box_shows_one_message_at_a_time(string state, string message)
    {
        await using var server = AppServer.Start();
        var app = await BudgetWebPage.OpenAsync(browser.Browser, server);
        await app.GoToAsync("/Account/Login");

        // The classes Blazor puts on the box while it reconnects: "show" stays on when a later state is added.
        await app.Page.EvaluateAsync(@"state => {
            const box = document.getElementById('components-reconnect-modal');
            box.classList.add('components-reconnect-show', state);
            box.showModal();
        }", state);

        var visible = app.Page.Locator("#components-reconnect-modal p:visible");
        await Expect(visible).ToHaveCountAsync(1);
        await Expect(visible).ToContainTextAsync(message);
    }
}
