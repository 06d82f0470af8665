using Microsoft.Extensions.DependencyInjection;

namespace ChatRoom.Aws.Tests.DynamoDb;

[Collection(DynaliteGroup.Name)]
[Trait("Category", "Integration")]
public sealed class DynamoDbSmokeTests(DynaliteServer dynalite)
{
    [Fact]
    public async Task Stores_AgainstDynalite_RoundTripAMessage()
    {
        var table = "smoke-" + Guid.NewGuid().ToString("N")[..8];
        var services = new ServiceCollection().AddChatRoom().AddDynamoDb(o => { o.TableName = table; o.ServiceUrl = dynalite.ServiceUrl; }).Services.BuildServiceProvider();
        await services.EnsureChatRoomTableAsync();
        var messages = services.GetRequiredService<IMessageStore>();
        var sender = new ChatMember { ConnectionId = "c1", Name = "alice", UserId = "u1" };
        var first = await messages.AppendAsync(new NewChatMessage
        {
            Room = "general",
            Id = "m1",
            Sender = sender,
            Text = "hello",
            SentAt = DateTimeOffset.UnixEpoch,
            ClientMessageId = "cm-1",
        });
        var again = await messages.AppendAsync(new NewChatMessage
        {
            Room = "general",
            Id = "m2",
            Sender = sender,
            Text = "hello",
            SentAt = DateTimeOffset.UnixEpoch,
            ClientMessageId = "cm-1",
        });
        var page = await messages.GetLatestAsync("general", 10);

        Assert.Equal(1, first.Message.Seq);
        Assert.True(again.IsDuplicate);
        Assert.Equal(1, again.Message.Seq);
        Assert.Single(page.Messages);
    }
}
