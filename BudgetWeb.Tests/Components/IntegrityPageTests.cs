using BudgetWeb.Components.Pages.Admin;
using BudgetWeb.Data.Entities;
using BudgetWeb.Tests.Infrastructure;
using Bunit;

namespace BudgetWeb.Tests.Components;

public sealed class IntegrityPageTests : ComponentTestBase
{
    [Fact]
    public async Task An_admin_runs_the_checks_and_sees_each_one_pass()
    {
        SignIn(await Database.CreateUserAsync("admin@example.com", admin: true));
        var page = Context.Render<IntegrityPage>();
        Assert.DoesNotContain("All checks passed", page.Markup);

        await page.ClickAsync("Run checks");

        page.WaitForAssertion(() => Assert.Equal("All checks passed", page.Find("[data-testid=integrity-summary]").TextContent.Trim()));
        var rows = page.FindAll("[data-testid=integrity-checks] tbody tr");
        Assert.Contains(rows, r => r.TextContent.Contains("Every transfer has its debit and credit"));
        Assert.Contains(rows, r => r.TextContent.Contains("SQLite foreign_key_check"));
        Assert.All(rows, r => Assert.Contains("OK", r.QuerySelector("td[data-label=Status]")!.TextContent));
    }

    [Fact]
    public async Task A_budget_that_disagrees_with_its_journal_is_shown_with_the_offending_row()
    {
        var admin = await Database.CreateUserAsync("admin@example.com", admin: true);
        var food = await Database.CreateCategoryAsync("Food");
        await using (var db = Database.CreateDbContext())
        {
            // Written around the journal, as a bug would: 5.00 allocated with no entry to explain it.
            db.BudgetAllocations.Add(new BudgetAllocation { UserId = admin.Id, CategoryId = food, Month = new DateOnly(2026, 3, 1), AmountCents = 500 });
            await db.SaveChangesAsync();
        }

        SignIn(admin);
        var page = Context.Render<IntegrityPage>();

        await page.ClickAsync("Run checks");

        page.WaitForAssertion(() => Assert.Matches(@"^1 of \d+ checks failed$", page.Find("[data-testid=integrity-summary]").TextContent.Trim()));
        var row = page.FindAll("[data-testid=integrity-checks] tbody tr").Single(r => r.TextContent.Contains("Every budget equals the sum of its journal"));
        Assert.Contains("1 problem", row.QuerySelector("td[data-label=Status]")!.TextContent);
        Assert.Contains("AmountCents = 500, JournalCents = 0", row.TextContent);
        Assert.DoesNotContain("All checks passed", page.Markup);
    }

    [Fact]
    public async Task A_member_is_refused_even_if_the_page_were_reached()
    {
        SignIn(await Database.CreateUserAsync("bob@example.com"));
        var page = Context.Render<IntegrityPage>();

        await page.ClickAsync("Run checks");

        page.WaitForAssertion(() => Assert.Contains("Only an administrator can run the integrity checks.", page.Markup));
        Assert.Empty(page.FindAll("[data-testid=integrity-checks]"));
    }
}
