using BudgetWeb.Tests.Components.Probes;
using BudgetWeb.Tests.Infrastructure;
using Bunit;

namespace BudgetWeb.Tests.Components;

public sealed class FluentValidationAdapterTests : ComponentTestBase
{
    [Fact]
    public async Task The_validators_message_appears_under_the_field_and_goes_when_fixed()
    {
        var form = Context.Render<ProbeForm>();

        await form.InvokeAsync(() => form.Instance.Form.ValidateAsync());

        form.WaitForAssertion(() => Assert.Contains("Name is required.", form.Markup));
        Assert.False(form.Instance.Form.IsValid);

        form.Find("input").Input("Groceries");
        form.WaitForAssertion(() => Assert.Contains("Name must be 5 characters or fewer.", form.Markup));

        form.Find("input").Input("Food");
        form.WaitForAssertion(() =>
        {
            Assert.DoesNotContain("Name must be 5 characters or fewer.", form.Markup);
            Assert.DoesNotContain("Name is required.", form.Markup);
        });
    }
}
