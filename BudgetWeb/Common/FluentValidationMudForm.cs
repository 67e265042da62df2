using FluentValidation;

namespace BudgetWeb.Common;

/// <summary>One validator serves both the MudForm (field by field, as the user types) and the service (the whole input).</summary>
public static class FluentValidationMudForm
{
    /// <summary>For <c>&lt;MudForm Validation="@validator.ForMudForm()"&gt;</c>: validates just the field named by its For=.</summary>
    public static Func<object, string, Task<IEnumerable<string>>> ForMudForm<T>(this IValidator<T> validator) =>
        async (model, propertyPath) =>
        {
            var context = ValidationContext<T>.CreateWithOptions((T)model, options => options.IncludeProperties(propertyPath));
            var result = await validator.ValidateAsync(context);
            return result.IsValid ? [] : result.Errors.Select(error => error.ErrorMessage).ToArray();
        };

    /// <summary>
    /// For services: the first problem as a failed result, or null when the input is valid. Call it inside the unit of
    /// work: validators may read the database, and a failure there must reach the user as a message like any other.
    /// </summary>
    public static async Task<Result?> FindProblemAsync<T>(this IValidator<T> validator, T input, CancellationToken cancellationToken = default)
    {
        var result = await validator.ValidateAsync(input, cancellationToken);
        return result.IsValid ? null : Result.Fail(FailureKind.Validation, result.Errors[0].ErrorMessage);
    }
}
