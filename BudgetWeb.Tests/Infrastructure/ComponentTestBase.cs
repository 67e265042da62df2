using System.Security.Claims;
using BudgetWeb.Data;
using BudgetWeb.Extensions;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Server.ProtectedBrowserStorage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using BudgetWeb.Tests.Components.Probes;
using MudBlazor;
using MudBlazor.Services;

namespace BudgetWeb.Tests.Infrastructure;

/// <summary>
/// bUnit with MudBlazor's services and the app's domain services over a real SQLite <see cref="TestDatabase"/>.
/// Disposed asynchronously: MudBlazor's services are async-disposable only.
/// </summary>
public abstract class ComponentTestBase : IAsyncLifetime
{
    static ComponentTestBase()
    {
        // How long WaitFor... waits for a render before calling the test failed: patience, not a speed requirement.
        // bUnit's default second was not enough on these shared 2-core machines, where a render can wait that long.
        BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(15);
    }

    private BunitAuthorizationContext _authorization = null!;

    protected BunitContext Context { get; } = new();
    protected TestDatabase Database { get; private set; } = null!;

    /// <summary>Set by <see cref="SeedHouseholdAsync"/>.</summary>
    protected TestUser Alice { get; private set; } = null!;
    protected int Food { get; private set; }
    protected int Fun { get; private set; }

    public virtual async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        var services = Context.Services;
        BudgetWeb.Components.Shared.BudgetMudLocalizer.AddBudgetMudServices(services);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.AddDataProtection();
        services.AddScoped<ProtectedLocalStorage>();
        services.AddScoped<ProtectedSessionStorage>();
        var factory = Database.Services.GetRequiredService<IDbContextFactory<BudgetDbContext>>();
        services.AddSingleton(factory);
        services.AddScoped(_ => factory.CreateDbContext()); // Identity's UserManager works through a scoped context
        services.AddBudgetIdentityStores();
        services.AddSingleton(Database.Services.GetRequiredService<BudgetWeb.Common.ChangeNotifier>()); // a change made "in another tab" reaches the page
        services.AddBudgetFeatures();
        _authorization = Context.AddAuthorization();

        // Last: it resolves services, after which bUnit accepts no more registrations.
        Context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));

        // The app's Data Protection key exists before a test takes its "before" snapshot, as in a running app: the
        // first draft a dialog keeps (protected session storage) must not show up as a database change.
        Context.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("BudgetWeb.Tests").Protect("warm-up");
    }

    /// <summary>What most page tests start from, like <see cref="ServiceTestBase"/>'s household: Alice, signed in, and the shared categories Food and Fun.</summary>
    protected async Task SeedHouseholdAsync()
    {
        Alice = await Database.CreateUserAsync("alice@example.com");
        Food = await Database.CreateCategoryAsync("Food");
        Fun = await Database.CreateCategoryAsync("Fun");
        SignIn(Alice);
    }

    /// <summary>Signs <paramref name="user"/> in for the components under test.</summary>
    protected void SignIn(TestUser user)
    {
        var authorization = _authorization;
        authorization.SetAuthorized(user.Email);
        if (user.IsAdmin)
        {
            authorization.SetRoles(Roles.Admin);
        }

        authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, user.Id));
    }

    /// <summary>Renders a page inside a host that also renders dialogs and toasts.</summary>
    protected IRenderedComponent<DialogHost> RenderHost<TPage>() where TPage : IComponent =>
        Context.Render<DialogHost>(p => p.AddChildContent<TPage>());

    /// <summary>Opens <typeparamref name="TDialog"/> the way a page does, in a host that renders it and its toasts.</summary>
    protected async Task<IRenderedComponent<DialogHost>> OpenAsync<TDialog>(DialogParameters<TDialog> parameters) where TDialog : ComponentBase
    {
        var host = Context.Render<DialogHost>();
        var dialogs = Context.Services.GetRequiredService<IDialogService>();
        await host.InvokeAsync(() => dialogs.ShowAsync<TDialog>("", parameters));
        return host;
    }

    public virtual async Task DisposeAsync()
    {
        await Context.DisposeAsync();
        await Database.DisposeAsync();
    }
}
