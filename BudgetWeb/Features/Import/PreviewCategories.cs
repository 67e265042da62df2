using BudgetWeb.Data.Entities;
using BudgetWeb.Features.Rules;

namespace BudgetWeb.Features.Import;

/// <summary>
/// Which category each usable row of a preview goes to, in this order: the one the user chose for the row in the
/// preview; the file's own category when it exists; the first of the user's rules that matches the description;
/// otherwise the row has no category (empty: invalid; a new name: "unknown category").
/// </summary>
/// <param name="Categories">Every category, by id.</param>
public sealed class PreviewCategories(IReadOnlyDictionary<int, string> categories, IReadOnlyList<RuleRow> rules, IReadOnlyDictionary<int, int>? chosen)
{
    private readonly Dictionary<string, int> _byName = categories.ToDictionary(c => Category.Normalize(c.Value), c => c.Key);

    public PreviewRow Classify(CsvExpenseRow row, string? key, bool duplicate)
    {
        PreviewRow Row(ImportRowStatus status, string? reason, string category, int? categoryId = null, string? rule = null, bool canChange = false) =>
            new(row.Number, row.Date, row.Description, row.AmountCents, category, categoryId, row.Note, key, status, reason, row.RawDate, row.RawAmount, rule, canChange);

        if (row.Skipped)
        {
            return Row(ImportRowStatus.Skipped, row.Problem, row.Category);
        }

        if (row.Problem is not null)
        {
            return Row(ImportRowStatus.Invalid, row.Problem, row.Category);
        }

        if (duplicate)
        {
            return Row(ImportRowStatus.Duplicate, $"row {row.Number}: already imported", row.Category, FromFile(row));
        }

        var rule = RuleRow.First(rules, row.Description);
        if (chosen?.GetValueOrDefault(row.Number) is { } choice and > 0 && categories.TryGetValue(choice, out var chosenName))
        {
            return rule?.CategoryId == choice
                ? Row(ImportRowStatus.Ok, null, rule.Category, choice, rule.Describe(), canChange: true)
                : Row(ImportRowStatus.Ok, null, chosenName, choice, canChange: true);
        }

        if (FromFile(row) is { } fromFile)
        {
            return Row(ImportRowStatus.Ok, null, row.Category, fromFile, canChange: true);
        }

        if (rule is not null)
        {
            return Row(ImportRowStatus.Ok, null, rule.Category, rule.CategoryId, rule.Describe(), canChange: true);
        }

        return string.IsNullOrWhiteSpace(row.Category)
            ? Row(ImportRowStatus.Invalid, $"row {row.Number}: category is empty", "", canChange: true)
            : Row(ImportRowStatus.UnknownCategory, $"row {row.Number}: unknown category '{row.Category}'", row.Category, canChange: true);
    }

    private int? FromFile(CsvExpenseRow row) => _byName.TryGetValue(Category.Normalize(row.Category), out var id) ? id : null;
}
