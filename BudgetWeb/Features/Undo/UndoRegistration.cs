using Microsoft.Extensions.DependencyInjection;

namespace BudgetWeb.Features.Undo;

public static class UndoRegistration
{
    /// <summary>The undo service and one undoer per kind of operation that can be undone.</summary>
    public static IServiceCollection AddUndo(this IServiceCollection services)
    {
        IEnumerable<IUndoer> undoers =
        [
            new TransferUndoer(),
            new BudgetSetUndoer(),
            new BudgetsCopiedUndoer(),
            .. ExpenseUndoer.All(),
            new MoveUndoer(),
            new ImportUndoer(),
            .. CategoryUndoer.All(),
            new MergeUndoer(),
            new CarryOverUndoer(),
        ];
        foreach (var undoer in undoers)
        {
            services.AddSingleton(undoer);
        }

        services.AddScoped<UndoService>();
        return services;
    }
}
