using ChatRoom.Aws.Tests.DynamoDb;
using ChatRoom.Samples.Tests.Conversations;

namespace ChatRoom.Samples.Lambda.Tests.Gateway;

/// <summary>
/// The serverless path carries every reply: the Lambda sample cuts joined and history replies to API Gateway's 128 KB
/// frame limit (a larger frame is refused by @connections, and the newcomer would never hear back).
/// </summary>
[Trait("Category", "Integration")]
public sealed class GatewayLongHistoryTests(DynaliteServer dynalite) : IClassFixture<DynaliteServer>
{
    [Fact]
    public async Task Join_AfterAFloodOfLongAccentedMessages_NewcomerGetsJoinedAndPagesThroughEverything()
    {
        await using var gateway = await StartAsync();

        Assert.Equal(LongHistory.AccentedFlood, await LongHistory.PlayAsync(gateway, LongHistory.AccentedFlood));
    }

    [Fact]
    public async Task Join_AfterAChineseConversation_NewcomerGetsJoinedAndPagesThroughEverything()
    {
        await using var gateway = await StartAsync();

        Assert.Equal(LongHistory.ChineseConversation, await LongHistory.PlayAsync(gateway, LongHistory.ChineseConversation));
    }

    private Task<GatewayHost> StartAsync() => GatewayHost.StartAsync(
    [
        $"--ChatRoom:DynamoDb:ServiceUrl={dynalite.ServiceUrl}",
        "--ChatRoom:DynamoDb:TableName=long-" + Guid.NewGuid().ToString("N")[..8],
    ]);
}
