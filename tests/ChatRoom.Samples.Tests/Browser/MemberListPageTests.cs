using ChatRoom.Samples.Tests.Clients;
using ChatRoom.Samples.Tests.Hosting;
using static Microsoft.Playwright.Assertions;

namespace ChatRoom.Samples.Tests.Browser;

/// <summary>A room whose member list does not fit one frame: the page pages the rest in and lists everyone once.</summary>
[Collection(BrowserCollectionDefinition.Name)]
[Trait("Category", "Integration")]
public sealed class MemberListPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Open_RoomWithMoreMembersThanOneFrameHolds_ListsEveryMemberOnce()
    {
        // 32 KB frames and 32-character names of 3-byte characters: about 100 members in joined, 200 a members page.
        const int Others = 400;
        var room = Unique.Room("crowd");
        await using var host = await SampleHost.StartAsync(
        [
            "--ChatRoom:WebSocket:MaxOutboundFrameBytes=32768",
            "--ChatRoom:ConnectionLimit:MaxConcurrentPerAddress=1000",
            "--ChatRoom:ConnectionLimit:PermitsPerWindow=1000",
        ]);
        var crowd = new List<ChatSocket>();
        try
        {
            for (var i = 0; i < Others; i++)
            {
                var member = await ChatSocket.ConnectAsync(host, $"{i:D3}" + new string('名', 29));
                await member.JoinAsync(room);
                crowd.Add(member);
            }

            await using var page = await ChatPage.OpenAsync(fixture.Browser, host, "Carol", room);

            await Expect(page.Members).ToHaveCountAsync(Others + 1);
            await Expect(page.Page.Locator("#member-count")).ToHaveTextAsync($"— {Others + 1}");
        }
        finally
        {
            foreach (var member in crowd)
            {
                await member.DisposeAsync();
            }
        }
    }
}
