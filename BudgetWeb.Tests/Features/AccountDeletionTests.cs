using System.Globalization;
using System.Text;
using BudgetWeb.Common;
using BudgetWeb.Data;
using BudgetWeb.Features.Accounts;
using BudgetWeb.Features.Admin;
using BudgetWeb.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BudgetWeb.Tests.Features;

public sealed class AccountDeletionTests : AccountTestBase
{
    private AccountDeletion DeletionFor(TestUser user) => As<AccountDeletion>(user);

    /// <summary>
    /// Every table with a column pointing at a user, read from the EF model, so a table added later is checked too.
    /// The user row itself is included as AspNetUsers.Id.
    /// </summary>
    private List<(string Table, string Column)> UserColumns()
    {
        using var db = Database.CreateDbContext();
        var columns = db.Model.GetEntityTypes()
            .SelectMany(entity => entity.GetForeignKeys()
                .Where(fk => fk.PrincipalEntityType.ClrType == typeof(ApplicationUser))
                .Select(fk => (Table: entity.GetTableName()!, Column: fk.Properties.Single().GetColumnName())))
            .Distinct()
            .OrderBy(c => c.Table)
            .ToList();
        columns.Add(("AspNetUsers", "Id"));
        return columns;
    }

    private async Task<Dictionary<string, long>> RowsPointingAtAsync(TestUser user)
    {
        var counts = new Dictionary<string, long>();
        await using var connection = await OpenAsync();
        foreach (var (table, column) in UserColumns())
        {
            await using var count = connection.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM \"{table}\" WHERE \"{column}\" = $id";
            count.Parameters.AddWithValue("$id", user.Id);
            counts[$"{table}.{column}"] = (long)(await count.ExecuteScalarAsync())!;
        }

        return counts;
    }

