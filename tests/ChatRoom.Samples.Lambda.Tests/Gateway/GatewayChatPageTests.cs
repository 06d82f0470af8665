using System.Net;
using System.Text.Json;
using ChatRoom.Samples.Tests.Browser;
using ChatRoom.Samples.Tests.Hosting;

namespace ChatRoom.Samples.Lambda.Tests.Gateway;

/// <summary>
/// The ASP.NET Core sample's chat page, unchanged, in Chromium against the Lambda sample behind the local gateway, served
/// by the sample's page function and connected where its config answer says: the gateway's <c>/{stage}</c>, as on AWS.
/// </summary>
[Trait("Category", "Integration")]
public sealed class GatewayChatPageTests(GatewayBrowserFixture fixture) : IClassFixture<GatewayBrowserFixture>
{
    private static readonly HttpClient Http = new();

    [Fact]
    public Task Send_TwoPagesInOneRoom_EachSeesBothMessagesOwnOnce() => TwoPageConversation.PlayAsync(
        fixture.Browser,
        fixture.Host,
        [
            "Alice: Is the Lambda build deployed?",
            "Bob: sam deploy finished a minute ago.",
            "Alice: Then this message went through @connections.",
            "Bob: Et celui-ci aussi — à plus !",
        ],
        "lambda-chat.png");

    [Fact]
    public async Task Message_PostToThePageLost_ShownOnceInItsPlaceFilledFromHistory()
    {
        var dropper = LostFrameConversation.Dropper();
        await using var gateway = await GatewayHost.StartAsync(configureFunction: dropper.Install);

        await LostFrameConversation.PlayAsync(fixture.Browser, gateway, dropper);
    }

    [Fact]
    public Task Reconnect_GatewayDeletesTheConnection_ShowsMessagesSentMeanwhileExactlyOnce() => DroppedConnectionConversation.PlayAsync(
        fixture.Browser,
        fixture.Host,
        async (_, connectionId) =>
        {
            // What API Gateway does at two hours, or when the app disconnects a client: DELETE @connections/{id}.
            using var delete = await Http.SendAsync(await ManagementRequests.SignedAsync(HttpMethod.Delete, new Uri(fixture.Host.ConnectionsUri, Uri.EscapeDataString(connectionId))));
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        });

    [Fact]
    public async Task Open_ConfigNamesTheStageAndAKeepAlive_PageConnectsToTheStageAndPingsAfterThatSilence()
    {
        await using var gateway = await GatewayHost.StartAsync(["--ChatRoom:Page:KeepAliveSeconds=2"]);
        var sockets = new List<string>();
        var pinged = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);

        await using var page = await ChatPage.OpenAsync(fixture.Browser, gateway, "alice", Unique.Room("config"), context =>
        {
            context.Page += (_, opened) => opened.WebSocket += (_, socket) =>
            {
                lock (sockets)
                {
                    sockets.Add(socket.Url);
                }

                socket.FrameSent += (_, frame) =>
                {
                    if (frame.Text is { } text && JsonDocument.Parse(text).RootElement.GetProperty("action").GetString() == "ping")
                    {
                        pinged.TrySetResult(socket.Url);
                    }
                };
            };
            return Task.CompletedTask;
        });

        // The page's module pings only after keepAliveInterval without sending; the page's own default is 30 s.
        var pingedOn = await pinged.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var stageUrl = $"ws://{gateway.BaseAddress.Authority}/{GatewayHost.Stage}";
        var config = await page.Page.EvaluateAsync<JsonElement>("window.chatRoom.config()");
        Assert.Equal(stageUrl, config.GetProperty("webSocketUrl").GetString());
        Assert.Equal(2000, config.GetProperty("keepAliveMs").GetInt32());
        lock (sockets)
        {
            Assert.Equal([stageUrl + "?name=alice"], sockets);
        }

        Assert.Equal(stageUrl + "?name=alice", pingedOn);
    }

    [Fact]
    public async Task Open_ConfigWithoutAUrl_PageConnectsToTheSameOriginWs()
    {
        await using var gateway = await GatewayHost.StartAsync(["--ChatRoom:Page:WebSocketUrl="]);

        await using var page = await ChatPage.OpenAsync(fixture.Browser, gateway, "bob", Unique.Room("ws"));

        Assert.Equal($"ws://{gateway.BaseAddress.Authority}/ws?name=bob", await page.Page.EvaluateAsync<string>("window.chatRoom.socket().url"));
    }
}
