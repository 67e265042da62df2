using BudgetWeb.Common;
using BudgetWeb.Features.Categories;
using BudgetWeb.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Tests.Features;

public sealed class CategoryServiceTests : ServiceTestBase
{
    private CategoryService Categories => As<CategoryService>(Alice);

    [Fact]
    public async Task Creating_a_category_makes_it_available_to_everyone_and_records_it()
    {
        var result = await Categories.CreateAsync(new CategoryInput { Name = "  Entertainment " }, Guid.NewGuid());

        Assert.Equal("Created category Entertainment.", result.Message);
        var seenByBob = await As<CategoryService>(Bob).ListAsync();
        Assert.Equal(["Entertainment", "Food", "Fun", "Rent"], seenByBob.Select(c => c.Name));
        await using var db = Database.CreateDbContext();
        Assert.Equal("Created category Entertainment.", (await db.Operations.SingleAsync()).Summary);
    }

    [Theory]
    [InlineData("food", "A category named 'food' already exists.")]
    [InlineData("FOOD ", "A category named 'FOOD' already exists.")]
    [InlineData("", "Name is required.")]
    [InlineData("   ", "Name is required.")]
    public async Task A_duplicate_or_blank_name_is_refused_and_changes_nothing(string name, string message)
    {
        await Database.AssertFailsAndChangesNothingAsync(
            () => Categories.CreateAsync(new CategoryInput { Name = name }, Guid.NewGuid()),
            message.StartsWith("A category") ? FailureKind.Duplicate : FailureKind.Validation,
            message);
    }

    [Fact]
    public async Task A_name_over_60_characters_is_refused()
    {
        await Database.AssertFailsAndChangesNothingAsync(
            () => Categories.CreateAsync(new CategoryInput { Name = new string('x', 61) }, Guid.NewGuid()),
            FailureKind.Validation,
            "Name can be at most 60 characters.");
    }

    [Fact]
    public async Task Two_people_creating_the_same_name_at_once_get_one_category_and_the_duplicate_message()
    {
        var results = await Task.WhenAll(
            Enumerable.Range(0, 8).Select(i => Task.Run(() => As<CategoryService>(i % 2 == 0 ? Alice : Bob)
                .CreateAsync(new CategoryInput { Name = i % 2 == 0 ? "Travel" : "TRAVEL" }, Guid.NewGuid()))));

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Matches("^A category named '(Travel|TRAVEL)' already exists\\.$", r.Message));
        await using var db = Database.CreateDbContext();
        Assert.Equal(1, await db.Categories.CountAsync(c => c.NormalizedName == "TRAVEL"));
    }
}
