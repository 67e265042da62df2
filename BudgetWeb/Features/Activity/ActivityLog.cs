using System.Text.RegularExpressions;
using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Activity;

public sealed record ActivityEntry(long Id, DateTime When, OperationKind Kind, string Summary)
{
    public string What => Humanize(Kind);

    private static string Humanize(OperationKind kind)
    {
        var words = Regex.Replace(kind.ToString(), "(?<!^)([A-Z])", " $1").ToLowerInvariant();
        return char.ToUpperInvariant(words[0]) + words[1..];
    }
}

public sealed record ActivityPage(IReadOnlyList<ActivityEntry> Entries, int TotalCount);

/// <summary>The signed-in user's own operations, newest first: the audit trail every change writes.</summary>
public sealed class ActivityLog(IDbContextFactory<BudgetDbContext> factory, CurrentUser currentUser)
{
    public async Task<ActivityPage> PageAsync(int pageIndex, int pageSize, CancellationToken cancellationToken = default)
    {
        var userId = await currentUser.GetIdAsync();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var mine = db.Operations.AsNoTracking().Where(o => o.UserId == userId);
        var total = await mine.CountAsync(cancellationToken);
        var entries = await mine
            .OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id)
            .Skip(pageIndex * pageSize).Take(pageSize)
            .Select(o => new ActivityEntry(o.Id, o.CreatedAt, o.Kind, o.Summary))
            .ToListAsync(cancellationToken);
        return new ActivityPage(entries, total);
    }
}
