namespace ChatRoom.Aws.Tests.DynamoDb;

/// <summary>One dynalite process shared by every DynamoDB test class.</summary>
[CollectionDefinition(Name)]
public sealed class DynaliteGroup : ICollectionFixture<DynaliteServer>
{
    public const string Name = "dynalite";
}
