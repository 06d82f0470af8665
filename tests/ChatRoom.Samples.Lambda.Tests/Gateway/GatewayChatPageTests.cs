using System.Net;
using ChatRoom.Samples.Tests.Browser;

namespace ChatRoom.Samples.Lambda.Tests.Gateway;

/// <summary>The ASP.NET Core sample's chat page, unchanged, in Chromium against the Lambda sample behind the local gateway.</summary>
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
}
