using ChatRoom.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ChatRoom.Aws.Tests.DynamoDb;

/// <summary>The DynamoDB connection store passes the same contract as every other adapter.</summary>
[Collection(DynaliteGroup.Name)]
[Trait("Category", "Integration")]
public sealed class DynamoDbConnectionStoreTests(DynaliteServer dynalite) : ConnectionStoreConformanceTests
{
    protected override async Task<IConnectionStore> CreateStoreAsync() =>
        (await dynalite.GetSharedServicesAsync()).GetRequiredService<IConnectionStore>();
}
