using System.Net;
using System.Net.WebSockets;
using ChatRoom.Aws.Tests.DynamoDb;
using ChatRoom.Samples.LocalGateway;
using ChatRoom.Samples.Tests.Clients;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace ChatRoom.Samples.Lambda.Tests.Gateway;

/// <summary>While the gateway starts (it listens before the function's first environment is built), upgrades are refused with 503 and Retry-After, never a 500.</summary>
[Trait("Category", "Integration")]
public sealed class GatewayStartupTests(DynaliteServer dynalite) : IClassFixture<DynaliteServer>
{
    [Fact]
    public async Task Upgrade_BeforeTheFunctionIsReady_Answers503WithRetryAfterThenConnects()
    {
        var building = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = GatewayApp.Build(
            [
                "--urls", "http://127.0.0.1:0",
                "--Logging:LogLevel:Default=Warning",
                $"--ChatRoom:DynamoDb:ServiceUrl={dynalite.ServiceUrl}",
                $"--ChatRoom:DynamoDb:TableName=startup-{Guid.NewGuid().ToString("N")[..8]}",
            ],
            configureFunction: _ =>
            {
                // The first cold start (LambdaServices.Build, synchronous) waits here while Kestrel already listens.
                if (building.TrySetResult())
                {
                    release.Task.Wait();
                }
            });
        var starting = Task.Run(() => app.StartAsync());
        try
        {
            await building.Task.WaitAsync(ChatSocket.Timeout);
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
            var chat = new Uri($"ws://{address.Authority}/{GatewayHost.Stage}?name=early");

            using var early = new ClientWebSocket();
            early.Options.CollectHttpResponseDetails = true;
            await Assert.ThrowsAsync<WebSocketException>(() => early.ConnectAsync(chat, CancellationToken.None));
            using var http = new HttpClient();
            using var upgrade = new HttpRequestMessage(HttpMethod.Get, new Uri(address, GatewayHost.Stage));
            upgrade.Headers.Connection.Add("Upgrade");
            upgrade.Headers.Upgrade.Add(new("websocket"));
            upgrade.Headers.Add("Sec-WebSocket-Version", "13");
            upgrade.Headers.Add("Sec-WebSocket-Key", Convert.ToBase64String(new byte[16]));
            using var refused = await http.SendAsync(upgrade);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, early.HttpStatusCode);
            Assert.Equal(["1"], early.HttpResponseHeaders!["Retry-After"]);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(WebSocketEndpoint.NotReadyMessage, await refused.Content.ReadAsStringAsync());

            release.SetResult();
            await starting;
            await using var ready = await ChatSocket.ConnectAsync(chat, "ready");
        }
        finally
        {
            release.TrySetResult();
            await starting;
        }

        await app.StopAsync();
    }
}
