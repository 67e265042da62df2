using BudgetWeb.Data;
using BudgetWeb.Features.Accounts;
using BudgetWeb.Features.Categories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetWeb.Workload;

/// <summary>The users and shared categories a workload acts on, created through the app's services when missing (so a restart after a kill simply carries on).</summary>
public sealed record Household(IReadOnlyList<WorkloadUser> Users, IReadOnlyDictionary<string, int> Categories)
{
    public const string Password = "Correct-horse-9";

    public WorkloadUser Admin => Users.First(u => u.IsAdmin);

    public static async Task<Household> EnsureAsync(WorkloadServices app, IReadOnlyList<string> emails, IReadOnlyList<string> categories)
    {
        foreach (var email in emails)
        {
            if (await FindAsync(app, email) is null)
            {
                await using var scope = app.Services.CreateAsyncScope();
                var user = new ApplicationUser { UserName = email, Email = email };
                var outcome = await scope.ServiceProvider.GetRequiredService<AccountRegistration>().RegisterAsync(user, Password);
                Require(outcome.Result);
            }
        }

        var users = new List<WorkloadUser>();
        foreach (var email in emails)
        {
            users.Add((await FindAsync(app, email))!);
        }

        await using (var scope = app.As(users[0]))
        {
            var service = scope.ServiceProvider.GetRequiredService<CategoryService>();
            var existing = (await service.ListAsync()).Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var name in categories.Where(n => !existing.Contains(n)))
            {
                Require(await service.CreateAsync(new CategoryInput { Name = name }, Guid.NewGuid()));
            }
        }

        await using var db = await app.Factory.CreateDbContextAsync();
        var ids = await db.Categories.Where(c => categories.Contains(c.Name)).ToDictionaryAsync(c => c.Name, c => c.Id);
        return new Household(users, ids);
    }

    private static async Task<WorkloadUser?> FindAsync(WorkloadServices app, string email)
    {
        await using var db = await app.Factory.CreateDbContextAsync();
        var normalized = email.ToUpperInvariant();
        return await db.Users.Where(u => u.NormalizedEmail == normalized)
            .Select(u => new WorkloadUser(u.Id, u.Email!, db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == Roles.AdminRoleId)))
            .FirstOrDefaultAsync();
    }

    private static void Require(Common.Result result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Setting up the household failed: {result}");
        }
    }
}
