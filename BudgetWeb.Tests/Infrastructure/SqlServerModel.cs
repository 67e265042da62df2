using BudgetWeb.Data;
using BudgetWeb.Extensions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetWeb.Tests.Infrastructure;

/// <summary>
/// A SQL Server context built exactly as the app builds it, never connected: enough to compare the model with the
/// migrations and to read the SQL that SQL Server would be sent (ToQueryString, migration scripts).
/// </summary>
public static class SqlServerModel
{
    public const string OfflineConnectionString = "Server=localhost;Database=BudgetWeb;User Id=budget;Password=unused;TrustServerCertificate=True";

    public static ServiceProvider Services(string? connectionString = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "SqlServer",
            ["ConnectionStrings:SqlServer"] = connectionString ?? OfflineConnectionString,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddBudgetDatabase();
        services.AddBudgetIdentityStores();
        return services.BuildServiceProvider();
    }

    public static BudgetDbContext CreateContext(ServiceProvider services) =>
        services.GetRequiredService<IDbContextFactory<BudgetDbContext>>().CreateDbContext();
}
