using BudgetWeb.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BudgetWeb.Tests.EndToEnd;

/// <summary>The real app on Kestrel, on a free port, with its own new SQLite database made by the migrations at start-up.</summary>
public sealed class AppServer(string environment = "Development", Action<IWebHostBuilder>? configure = null) : WebApplicationFactory<Program>
{
    private readonly string _folder = TestDatabase.NewFolder();

    public string BaseUrl { get; private set; } = "";

    /// <param name="environment">"Production" to see what users of a deployed install see (error pages, no developer details).</param>
    /// <param name="configure">More for the host, e.g. a fault to provoke.</param>
    public static AppServer Start(string environment = "Development", Action<IWebHostBuilder>? configure = null)
    {
        var server = new AppServer(environment, configure);
        server.UseKestrel(0);
        server.StartServer();
        server.BaseUrl = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return server;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        // Outside Development the host doesn't serve the project's static web assets (MudBlazor's CSS, blazor.web.js) by itself.
        builder.UseStaticWebAssets();
        builder.UseSetting("Database:DataFolder", _folder);
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        configure?.Invoke(builder);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
