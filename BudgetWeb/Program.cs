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
// Circuits' messages stay compressed, each on its own: keeping the compressor's state between messages (the default)
// held about 250 KB of native memory per open tab for as long as it stayed open (issue 13's circuits benchmark).
// A callback keeps Blazor's frame-ancestors 'self' policy, which compression needs.
app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options => options.ConfigureWebSocketAcceptContext = (_, accept) =>
{
    accept.DangerousEnableCompression = true;
    accept.DisableServerContextTakeover = true;
    return Task.CompletedTask;
});
app.MapAdditionalIdentityEndpoints();

app.Run();
return 0;

public partial class Program;
