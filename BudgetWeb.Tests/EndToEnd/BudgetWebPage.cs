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
        context.SetDefaultTimeout(15_000);
        return new BudgetWebPage(await context.NewPageAsync(), server.BaseUrl);
    }

    public ILocator Heading(string name) => Page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true });

    public ILocator NavLink(string name) => Page.Locator(".mud-nav-link", new() { HasText = name });

    public async Task GoToAsync(string path) => await Page.GotoAsync(baseUrl + path);

    public async Task RegisterAsync(string email)
    {
        await GoToAsync("/Account/Register");
        await Page.GetByLabel("Email").FillAsync(email);
        await Page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await Page.GetByLabel("Confirm Password").FillAsync(Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await Expect(Heading("Summary")).ToBeVisibleAsync();
    }

    public async Task SubmitLoginAsync(string email, string password)
    {
        await Page.GetByLabel("Email").FillAsync(email);
        await Page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
    }

    public async Task LogOutAsync()
    {
        await Page.Locator("[data-testid=user-menu] button").ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Expect(Heading("Log in")).ToBeVisibleAsync();
    }
}
