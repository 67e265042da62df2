using System.Security.Claims;
using BudgetWeb.Data;
using BudgetWeb.Extensions;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BudgetWeb.Workload;

/// <summary>
/// BudgetWeb's data and domain services on the SQLite file in a data folder (or the database that
/// <c>--Database:Provider=...</c> settings name, as the app takes them), as the app registers them, without a web server.
/// </summary>
public sealed class WorkloadServices : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private WorkloadServices(ServiceProvider provider) => _provider = provider;

    public IServiceProvider Services => _provider;

    public IDbContextFactory<BudgetDbContext> Factory => _provider.GetRequiredService<IDbContextFactory<BudgetDbContext>>();

    /// <param name="migrate">Create and migrate the database as the app does at start-up; false opens it as it is (for checking after a crash).</param>
    /// <param name="settings">More configuration in the app's command-line form, <c>--Key=Value</c>.</param>
    public static async Task<WorkloadServices> OpenAsync(string dataFolder, bool migrate = true, IReadOnlyList<string>? settings = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Database:DataFolder"] = dataFolder })
            .AddCommandLine([.. settings ?? []])
            .Build());
        services.AddLogging(logging => logging.AddConsole().SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        services.AddBudgetDatabase();
        services.AddBudgetIdentityStores();
        services.AddBudgetFeatures();
        services.AddScoped<SignedInUser>();
        services.AddScoped<AuthenticationStateProvider>(sp => sp.GetRequiredService<SignedInUser>());
        var provider = services.BuildServiceProvider();
        if (migrate)
        {
            await provider.PrepareDatabaseAsync();
        }

        return new WorkloadServices(provider);
    }

    /// <summary>A scope in which <paramref name="user"/> is signed in, as in one browser circuit.</summary>
    public AsyncServiceScope As(WorkloadUser user)
    {
        var scope = _provider.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<SignedInUser>().User = user;
        return scope;
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Npgsql.NpgsqlConnection.ClearAllPools();
    }
}

public sealed record WorkloadUser(string Id, string Email, bool IsAdmin);

internal sealed class SignedInUser : AuthenticationStateProvider
{
    public WorkloadUser? User { get; set; }

    public override Task<AuthenticationState> GetAuthenticationStateAsync()
    {
        if (User is null)
        {
            return Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity())));
        }

        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, User.Id), new(ClaimTypes.Name, User.Email) };
        if (User.IsAdmin)
        {
            claims.Add(new Claim(ClaimTypes.Role, Roles.Admin));
        }

        return Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity(claims, "Workload"))));
    }
}
