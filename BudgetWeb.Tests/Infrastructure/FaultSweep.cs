using BudgetWeb.Common;

namespace BudgetWeb.Tests.Infrastructure;

/// <summary>
/// Proves an operation all-or-nothing: it fails the commit, then each database command in turn (1, 2, 3, ...),
/// and after every failure checks that the result carries the expected message and that the database is
/// byte-for-byte what it was. The first run in which no command was failed must succeed.
/// </summary>
public static class FaultSweep
{
    public static async Task<int> AssertEveryFailureChangesNothingAsync(TestDatabase database, Func<Task<Result>> operation, string expectedMessage)
    {
        var before = await database.SnapshotAsync();

        database.FailingCommit.FailNextCommit();
        var commitFailure = await operation();
        database.FailingCommit.Disarm();
        Assert.False(commitFailure.Succeeded, "The operation succeeded although its commit failed.");
        Assert.Equal(expectedMessage, commitFailure.Message);
        Assert.Equal(before, await database.SnapshotAsync());

        for (var command = 1; ; command++)
        {
            database.FailingCommands.FailCommand(command);
            var result = await operation();
            if (!database.FailingCommands.Triggered)
            {
                database.FailingCommands.Disarm();
                Assert.True(result.Succeeded, $"The operation failed without an injected fault: {result.Message}");
                return command - 1;
            }

            Assert.False(result.Succeeded, $"The operation succeeded although database command {command} failed.");
            Assert.Equal(expectedMessage, result.Message);
            Assert.Equal(before, await database.SnapshotAsync());
        }
    }
}
