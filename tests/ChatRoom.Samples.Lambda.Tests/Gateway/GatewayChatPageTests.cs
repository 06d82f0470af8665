using ChatRoom.Samples.Tests.Browser;
using ChatRoom.Samples.Tests.Clients;
using ChatRoom.Samples.Tests.Hosting;
using static Microsoft.Playwright.Assertions;

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
    public async Task Reconnect_GatewayDeletesTheConnection_ShowsMessagesSentMeanwhileExactlyOnce()
    {
        var room = Unique.Room("deleted");
        // A fake clock: the page's reconnect timer only runs when the test lets time flow again.
        await using var alice = await ChatPage.OpenAsync(fixture.Browser, fixture.Host, "Alice", room, context => context.Clock.InstallAsync());
        await using var bob = await ChatSocket.ConnectAsync(fixture.Host, "Bob");
        await bob.JoinAsync(room);
        await bob.SendMessageAsync(room, "before the delete");
        await alice.ExpectMessageOnceAsync("before the delete");
        var connectionId = await alice.Page.Locator("#members > li.member.me").GetAttributeAsync("data-connection-id");
        Assert.NotNull(connectionId);

        var now = await alice.Page.EvaluateAsync<double>("Date.now()");
        await alice.Page.Clock.PauseAtAsync(DateTimeOffset.FromUnixTimeMilliseconds((long)now + 1000).UtcDateTime);
        // What API Gateway does at two hours, or when the app disconnects a client: DELETE @connections/{id}.
        using var delete = await Http.SendAsync(await ManagementRequests.SignedAsync(HttpMethod.Delete, new Uri(fixture.Host.ConnectionsUri, Uri.EscapeDataString(connectionId))));
        Assert.Equal(System.Net.HttpStatusCode.NoContent, delete.StatusCode);
        await Expect(alice.ConnectionState).ToHaveAttributeAsync("data-state", "reconnecting");
        string[] missed = ["sent while deleted 1", "sent while deleted 2"];
        foreach (var text in missed)
        {
            await bob.SendMessageAsync(room, text);
        }

        await Expect(alice.Messages).ToHaveCountAsync(1);
        await alice.Page.Clock.ResumeAsync();
        await Expect(alice.ConnectionState).ToHaveAttributeAsync("data-state", "online");
        await bob.SendMessageAsync(room, "back online");

        await alice.ExpectMessageOnceAsync("back online");
        await Expect(alice.Messages.Locator(".message-text")).ToHaveTextAsync(["before the delete", .. missed, "back online"]);
    }
}
