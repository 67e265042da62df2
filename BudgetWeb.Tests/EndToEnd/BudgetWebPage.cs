using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BudgetWeb.Tests.EndToEnd;

/// <summary>What a person does in BudgetWeb, step by step, found the way they find it: by labels, roles and texts.</summary>
public sealed class BudgetWebPage(IPage page, string baseUrl)
{
    public const string Password = "Correct-horse-9";

    public IPage Page { get; } = page;

    public static async Task<BudgetWebPage> OpenAsync(IBrowser browser, AppServer server)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseUrl });
        context.SetDefaultTimeout(30_000); // a wait for a condition, not a delay: generous for a loaded 2-core CI machine
        SetDefaultExpectTimeout(30_000); // the same for Expect(...), whose own default is 5 s
        return new BudgetWebPage(await context.NewPageAsync(), server.BaseUrl);
    }

    public ILocator Heading(string name) => Page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true });

    public ILocator NavLink(string name) =>
        Page.Locator(".mud-nav-link", new() { HasTextRegex = new System.Text.RegularExpressions.Regex($@"^\s*{System.Text.RegularExpressions.Regex.Escape(name)}\s*$") });

    public async Task GoToAsync(string path) => await Page.GotoAsync(baseUrl + path);

    /// <summary>
    /// The page's circuit is connected: the user menu is disabled until then. Pages show (prerendered) before they
    /// work; a click in that window may be lost, so every step waits for this first.
    /// </summary>
    public async Task WaitUntilInteractiveAsync() => await Expect(Page.Locator("[data-testid=user-menu] button")).ToBeEnabledAsync();

    /// <summary>Opens a section from the navigation, as a person would, once the current page works.</summary>
    public async Task OpenSectionAsync(string section, string? heading = null)
    {
        await WaitUntilInteractiveAsync();
        await NavLink(section).ClickAsync();
        await Expect(Heading(heading ?? section)).ToBeVisibleAsync();
        await WaitUntilInteractiveAsync();
    }

    public async Task RegisterAsync(string email)
    {
        await GoToAsync("/Account/Register");
        await Page.GetByLabel("Email").FillAsync(email);
        await Page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await Page.GetByLabel("Confirm Password").FillAsync(Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await Expect(Heading("Summary")).ToBeVisibleAsync();
        await WaitUntilInteractiveAsync();
    }

    public async Task SubmitLoginAsync(string email, string password)
    {
        await Page.GetByLabel("Email").FillAsync(email);
        await Page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
    }

    public ILocator Dialog => Page.GetByRole(AriaRole.Dialog);

    public ILocator Toast(string text) => Page.Locator(".mud-snackbar", new() { HasText = text });

    public ILocator ByTestId(string id) => Page.GetByTestId(id);

    /// <summary>Picks <paramref name="option"/> in the MudSelect labelled <paramref name="label"/> inside <paramref name="scope"/>.</summary>
    public async Task ChooseAsync(ILocator scope, string label, string option)
    {
        await scope.GetByLabel(label, new() { Exact = true }).ClickAsync();
        var choice = Page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true });
        await choice.ClickAsync();
        // The list closes when the server has taken the choice: a click on Save before that, on a busy machine, found
        // the dialog still open with the field empty.
        await Expect(choice).ToBeHiddenAsync();
    }

    public async Task CreateCategoryAsync(string name)
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "New category" }).ClickAsync();
        await Dialog.GetByLabel("Name").FillAsync(name);
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(Toast($"Created category {name}.")).ToBeVisibleAsync();
    }

    public async Task SetBudgetAsync(string category, string amount)
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = $"Set budget for {category}" }).ClickAsync();
        await Dialog.GetByLabel("Amount").FillAsync(amount);
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(Dialog).ToHaveCountAsync(0);
    }

    public async Task AddExpenseAsync(string description, string amount, string category)
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Add expense" }).ClickAsync();
        await Dialog.GetByLabel("Description").FillAsync(description);
        await Dialog.GetByLabel("Amount").FillAsync(amount);
        await ChooseAsync(Dialog, "Category", category);
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(Dialog).ToHaveCountAsync(0);
    }

    /// <summary>The amount shown in a table row's cell, e.g. the "Spent" of "Food" on the Categories or Summary page.</summary>
    public ILocator Cell(string rowText, string column) =>
        Page.Locator("tbody tr", new() { Has = Page.Locator("td", new() { HasTextRegex = new System.Text.RegularExpressions.Regex($"^{System.Text.RegularExpressions.Regex.Escape(rowText)}$") }) })
            .Locator($"td[data-label='{column}']");

    public async Task LogOutAsync()
    {
        await Page.Locator("[data-testid=user-menu] button").ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Expect(Heading("Log in")).ToBeVisibleAsync();
    }
}
