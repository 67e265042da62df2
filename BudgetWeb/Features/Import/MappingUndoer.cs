using BudgetWeb.Common;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Undo;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Import;

/// <summary>
/// Undoes "Save mapping": the header's profile goes back to what it was (or away, if there was none); a redo saves it
/// again. Refused when the profile was changed since (another save, or an import that remembered its own mapping).
/// </summary>
public sealed class MappingUndoer : IUndoer
{
    public const string ChangedSince = "The mapping for files with this header was changed after this. Undo the later change first.";

    public OperationKind Kind => OperationKind.ImportMappingSaved;

    public async Task<Result> ApplyAsync(UndoContext context)
    {
        var (scope, saved) = (context.Scope, context.Details<MappingSaved>());
        var (from, to) = context.Redo ? (saved.Before, saved.After) : (saved.After, saved.Before);
        var profile = await scope.Db.ImportProfiles.FirstOrDefaultAsync(p => p.UserId == scope.UserId && p.HeaderHash == saved.HeaderHash, scope.CancellationToken);
        if (profile?.Format != from)
        {
            return Result.Fail(FailureKind.Conflict, ChangedSince);
        }

        if (to is null)
        {
            scope.Db.ImportProfiles.Remove(profile!);
        }
        else
        {
            profile ??= scope.Db.ImportProfiles.Add(new ImportProfile { UserId = scope.UserId, HeaderHash = saved.HeaderHash }).Entity;
            (profile.Format, profile.UpdatedAt) = (to, scope.Now);
        }

        await scope.Db.SaveChangesAsync(scope.CancellationToken);
        return Result.Ok("");
    }
}
