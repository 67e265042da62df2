using BudgetWeb.Common;
using BudgetWeb.Components.Account;
using BudgetWeb.Data;
using BudgetWeb.Features.Accounts;
using BudgetWeb.Features.Rules;
using BudgetWeb.Features.Undo;
using FluentValidation;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BudgetWeb.Extensions;

public static class ApplicationServiceExtensions
{
    /// <summary>Everything BudgetWeb registers, so that Program.cs stays a list of steps.</summary>
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        Formatting.UseCulture(builder.Configuration["Budget:Culture"]);

        services.AddRazorComponents().AddInteractiveServerComponents();
        Components.Shared.BudgetMudLocalizer.AddBudgetMudServices(services);

        services.AddBudgetDatabase();
        services.AddBudgetIdentity();
        services.AddHealthChecks().AddDbContextCheck<BudgetDbContext>();

        services.AddSingleton(TimeProvider.System);
        services.AddBudgetFeatures();
        return builder;
    }

    /// <summary>The domain services; tests register exactly these on top of a test database.</summary>
    public static IServiceCollection AddBudgetFeatures(this IServiceCollection services)
    {
        services.AddSingleton<IInsufficientFundsMessage, Features.Budgets.InsufficientFundsMessage>();
        services.AddSingleton<DatabaseErrorTranslator>();
        services.AddSingleton<TransactionRunner>();
        services.TryAddSingleton<ChangeNotifier>(); // Try: component tests share one with their test database
        services.AddScoped<CurrentUser>();
        services.AddScoped<AccountRegistration>();
        services.AddScoped<AccountDeletion>();
        services.AddScoped<AccountExport>();
        services.AddScoped<PasswordReset>();
        services.AddScoped<Features.Admin.UserAdministration>();
        services.AddScoped<Features.Activity.ActivityLog>();
        services.AddScoped<Features.Admin.UserDirectory>();
        services.AddScoped<Features.Categories.CategoryService>();
        services.AddScoped<Features.Categories.CategoryAdmin>();
        services.AddScoped<Features.Categories.CategoryMerge>();
        services.AddScoped<Features.Budgets.BudgetService>();
        services.AddScoped<Features.Budgets.BudgetOverview>();
        services.AddScoped<Features.Budgets.CarryOverService>();
        services.AddScoped<Features.Expenses.ExpenseService>();
        services.AddScoped<Features.Transfers.TransferService>();
        services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>().GetSection(Features.Import.ImportSettings.Section).Get<Features.Import.ImportSettings>() ?? new Features.Import.ImportSettings());
        services.AddScoped<Features.Import.ImportService>();
        services.AddSingleton<IUndoer>(new Features.Import.MappingUndoer());
        services.AddSingleton<Features.Integrity.IntegrityCheck>(); // no per-user state: the page passes the user in
        services.AddUndo();
        services.AddRules();
        services.AddScoped<Components.Shared.UndoToasts>();
        services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton);
        return services;
    }

    private static void AddBudgetIdentity(this IServiceCollection services)
    {
        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        // A member opening an admin address lands inside the app's layout, with its navigation and a way back.
        services.ConfigureApplicationCookie(options => options.AccessDeniedPath = "/access-denied");
        services.AddAuthorization();

        services.AddBudgetIdentityStores();
    }

    /// <summary>Identity's users, roles and sign-in, and Data Protection keys, over the one model; shared with the tests so both build the same schema.</summary>
    public static IServiceCollection AddBudgetIdentityStores(this IServiceCollection services)
    {
        services.AddIdentityCore<ApplicationUser>(options =>
            {
                // No mail server in a self-hosted household install: an account works as soon as it exists.
                options.SignIn.RequireConfirmedAccount = false;
                options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<BudgetDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        // No email here: an admin hands out a password reset link, which works once and for this long.
        services.Configure<DataProtectionTokenProviderOptions>(options => options.TokenLifespan = Features.Admin.UserAdministration.ResetLinkLifespan);

        // Keys live in the database, so every app instance behind a load balancer accepts every cookie.
        services.AddDataProtection().SetApplicationName("BudgetWeb").PersistKeysToDbContext<BudgetDbContext>();
        return services;
    }
}
