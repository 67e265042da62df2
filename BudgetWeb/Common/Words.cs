namespace BudgetWeb.Common;

/// <summary>Small rules of English for messages built around names.</summary>
public static class Words
{
    /// <summary>"Food's", but "Utilities'": a name ending in s takes only the apostrophe.</summary>
    public static string Possessive(string name) => name.EndsWith('s') || name.EndsWith('S') ? $"{name}'" : $"{name}'s";
}
