using System.Net.Http.Json;
using System.Net.WebSockets;

namespace BudgetWeb.Tests.EndToEnd;

/// <summary>What the browser's connection to a circuit is offered: compression per message, and no framing by other sites.</summary>
public sealed class CircuitConnectionTests
{
    private sealed record Negotiation(string ConnectionToken);

    [Fact]
    public async Task Circuit_messages_are_compressed_one_by_one_and_pages_may_only_be_framed_by_the_app_itself()
    {
        await using var server = AppServer.Start();
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };

        // Compression and framing by another site together would let that site guess what a page shows (Blazor's
        // security guidance), so every page says frame-ancestors 'self'.
        using var page = await http.GetAsync("/Account/Login");
        page.EnsureSuccessStatusCode();
        Assert.Contains("frame-ancestors 'self'", string.Join(" ", page.Headers.GetValues("Content-Security-Policy")));

        // The circuit's WebSocket, as blazor.web.js opens it: the server agrees to compress without keeping the
        // compressor's state from one message to the next (that state cost each open tab hundreds of KB).
        using var negotiate = await http.PostAsync("/_blazor/negotiate?negotiateVersion=1", null);
        negotiate.EnsureSuccessStatusCode();
        var token = (await negotiate.Content.ReadFromJsonAsync<Negotiation>())!.ConnectionToken;
        using var socket = new ClientWebSocket();
        socket.Options.DangerousDeflateOptions = new WebSocketDeflateOptions();
        socket.Options.CollectHttpResponseDetails = true;
        await socket.ConnectAsync(new Uri($"{server.BaseUrl.Replace("http", "ws")}/_blazor?id={token}"), CancellationToken.None);

        var extensions = string.Join(", ", socket.HttpResponseHeaders!["Sec-WebSocket-Extensions"]);
        Assert.Contains("permessage-deflate", extensions);
        Assert.Contains("server_no_context_takeover", extensions);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }
}
