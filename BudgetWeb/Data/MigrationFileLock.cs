namespace BudgetWeb.Data;

/// <summary>
/// An operating-system lock on a file beside the SQLite database, held while this process migrates it. Unlike EF Core's
/// own SQLite migration lock (a row in <c>__EFMigrationsLock</c>, deleted when Migrate finishes), the operating system
/// releases it when its process dies, however it dies.
/// </summary>
public sealed class MigrationFileLock : IAsyncDisposable
{
    private readonly FileStream file;

    private MigrationFileLock(FileStream file) => this.file = file;

    /// <summary>Waits until no other process holds the lock for <paramref name="databasePath"/>, then holds it.</summary>
    public static async Task<MigrationFileLock> AcquireAsync(string databasePath, CancellationToken cancellationToken)
    {
        var path = databasePath + "-migrate-lock";
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive flock() on Unix and a sharing lock on Windows: one holder at a time.
                return new MigrationFileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken); // another process is migrating
            }
        }
    }

    public ValueTask DisposeAsync() => file.DisposeAsync(); // the file stays: deleting it would race a waiting process
}
