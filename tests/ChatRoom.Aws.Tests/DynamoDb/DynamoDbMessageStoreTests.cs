using ChatRoom.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ChatRoom.Aws.Tests.DynamoDb;

/// <summary>The DynamoDB message store passes the same contract as every other adapter.</summary>
[Collection(DynaliteGroup.Name)]
[Trait("Category", "Integration")]
public sealed class DynamoDbMessageStoreTests(DynaliteServer dynalite) : MessageStoreConformanceTests
{
    protected override async Task<IMessageStore> CreateStoreAsync() =>
        (await dynalite.GetSharedServicesAsync()).GetRequiredService<IMessageStore>();
}
