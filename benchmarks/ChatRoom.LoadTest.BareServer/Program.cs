using ChatRoom.LoadTest.BareServer;

// The floor for the load test: a Kestrel WebSocket endpoint that copies each received text, as is, to every socket.
// No parsing, no storage, no JSON: one byte array per broadcast, one queue and one writer loop per socket.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton<Broadcaster>();
var app = builder.Build();
app.UseWebSockets();
app.MapGet("/healthz", () => "ok");
app.Map("/ws", static async (HttpContext context, Broadcaster broadcaster, IHostApplicationLifetime lifetime) =>
{
    if (!context.WebSockets.IsWebSocketRequest)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return;
    }

    using var socket = await context.WebSockets.AcceptWebSocketAsync();
    await broadcaster.RunAsync(socket, lifetime.ApplicationStopping);
});
app.Run();