    /// <summary>Every row of <paramref name="user"/>'s, their journal, and the shared categories, as text.</summary>
    private async Task<string> RowsOfAsync(TestUser user)
    {
        var queries = UserColumns().Select(c => $"SELECT * FROM \"{c.Table}\" WHERE \"{c.Column}\" = $id ORDER BY rowid").ToList();
        queries.Add("SELECT * FROM BudgetJournal WHERE AllocationId IN (SELECT Id FROM BudgetAllocations WHERE UserId = $id) ORDER BY Id");
        queries.Add("SELECT * FROM Categories ORDER BY Id");
        var text = new StringBuilder();
        await using var connection = await OpenAsync();
        foreach (var query in queries)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = query;
            select.Parameters.AddWithValue("$id", user.Id);
            await using var reader = await select.ExecuteReaderAsync();
            text.AppendLine(query);
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    text.Append(Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)).Append('|');
                }

                text.AppendLine();
            }
        }

        return text.ToString();
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection($"Data Source={Database.FilePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        return connection;
    }

    private async Task<int> DeletionRecordsAsync()
    {
        await using var db = Database.CreateDbContext();
        return await db.AccountDeletions.CountAsync();
    }

    [Fact]
    public async Task Deleting_removes_the_user_and_every_row_that_points_at_them_and_nothing_of_anyone_elses()
    {
        await SeedEverythingAsync(Alice, "Alice");
        await SeedIdentityRowsAsync(Alice);
        await SeedEverythingAsync(Bob, "Bob");
        await Database.CreateUserAsync("admin@example.com", admin: true);
        var before = await RowsPointingAtAsync(Alice);
        // Alice has a row in every such table, so none of them goes unchecked.
        Assert.All(before, table => Assert.True(table.Value > 0, $"the test gives Alice no row in {table.Key}"));
        var bobs = await RowsOfAsync(Bob);

        var result = await DeletionFor(Alice).DeleteAsync(Password, "ALICE@example.com ");

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal("Your account and everything it held have been deleted.", result.Message);
        Assert.All(await RowsPointingAtAsync(Alice), table => Assert.True(table.Value == 0, $"{table.Value} rows left in {table.Key}"));
        Assert.Equal(bobs, await RowsOfAsync(Bob));
        await using var db = Database.CreateDbContext();
        Assert.Equal(0, await db.BudgetJournal.CountAsync(j => !db.BudgetAllocations.Any(a => a.Id == j.AllocationId)));
        Assert.Equal(3, await db.Categories.CountAsync());
    }

    [Fact]
    public async Task The_installation_keeps_when_an_account_was_deleted_but_not_whose_and_admins_see_it()
    {
        var admin = await Database.CreateUserAsync("admin@example.com", admin: true);
        await SeedEverythingAsync(Alice, "Alice");

        Assert.True((await DeletionFor(Alice).DeleteAsync(Password, "alice@example.com")).Succeeded);

        await using var db = Database.CreateDbContext();
        var record = db.Model.FindEntityType(typeof(BudgetWeb.Data.Entities.AccountDeletionRecord))!;
        Assert.Equal(["DeletedAt", "Id"], record.GetProperties().Select(p => p.Name).Order());
        var deletedAt = Assert.Single(await db.AccountDeletions.Select(d => d.DeletedAt).ToListAsync());
        Assert.True(DateTime.UtcNow - deletedAt < TimeSpan.FromMinutes(5));
        var seen = await As<UserAdministration>(admin).DeletionsAsync();
        Assert.Equal([deletedAt], seen.Value!);
        Assert.Equal(UserAdministration.AdminsOnly, (await As<UserAdministration>(Bob).DeletionsAsync()).Message);
    }

    [Fact]
    public async Task A_wrong_password_or_email_is_refused_and_changes_nothing()
    {
        await SeedEverythingAsync(Alice, "Alice");

        await Database.AssertFailsAndChangesNothingAsync(() => DeletionFor(Alice).DeleteAsync("wrong-password", "alice@example.com"), FailureKind.Validation, AccountDeletion.WrongPassword);
        await Database.AssertFailsAndChangesNothingAsync(() => DeletionFor(Alice).DeleteAsync("", "alice@example.com"), FailureKind.Validation, AccountDeletion.WrongPassword);
        await Database.AssertFailsAndChangesNothingAsync(() => DeletionFor(Alice).DeleteAsync(Password, "bob@example.com"), FailureKind.Validation, AccountDeletion.WrongEmail);
        await Database.AssertFailsAndChangesNothingAsync(() => DeletionFor(Alice).DeleteAsync(Password, ""), FailureKind.Validation, AccountDeletion.WrongEmail);
        Assert.Equal(0, await DeletionRecordsAsync());
    }

    [Fact]
    public async Task The_only_administrator_cannot_delete_their_account_while_others_exist()
    {
        var admin = await Database.CreateUserAsync("admin@example.com", admin: true);
        await SetPasswordAsync(admin);

        await Database.AssertFailsAndChangesNothingAsync(() => DeletionFor(admin).DeleteAsync(Password, "admin@example.com"), FailureKind.Conflict,
            "You are the only administrator. Make someone else an administrator first.");

        Assert.True((await As<UserAdministration>(admin).MakeAdminAsync(Bob.Id, Guid.NewGuid())).Succeeded);
        Assert.True((await DeletionFor(admin).DeleteAsync(Password, "admin@example.com")).Succeeded);
    }

    [Fact]
    public async Task The_last_account_of_all_may_go_even_as_the_administrator()
    {
        Assert.True((await DeletionFor(Bob).DeleteAsync(Password, "bob@example.com")).Succeeded);
        await using (var db = Database.CreateDbContext())
        {
            await db.UserRoles.AddAsync(new() { UserId = Alice.Id, RoleId = Roles.AdminRoleId });
            await db.SaveChangesAsync();
        }

        Assert.True((await DeletionFor(Alice).DeleteAsync(Password, "alice@example.com")).Succeeded);

        await using var after = Database.CreateDbContext();
        Assert.False(await after.Users.AnyAsync());
        Assert.Equal(2, await after.AccountDeletions.CountAsync());
    }

    [Fact]
    public async Task Deleting_is_all_or_nothing_at_every_command_and_at_commit()
    {
        await SeedEverythingAsync(Alice, "Alice");
        await SeedIdentityRowsAsync(Alice);
        await SeedEverythingAsync(Bob, "Bob");
        await Database.CreateUserAsync("admin@example.com", admin: true);

        var commands = await FaultSweep.AssertEveryFailureChangesNothingAsync(Database, () => DeletionFor(Alice).DeleteAsync(Password, "alice@example.com"), UserMessages.Unexpected);

        Assert.True(commands >= 15, $"saw {commands} commands");
        Assert.All(await RowsPointingAtAsync(Alice), table => Assert.Equal(0, table.Value));
    }

    [Fact]
    public async Task A_deleted_account_cannot_be_deleted_again()
    {
        var deletion = DeletionFor(Alice);
        Assert.True((await deletion.DeleteAsync(Password, "alice@example.com")).Succeeded);

        await Database.AssertFailsAndChangesNothingAsync(() => deletion.DeleteAsync(Password, "alice@example.com"), FailureKind.NotFound, AccountDeletion.Gone);
    }
}
