using BudgetWeb.Common;
using BudgetWeb.Features.Budgets;
using BudgetWeb.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Tests.Reliability;

/// <summary><c>dotnet BudgetWeb.dll verify</c>, as an operator or cron runs it: one line per check, and the exit code.</summary>
public sealed class VerifyCommandTests : ServiceTestBase
{
    private async Task<(int ExitCode, string Output)> VerifyAsync(string folder)
    {
        // Development, as `dotnet run` starts it (its launch profile): the stricter service-provider checks are on.
        await using var process = ChildProcess.Start("BudgetWeb", ["verify", $"--Database:DataFolder={folder}"],
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" });
        var exitCode = await process.WaitForExitAsync(ChildProcess.Patience);
        return (exitCode, process.Output);
    }

    [Fact]
    public async Task Verify_prints_one_line_per_check_and_exits_0_when_all_hold()
    {
        await As<BudgetService>(Alice).SetAsync(new BudgetInput { CategoryId = Food, Month = March2026, Amount = 400m }, Guid.NewGuid());

        var (exitCode, output) = await VerifyAsync(Database.Folder);

        Assert.Equal(0, exitCode);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("OK    Every budget equals the sum of its journal", lines);
        Assert.Contains("OK    SQLite foreign_key_check", lines);
        Assert.Equal("All checks passed", lines[^1]);
        Assert.DoesNotContain("Now listening", output); // no web server started
    }

    [Fact]
    public async Task Verify_names_the_broken_invariant_and_exits_1()
    {
        await As<BudgetService>(Alice).SetAsync(new BudgetInput { CategoryId = Food, Month = March2026, Amount = 400m }, Guid.NewGuid());
        await using (var db = Database.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE BudgetAllocations SET AmountCents = 1");
        }

        SqliteConnection.ClearAllPools();

        var (exitCode, output) = await VerifyAsync(Database.Folder);

        Assert.Equal(1, exitCode);
        Assert.Contains("FAIL  Every budget equals the sum of its journal: 1 problem(s)", output);
        Assert.Contains("AmountCents = 1, JournalCents = 40000", output);
        Assert.StartsWith("1 of", output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
    }

    [Fact]
    public async Task Verify_of_a_folder_without_a_database_fails_and_creates_nothing()
    {
        var folder = TestDatabase.NewFolder();

        var (exitCode, output) = await VerifyAsync(folder);

        Assert.Equal(1, exitCode);
        Assert.Contains("FAIL  no database at", output);
        Assert.False(Directory.Exists(folder));
    }
}
