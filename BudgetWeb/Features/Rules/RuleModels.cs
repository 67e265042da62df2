using BudgetWeb.Data;
using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Categories;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Features.Rules;

/// <summary>One of the user's rules as the Rules page and the import preview use it.</summary>
public sealed record RuleRow(long Id, int Position, RuleMatch Match, string Text, int CategoryId, string Category)
{
    public bool Matches(string description) => RuleText.Matches(Match, Text, description);

    /// <summary>"description contains 'SHELL' → Transport".</summary>
    public string Describe() => $"{RuleText.Condition(Match, Text)} → {Category}";

    /// <summary>The first rule, in the user's order, that matches the description; null when none does.</summary>
    public static RuleRow? First(IEnumerable<RuleRow> ordered, string description) => ordered.FirstOrDefault(r => r.Matches(description));
}

/// <summary>A rule exactly as stored: what an operation records before and after, so that it can be undone.</summary>
public sealed record RuleRecord(long Id, int Position, RuleMatch Match, string Text, int CategoryId, DateTime CreatedAt);

/// <summary>All of one user's rules before and after a change (a user has few rules; a reorder touches two).</summary>
public sealed record RulesChange(IReadOnlyList<RuleRecord> Before, IReadOnlyList<RuleRecord> After);

public static class RuleText
{
    /// <summary>Case and surrounding spaces don't matter: "shell " matches "SHELL 1234 HAMBURG".</summary>
    public static bool Matches(RuleMatch match, string text, string description)
    {
        var (needle, haystack) = (text.Trim(), description.Trim());
        return needle.Length > 0 && match switch
        {
            RuleMatch.Contains => haystack.Contains(needle, StringComparison.OrdinalIgnoreCase),
            RuleMatch.StartsWith => haystack.StartsWith(needle, StringComparison.OrdinalIgnoreCase),
            _ => haystack.Equals(needle, StringComparison.OrdinalIgnoreCase),
        };
    }

    public static string Name(RuleMatch match) => match switch
    {
        RuleMatch.Contains => "contains",
        RuleMatch.StartsWith => "starts with",
        _ => "equals",
    };

    public static string Condition(RuleMatch match, string text) => $"description {Name(match)} '{text.Trim()}'";

    /// <summary>
    /// The text a one-click rule matches: the description up to its first word with a digit in it (a card number, a
    /// date, a branch), so "SHELL 1234 HAMBURG" gives "SHELL"; the whole description when it starts with one.
    /// </summary>
    public static string Suggest(string description)
    {
        var words = description.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var leading = words.TakeWhile(w => !w.Any(char.IsDigit)).ToList();
        var text = leading.Count > 0 ? string.Join(' ', leading) : string.Join(' ', words);
        return text.Length <= CategorizationRule.TextMaxLength ? text : text[..CategorizationRule.TextMaxLength];
    }
}

/// <summary>What the rule form edits.</summary>
public sealed class RuleInput
{
    public RuleMatch Match { get; set; } = RuleMatch.Contains;
    public string Text { get; set; } = "";
    public int? CategoryId { get; set; }
}

public sealed class RuleInputValidator : AbstractValidator<RuleInput>
{
    public RuleInputValidator(IDbContextFactory<BudgetDbContext> factory)
    {
        RuleFor(x => x.Match).IsInEnum().WithMessage("Choose how the description is matched.");
        RuleFor(x => x.Text)
            .Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage("Text is required.")
            .Must(t => t is null || t.Trim().Length <= CategorizationRule.TextMaxLength).WithMessage($"Text can be at most {CategorizationRule.TextMaxLength} characters.");
        RuleFor(x => x.CategoryId).MustBeAnExistingCategory(factory);
    }
}
