using BudgetWeb.Common;
using BudgetWeb.Components.Account;
using BudgetWeb.Data;
using BudgetWeb.Features.Accounts;
using BudgetWeb.Features.Undo;
using FluentValidation;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using MudBlazor.Services;

namespace BudgetWeb.Extensions;

public static class ApplicationServiceExtensions
{
    /// <summary>Everything BudgetWeb registers, so that Program.cs stays a list of steps.</summary>
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        Formatting.UseCulture(builder.Configuration["Budget:Culture"]);

        services.AddRazorComponents().AddInteractiveServerComponents();
        // Toasts stay 10 s when they offer Undo: bottom left, they cover neither the action buttons (top right) nor a dialog's (its bottom right).
        // Up to 10 at once (MudBlazor's default is 5): a sixth would wait unseen behind five Undo toasts.
        services.AddMudServices(config =>
        {
            config.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomLeft;
            config.SnackbarConfiguration.MaxDisplayedSnackbars = 10;
        });

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
        services.AddSingleton<DatabaseErrorTranslator>();
        services.AddSingleton<TransactionRunner>();
        services.AddScoped<CurrentUser>();
        services.AddScoped<AccountRegistration>();
        services.AddScoped<Features.Activity.ActivityLog>();
        services.AddScoped<Features.Admin.UserDirectory>();
        services.AddScoped<Features.Categories.CategoryService>();
        services.AddScoped<Features.Categories.CategoryAdmin>();
        services.AddScoped<Features.Categories.CategoryMerge>();
        services.AddScoped<Features.Budgets.BudgetService>();
        services.AddScoped<Features.Budgets.BudgetOverview>();
        services.AddScoped<Features.Expenses.ExpenseService>();
        services.AddScoped<Features.Transfers.TransferService>();
        services.AddScoped<Features.Import.ImportService>();
        services.AddUndo();
        services.AddScoped<DataChanges>();
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
        services.AddAuthorization();

        services.AddBudgetIdentityStores();
        services.AddSingleton<IEmailSender<ApplicationUser>, IdentityNoOpEmailSender>();
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

        // Keys live in the database, so every app instance behind a load balancer accepts every cookie.
        services.AddDataProtection().SetApplicationName("BudgetWeb").PersistKeysToDbContext<BudgetDbContext>();
        return services;
    }
}
