using BudgetWeb.Extensions;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetWeb.Tests.Features;

public sealed class ValidatorRegistrationTests
{
    /// <summary>Two validators for one input and DI silently uses the last: the form and the service would check different rules.</summary>
    [Fact]
    public void Every_input_has_exactly_one_validator()
    {
        var services = new ServiceCollection().AddBudgetFeatures();

        var perInput = services.Where(s => s.ServiceType.IsGenericType && s.ServiceType.GetGenericTypeDefinition() == typeof(IValidator<>))
            .GroupBy(s => s.ServiceType.GetGenericArguments()[0].Name)
            .ToDictionary(g => g.Key, g => g.Count());

        Assert.NotEmpty(perInput);
        Assert.All(perInput, input => Assert.True(input.Value == 1, $"{input.Key} has {input.Value} validators"));
        Assert.Contains("ExpenseInput", perInput.Keys);
    }
}
