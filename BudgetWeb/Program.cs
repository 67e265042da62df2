using BudgetWeb.Components;
using BudgetWeb.Components.Account;
using BudgetWeb.Data;
using BudgetWeb.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddApplicationServices();

var app = builder.Build();
await app.Services.PrepareDatabaseAsync();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
    app.UseHsts();
}

app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);

// After the error and not-found handlers: their re-executed requests (/Error, /not-found) must pass through
// authorization too, or the endpoint's [AllowAnonymous] metadata makes them fail with a 500 of their own.
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapHealthChecks("/health");
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapAdditionalIdentityEndpoints();

app.Run();

public partial class Program;
