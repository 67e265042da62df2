using System.Security.Claims;
using BudgetWeb.Data;
using Microsoft.AspNetCore.Components.Authorization;

namespace BudgetWeb.Common;

/// <summary>The signed-in user of this circuit. Services ask it rather than trusting ids passed in from a page.</summary>
public sealed class CurrentUser(AuthenticationStateProvider authentication)
{
    public async Task<ClaimsPrincipal> GetPrincipalAsync() => (await authentication.GetAuthenticationStateAsync()).User;

    public async Task<string> GetIdAsync() =>
        (await GetPrincipalAsync()).FindFirstValue(ClaimTypes.NameIdentifier)
        ?? throw new InvalidOperationException("No user is signed in; every page but the account pages requires login.");

    public async Task<bool> IsAdminAsync() => (await GetPrincipalAsync()).IsInRole(Roles.Admin);

    /// <summary>The one admin guard: null for an administrator, else a Forbidden failure saying <paramref name="refusal"/>.</summary>
    public async Task<Result<T>?> RefuseUnlessAdminAsync<T>(string refusal) =>
        await IsAdminAsync() ? null : Result.Fail<T>(FailureKind.Forbidden, refusal);

    public async Task<Result?> RefuseUnlessAdminAsync(string refusal) => await RefuseUnlessAdminAsync<object>(refusal);
}
