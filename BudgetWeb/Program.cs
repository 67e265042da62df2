using BudgetWeb.Components;
using BudgetWeb.Components.Account;
using BudgetWeb.Data;
using BudgetWeb.Extensions;
using BudgetWeb.Features.Integrity;

var builder = WebApplication.CreateBuilder(args);
builder.AddApplicationServices();
if (VerifyCommand.IsRequested(args))
{
    return await builder.RunVerifyAsync(Console.Out);
}

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
return 0;

public partial class Program;
