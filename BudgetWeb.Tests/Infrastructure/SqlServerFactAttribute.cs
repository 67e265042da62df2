namespace BudgetWeb.Tests.Infrastructure;

/// <summary>
/// A test against a live SQL Server. SQL Server can't run on the development machines (no Docker engine, no
/// server package), so these run wherever BUDGETWEB_TEST_SQLSERVER holds a connection string to a server on
/// which the test may create and drop databases.
/// </summary>
public sealed class SqlServerFactAttribute : FactAttribute
{
    public const string Variable = "BUDGETWEB_TEST_SQLSERVER";

    public SqlServerFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            Skip = $"Set {Variable} to a SQL Server connection string to run the live SQL Server tests.";
        }
    }

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable);
}
