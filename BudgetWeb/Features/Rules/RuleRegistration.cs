using BudgetWeb.Features.Undo;

namespace BudgetWeb.Features.Rules;

public static class RuleRegistration
{
    /// <summary>The rules service, and the undoers the undo service finds among every registered <see cref="IUndoer"/>.</summary>
    public static IServiceCollection AddRules(this IServiceCollection services)
    {
        services.AddScoped<RuleService>();
        foreach (var undoer in RuleUndoer.All())
        {
            services.AddSingleton(undoer);
        }

        return services;
    }
}
