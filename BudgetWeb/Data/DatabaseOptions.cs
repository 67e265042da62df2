namespace BudgetWeb.Data;

public enum DatabaseProvider { Sqlite, SqlServer, PostgreSql }

/// <summary>The "Database" configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Folder of the SQLite file, relative to the app's content root unless absolute. Created if missing.</summary>
    public string DataFolder { get; set; } = "App_Data";

    public string SqliteFileName { get; set; } = "budgetweb.db";

    /// <summary>SQL Server and PostgreSQL: apply pending migrations at start-up (SQLite always does).</summary>
    public bool MigrateOnStartup { get; set; }

    /// <summary>
    /// How long a SQLite writer waits for another writer before giving up. 120 s, not 30: with 8 racing writers in two
    /// processes on a machine at load 60, 2 of 200 operations waited longer than 30 s and were refused as busy.
    /// </summary>
    public int BusyTimeoutSeconds { get; set; } = 120;
}
