using BudgetWeb.Common;
using BudgetWeb.Data;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Integrity;

/// <summary>One invariant's outcome: how many rows break it, and the first few of them, described.</summary>
public sealed record CheckOutcome(string Name, int Problems, IReadOnlyList<string> Examples)
{
    public bool Passed => Problems == 0;

    public override string ToString() => Passed ? $"OK    {Name}" : $"FAIL  {Name}: {Problems} problem(s), e.g. {string.Join("; ", Examples)}";
}

public sealed record IntegrityReport(IReadOnlyList<CheckOutcome> Checks)
{
    public bool AllPassed => Checks.All(c => c.Passed);
}

/// <summary>
/// Runs every invariant of <see cref="IntegrityRules"/> against the database, read-only. Used by the admin page,
/// the <c>verify</c> command and the reliability tests (crash, race, fuzz) as their oracle.
/// </summary>
public sealed class IntegrityCheck(IDbContextFactory<BudgetDbContext> factory, DatabaseErrorTranslator translator)
{
    public const string AdminsOnly = "Only an administrator can run the integrity checks.";

    public async Task<IntegrityReport> RunAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var outcomes = new List<CheckOutcome>();
        foreach (var rule in IntegrityRules.All.Where(r => r.Applies(db)))
        {
            var (problems, examples) = await rule.FindAsync(db, cancellationToken);
            outcomes.Add(new CheckOutcome(rule.Name, problems, examples));
        }

        return new IntegrityReport(outcomes);
    }

    /// <summary>For the admin page: the role is checked here too, not only on the page.</summary>
    public async Task<Result<IntegrityReport>> RunAsAdminAsync(CurrentUser currentUser, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RefuseUnlessAdminAsync<IntegrityReport>(AdminsOnly) is { } refused)
        {
            return refused;
        }

        IntegrityReport report;
        try
        {
            report = await RunAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var failure = await translator.TranslateAsync(exception, cancellationToken);
            return Result.Fail<IntegrityReport>(failure.Failure ?? FailureKind.Unexpected, failure.Message);
        }

        return Result.Ok(report, report.AllPassed ? "All checks passed" : $"{report.Checks.Count(c => !c.Passed)} checks failed");
    }
}
