using ChatRoom.Samples.Tests.Conversations;
using ChatRoom.Samples.Tests.Hosting;

namespace ChatRoom.Samples.Tests;

/// <summary>
/// No client can make a room unjoinable: the in-process host's replies fit its frame limit, far under a socket's outbound
/// queue, however long the room's messages are.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ChatEndpointLongHistoryTests
{
    [Fact]
    public async Task Join_AfterAFloodOfLongAccentedMessages_NewcomerGetsJoinedAndPagesThroughEverything()
    {
        await using var host = await SampleHost.StartAsync();

        Assert.Equal(LongHistory.AccentedFlood, await LongHistory.PlayAsync(host, LongHistory.AccentedFlood));
    }

    [Fact]
    public async Task Join_AfterAChineseConversation_NewcomerGetsJoinedAndPagesThroughEverything()
    {
        await using var host = await SampleHost.StartAsync();

        Assert.Equal(LongHistory.ChineseConversation, await LongHistory.PlayAsync(host, LongHistory.ChineseConversation));
    }
}
