using BudgetWeb.Data;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Integrity;

/// <summary>
/// <c>BudgetWeb verify</c>: the integrity checks for operators and cron, one line per check, exit code 0 when all
/// hold and 1 otherwise. The app is built (same configuration, same database) but the web server never starts,
/// and the database is only read: no migration, no file created.
/// </summary>
public static class VerifyCommand
{
    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == "verify";

    public static async Task<int> RunVerifyAsync(this WebApplicationBuilder builder, TextWriter output)
    {
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        await using var app = builder.Build();
        var options = app.Services.GetRequiredService<DatabaseOptions>();
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            var path = DatabaseServiceCollectionExtensions.SqliteFilePath(options, app.Environment.ContentRootPath);
            if (!File.Exists(path))
            {
                await output.WriteLineAsync($"FAIL  no database at {path}");
                return 1;
            }
        }

        try
        {
            var report = await app.Services.GetRequiredService<IntegrityCheck>().RunAsync();
            foreach (var check in report.Checks)
            {
                await output.WriteLineAsync(check.ToString());
            }

            await output.WriteLineAsync(report.AllPassed ? "All checks passed" : $"{report.Checks.Count(c => !c.Passed)} of {report.Checks.Count} checks failed");
            return report.AllPassed ? 0 : 1;
        }
        catch (Exception exception) when (exception is DbUpdateException or System.Data.Common.DbException or InvalidOperationException)
        {
            await output.WriteLineAsync($"FAIL  could not run the checks: {exception.Message}");
            return 1;
        }
    }
}
