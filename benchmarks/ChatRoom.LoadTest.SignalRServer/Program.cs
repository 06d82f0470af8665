using Microsoft.AspNetCore.SignalR;

// The SignalR reference server for the load test: one hub, one group, broadcast to the group.
// Clients that connect with ?room=1 join the group "bench"; others stay idle (the idle-memory scenario).
// With --Redis=host:port the hub runs on SignalR's Redis backplane, so several processes serve one group (the
// scale-out scenario); without it, one process as before.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var signalR = builder.Services.AddSignalR();
if (builder.Configuration["Redis"] is { Length: > 0 } redis)
{
    signalR.AddStackExchangeRedis(redis);
}

var app = builder.Build();
app.MapHub<BenchHub>("/hub");
app.MapGet("/healthz", () => "ok");
app.Run();

/// <summary>Broadcasts each text to the group, the sender included (like ChatRoom's acknowledgement).</summary>
internal sealed class BenchHub : Hub
{
    public override async Task OnConnectedAsync()
    {
        if (Context.GetHttpContext()?.Request.Query.ContainsKey("room") == true)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, "bench");
        }
    }

    public Task Send(string text) => Clients.Group("bench").SendAsync("message", text);
}
